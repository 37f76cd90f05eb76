// How values a user typed appear in one-line messages: quoted, shortened, and with every character that
// could break the line or fool the terminal (controls, line separators, bidirectional overrides) made visible.

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with control and bidirectional characters written as escapes (\n, \u001b, ...): always one line. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value quoted for a message: `"9lives"`; long values are cut to their first `max` characters. */
export function quoted(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max - 3)}...` : value;
  return visible(JSON.stringify(cut));
}
