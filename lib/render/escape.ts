// Helpers that make user text safe for the place it lands in generated files.
// Templates use only these for user text: nothing typed by a user reaches code unescaped.
import { BIDI_CLASS, CONTROL_CLASS, LINE_BREAK, SEPARATOR_CLASS } from '../text.js';

// Characters kept out of Python source text even inside literals: controls (except where a helper allows
// them), line separators editors honour, bidirectional overrides ("Trojan Source"), a byte order mark and lone
// surrogates.
const RISKY = new RegExp(`[${CONTROL_CLASS}${SEPARATOR_CLASS}${BIDI_CLASS}\\ufeff]|[\\ud800-\\udfff]`, 'gu');
/** Line breaks and controls, which a one-line place (Markdown prose, an RPM tag) cannot hold. */
const BREAKING = new RegExp(`[${CONTROL_CLASS}${SEPARATOR_CLASS}]+`, 'g');
const LINE_BREAKS = new RegExp(`${LINE_BREAK.source}+`, 'g');

function codeEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
}

const SHORT: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** A Python string literal (single-quoted, as in the stock plugins) whose value is exactly `s`. */
export function pyString(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(RISKY, (ch) => SHORT[ch] ?? codeEscape(ch));
  return `'${body}'`;
}

/**
 * Text for the inside of a `"""` docstring (which the template must NOT make raw). Backslashes are escaped, and
 * so is any quote that could help close the docstring (one followed by a quote, or the last character);
 * newlines and tabs stay as they are.
 */
export function pyDocstring(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/"(?="|$)/g, '\\"')
    .replace(RISKY, (ch) => (ch === '\n' || ch === '\t' ? ch : SHORT[ch] ?? codeEscape(ch)));
}

/**
 * A Python string literal for `s`, split on spaces into adjacent literals on lines starting with `indent` so
 * that no line passes 79 columns (one character is left for a closing parenthesis). A word longer than a line
 * (a 64-character plugin name) is cut: adjacent literals join again.
 */
export function pyStringWrapped(s: string, indent: string): string {
  // Escaping is per character, so widths add up: one pass, whatever the length of `s`.
  const room = 78 - indent.length - 2;
  const width = (text: string) => pyString(text).length - 2;
  const chunks: string[] = [];
  let current = '';
  let used = 0;
  for (const word of s.split(/(?<= )/)) {
    const w = width(word);
    if (current && used + w > room) {
      chunks.push(current);
      current = '';
      used = 0;
    }
    if (used + w <= room || current === '' && w <= room) {
      current += word;
      used += w;
      continue;
    }
    for (const ch of word) {
      const c = width(ch);
      if (current && used + c > room) {
        chunks.push(current);
        current = '';
        used = 0;
      }
      current += ch;
      used += c;
    }
  }
  chunks.push(current);
  return chunks.map(pyString).join(`\n${indent}`);
}

/** One comment line's text (without the `# `): line breaks and controls become visible escapes. */
export function pyComment(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(RISKY, (ch) => SHORT[ch] ?? codeEscape(ch));
}

/** A TOML basic string whose value is exactly `s`. */
export function tomlString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(RISKY, (ch) => {
      if (SHORT[ch]) return SHORT[ch];
      const cp = ch.codePointAt(0)!;
      // TOML cannot carry lone surrogates at all; they become U+FFFD.
      if (cp >= 0xd800 && cp <= 0xdfff) return '\\uFFFD';
      return `\\u${cp.toString(16).padStart(4, '0')}`;
    });
  return `"${body}"`;
}

/** A JSON value. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Text for Markdown prose: one line, no HTML. */
export function mdText(s: string): string {
  return s.replace(LINE_BREAKS, ' ').replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

/**
 * Text for an RPM spec: a tag value (`Summary:`, `License:`, ...), a `%changelog` author or the middle of a
 * `%description` line. rpm expands macros everywhere, so `%` becomes `%%`; line breaks and other controls become
 * one space, since a new line would be read as a new tag or section. Not for the start of a line: after expansion
 * rpm drops a line that starts with `#` and reads one starting with `%files` (say) as a section, escaped or not.
 */
export function specText(s: string): string {
  return s.replace(BREAKING, ' ').replace(/%/g, '%%');
}
