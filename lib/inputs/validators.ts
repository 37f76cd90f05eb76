// Pure validators for input values. Each returns why a value is not allowed, as a sentence fragment a person can
// act on, or undefined when it is allowed.
import { LINE_BREAK, quoted } from '../text.js';

/** Controls a one-line value may not hold: C0 (except tab) and DEL. C1 controls are kept, and escaped where they land. */
const TYPED_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const PEP440 = /^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$/;

export type Validator = (value: string) => string | undefined;

export function oneLine(what: string, max = 200): Validator {
  return (v) => {
    if (LINE_BREAK.test(v)) return `${what} must be one line`;
    if (TYPED_CONTROL.test(v)) return `${what} must not contain control characters`;
    if (v.length > max) return `${what} is longer than ${max} characters`;
    return undefined;
  };
}

export function emailProblem(v: string): string | undefined {
  return v === '' || (EMAIL.test(v) && v.length <= 254) ? undefined : `${quoted(v)} is not an e-mail address like name@example.org`;
}

export function urlProblem(v: string): string | undefined {
  if (v === '') return undefined;
  const line = oneLine('the URL', 2000)(v);
  if (line) return line;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `${quoted(v)} is not a URL: write it as https://host/path`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${quoted(v)} is not an http(s) URL`;
  if (/\s/.test(v)) return `${quoted(v)} contains white space`;
  // C1 controls too: the RPM spec's URL: tag takes one token, and a control character would split it.
  if (/[\u0080-\u009f]/.test(v)) return `${quoted(v)} contains a control character: percent-encode it`;
  return undefined;
}

export function pep440Problem(v: string): string | undefined {
  return PEP440.test(v) ? undefined : `${quoted(v)} is not a PEP 440 version like 1.0 or 2.1rc1`;
}

/** Why a YYYY-MM-DD date is not allowed, or undefined. */
export function isoDateProblem(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  // Date.UTC rolls 2025-02-30 over into March: a real date survives the round trip.
  const real = m !== null && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().startsWith(v);
  return real ? undefined : `${quoted(v)} is not a date like 2025-11-29`;
}

/** Today in the local time zone, as YYYY-MM-DD. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
