// Layout helpers that keep generated Python within PEP 8's 79 columns.
import { pyString } from './escape.js';

/** A `def` line for a method taking `self` and `args`, wrapped with a hanging indent past 79 columns. */
export function defLine(name: string, args: string[], indent = '    '): string {
  const params = ['self', ...args];
  const flat = `${indent}def ${name}(${params.join(', ')}):`;
  if (flat.length <= 79) return flat;
  const open = `${indent}def ${name}(`;
  const lines: string[] = [];
  let line = open;
  for (const [i, p] of params.entries()) {
    const piece = p + (i < params.length - 1 ? ',' : '):');
    if (line !== open && line.length + 1 + piece.length > 79) {
      lines.push(line);
      line = ' '.repeat(open.length) + piece;
    } else {
      line = line === open ? line + piece : `${line} ${piece}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** A Python literal value; arrays become tuples. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * A Python literal for `value`, laid out like a person would: on one line when it fits in 79 columns,
 * otherwise one item a line with a trailing comma. `column` is where the literal starts.
 */
export function pyLiteral(value: PyValue, column = 0, indent = ''): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return pyString(value);
  const isTuple = Array.isArray(value);
  const [open, close] = isTuple ? ['(', ')'] : ['{', '}'];
  if (column === -Infinity) {
    const parts = (isTuple ? value.map((v) => pyLiteral(v, -Infinity)) : Object.entries(value).map(([k, v]) => `${pyString(k)}: ${pyLiteral(v, -Infinity)}`));
    return `${open}${parts.join(', ')}${isTuple && parts.length === 1 ? ',' : ''}${close}`;
  }
  const items: [string, PyValue][] = isTuple
    ? value.map((v) => ['', v])
    : Object.entries(value).map(([k, v]) => [`${pyString(k)}: `, v]);
  const flat = pyLiteral(value, -Infinity);
  if (column + flat.length <= 78 || items.length === 0) return flat;
  const inner = `${indent}    `;
  const lines = items.map(([k, v]) => `${inner}${k}${pyLiteral(v, inner.length + k.length + 1, inner)},`);
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}
