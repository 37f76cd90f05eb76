// Text as a person reads it: one-line messages with every invisible or deceptive character made visible, paths
// relative to where the user is, commands quoted for the shell, prose wrapped to a width. Every character class
// the project cares about is defined here once.
import { isAbsolute, relative } from 'node:path';

/** C0 and C1 control characters and DEL (a character class body, for composing patterns). */
export const CONTROL_CLASS = '\\u0000-\\u001f\\u007f-\\u009f';
/** Characters that end a line besides \n and \r: editors and terminals honour them. */
export const SEPARATOR_CLASS = '\\u2028\\u2029';
/** Marks, embeddings, overrides and isolates that reorder text on screen ("Trojan Source"). */
export const BIDI_CLASS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

/** A line break of any kind. */
export const LINE_BREAK = new RegExp(`[\\r\\n${SEPARATOR_CLASS}]`);
/** A character that cannot be seen or typed as it is: a control, a separator or a bidirectional mark. */
export const INVISIBLE = new RegExp(`[${CONTROL_CLASS}${SEPARATOR_CLASS}${BIDI_CLASS}]`);
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with control and bidirectional characters written as escapes (\n, \u001b, ...): always one line. */
export function visible(text: string): string {
  return text.replace(INVISIBLE_ALL, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value quoted for a message: `"9lives"`; long values are cut to their first `max` characters. */
export function quoted(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max - 3)}...` : value;
  return visible(JSON.stringify(cut));
}

/**
 * `path` as the user reads it from `cwd`: '.' for cwd itself, relative below it, absolute elsewhere; a relative
 * path that starts with '-' gets './' so that no command reads it as an option.
 */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.startsWith('-') ? `./${rel}` : rel;
}

/**
 * One word for a POSIX shell: as it is when that is safe, in single quotes otherwise, and in bash's $'...' when it
 * holds a character that cannot be shown as it is (a newline, an escape, a bidirectional override).
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./,:+=@%^-]+$/.test(word)) return word;
  if (!INVISIBLE.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return `$'${word.replace(/[\\']/g, (c) => `\\${c}`).replace(INVISIBLE_ALL, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** Wraps prose on spaces to lines of at most `width` characters, each prefixed by `indent`; keeps paragraphs. */
export function wrapText(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line ? indent + line : '');
  }
  return lines.join('\n');
}

/** Compares by UTF-16 code units: a stable order that does not start ICU's collator as localeCompare does. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Levenshtein distance, for "did you mean" on a misspelt name. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
