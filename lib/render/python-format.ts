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
  // Each value's one-line form is made once (the layout asks for it at every level: quadratic otherwise).
  const flats = new Map<object, string>();
  const flat = (v: PyValue): string => {
    if (v === null) return 'None';
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return pyString(v);
    let text = flats.get(v);
    if (text === undefined) {
      const parts = Array.isArray(v) ? v.map(flat) : Object.entries(v).map(([k, x]) => `${pyString(k)}: ${flat(x)}`);
      text = Array.isArray(v) ? `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})` : `{${parts.join(', ')}}`;
      flats.set(v, text);
    }
    return text;
  };
  const layout = (v: PyValue, col: number, ind: string): string => {
    const one = flat(v);
    if (v === null || typeof v !== 'object') return one;
    const items: [string, PyValue][] = Array.isArray(v) ? v.map((x) => ['', x]) : Object.entries(v).map(([k, x]) => [`${pyString(k)}: `, x]);
    if (col + one.length <= 78 || items.length === 0) return one;
    const inner = `${ind}    `;
    const lines = items.map(([k, x]) => `${inner}${k}${layout(x, inner.length + k.length + 1, inner)},`);
    const [open, close] = Array.isArray(v) ? ['(', ')'] : ['{', '}'];
    return `${open}\n${lines.join('\n')}\n${ind}${close}`;
  };
  return layout(value, column, indent);
}
