// Reading a plugin's Python source just enough to find what it defines and to edit `__init__.py` safely:
// logical lines with string literals and comments set apart. Not a parser; where the source is unusual, the
// callers refuse rather than guess.
import { PYTHON_KEYWORDS } from './names.js';

export interface LogicalLine {
  /** First and last physical line, 1-based. */
  first: number;
  last: number;
  /** Leading white space of the first physical line, in characters. */
  indent: number;
  /** The code, comments removed, continuation lines joined, each string literal's body emptied (`''`). */
  code: string;
  /** The bodies of the string literals, in order. */
  strings: string[];
  /** The comment ending the last physical line, from `#`. */
  comment?: string;
}

export interface ScannedSource {
  lines: LogicalLine[];
  /** False when the text ends inside a string, a bracket or a continuation: it is not valid Python. */
  complete: boolean;
}

const QUOTE = /['"]/;

export function scanPython(text: string): ScannedSource {
  const lines: LogicalLine[] = [];
  let physical = 1;
  let i = 0;
  let depth = 0;
  let current: LogicalLine | undefined;
  let complete = true;
  const n = text.length;

  while (i < n) {
    if (!current) {
      // Start of a logical line: measure the indent, skip blank and comment-only lines.
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) j++;
      if (j >= n) break;
      if (text[j] === '\n' || text[j] === '\r' || text[j] === '#') {
        const eol = text.indexOf('\n', j);
        if (eol === -1) break;
        i = eol + 1;
        physical++;
        continue;
      }
      current = { first: physical, last: physical, indent: j - i, code: '', strings: [] };
      i = j;
    }
    const c = text[i];
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      current.comment = text.slice(i, eol === -1 ? n : eol).replace(/\r$/, '');
      i = eol === -1 ? n : eol;
    } else if (QUOTE.test(c)) {
      // Prefixes (r, b, f, u) need no care: a raw string cannot end on an escaped quote either.
      const triple = text.startsWith(c.repeat(3), i);
      const open = triple ? 3 : 1;
      let j = i + open;
      let body = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '\\' && j + 1 < n) {
          body += text.slice(j, j + 2);
          if (text[j + 1] === '\n') physical++;
          j += 2;
          continue;
        }
        if (triple ? text.startsWith(c.repeat(3), j) : text[j] === c) {
          closed = true;
          j += open;
          break;
        }
        if (text[j] === '\n') {
          if (!triple) break; // an unterminated one-line string
          physical++;
        }
        body += text[j];
        j++;
      }
      if (!closed) complete = false;
      current.strings.push(body);
      current.code += `${c}${c}`;
      i = j;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      physical++;
      current.code += ' ';
      if (i >= n) complete = false;
    } else if (c === '\n') {
      if (depth > 0) {
        current.code += ' ';
        physical++;
        i++;
      } else {
        current.last = physical;
        current.code = current.code.trim();
        lines.push(current);
        current = undefined;
        physical++;
        i++;
      }
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      if (c !== '\r') current.code += c;
      i++;
    }
  }
  if (current) {
    current.last = physical;
    current.code = current.code.trim();
    lines.push(current);
  }
  if (depth > 0) complete = false;
  return { lines, complete };
}

/** A statement made only of string literals: a docstring, or text nobody binds anything with. */
function isBareString(line: LogicalLine): boolean {
  return /^(?:[A-Za-z]{0,2}(?:''|"")\s*)+$/.test(line.code);
}

/**
 * Names a module defines that a new class of the same name would clash with: `class X` at any depth, and
 * module-level `def X` and `X = ...` (imports are not definitions). Name -> lines.
 */
export function definedNames(text: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  const add = (name: string, line: number) => {
    // `else: x = 1` reads like an assignment to `else`; no keyword is a name anyway.
    if (!PYTHON_KEYWORDS.has(name)) found.set(name, [...(found.get(name) ?? []), line]);
  };
  for (const line of scanPython(text).lines) {
    for (const statement of line.code.split(';').map((s) => s.trim())) {
      const cls = /^class\s+([A-Za-z_]\w*)/.exec(statement);
      if (cls) add(cls[1], line.first);
      if (line.indent !== 0) continue;
      const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(statement);
      if (def) add(def[1], line.first);
      const assign = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]*)?=(?!=)/.exec(statement);
      if (assign) for (const name of assign[1].split(',')) add(name.trim(), line.first);
    }
  }
  return found;
}

/** The statement that makes `className` (in `<className>.py` beside `__init__.py`) the plugin's delegate. */
function exportStatement(className: string): string {
  return `from .${className} import ${className} as delegate_class`;
}

/**
 * The line that makes `className` the plugin's delegate, as a new line in `__init__.py`: the statement, and the
 * comment that tells flake8 the import is the module's purpose (F401, imported but unused, otherwise), as the
 * generated `__init__.py` has it (templates/app/src/__name__/__init__.py.ejs).
 */
export function exportLine(className: string): string {
  const line = `${exportStatement(className)}  # noqa: F401`;
  // A long class name makes the one line longer than PEP 8's 79 characters: flake8 is told that too (E501).
  return line.length > 79 ? line.replace('# noqa: F401', '# noqa: E501,F401') : line;
}

export type ExportEdit =
  | { action: 'create' | 'append' | 'rewrite'; text: string; line: number }
  | { action: 'unchanged'; line: number }
  | { action: 'refuse'; reason: string };

const ONE_LINE_EXPORT = /^from\s+(\.*[A-Za-z_][\w.]*|\.+)\s+import\s+\(?\s*([A-Za-z_]\w*)\s+as\s+delegate_class\s*\)?$/;
const ALL_LIST = /^__all__\s*(?:\+?=|\.(?:append|extend)\s*\()/;

/**
 * How to make `className` the plugin's `delegate_class` in `__init__.py` (undefined: there is none yet).
 * Only two edits are safe: rewriting the single one-line `from .X import Y as delegate_class` at module level,
 * or appending that line when nothing binds `delegate_class`. Anything else is refused with the reason.
 */
export function exportEdit(text: string | undefined, className: string): ExportEdit {
  const wanted = exportLine(className);
  if (text === undefined) return { action: 'create', text: `${wanted}\n`, line: 1 };
  const { lines, complete } = scanPython(text);
  if (!complete) return { action: 'refuse', reason: 'it ends inside a string or a bracket, so it is not valid Python' };
  const star = lines.find((l) => /\bimport\s+\*/.test(l.code));
  if (star) return { action: 'refuse', reason: `line ${star.first} is a star import, which may bind delegate_class too` };
  const inString = lines.find((l) => !isBareString(l) && !ALL_LIST.test(l.code) && l.strings.some((s) => s.includes('delegate_class')));
  if (inString) return { action: 'refuse', reason: `line ${inString.first} names delegate_class in a string, which may bind it dynamically` };
  const bindings = lines.filter((l) => /\bdelegate_class\b/.test(l.code));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const physical = text.split('\n');
  if (bindings.length === 0) {
    const body = text.trim() === '' ? '' : text.endsWith('\n') ? text : `${text}${eol}`;
    return { action: 'append', text: `${body}${wanted}${eol}`, line: body.split('\n').length };
  }
  if (bindings.length > 1) {
    return { action: 'refuse', reason: `delegate_class appears on lines ${bindings.map((l) => l.first).join(', ')}, and only a single binding can be rewritten` };
  }
  const [binding] = bindings;
  const where = `line ${binding.first}`;
  if (binding.indent !== 0) return { action: 'refuse', reason: `${where} binds delegate_class inside a block (a condition, a try or a function)` };
  if (binding.first !== binding.last) return { action: 'refuse', reason: `${where} binds delegate_class in a statement over several lines` };
  const match = ONE_LINE_EXPORT.exec(binding.code);
  if (!match || binding.code.includes(';')) {
    return { action: 'refuse', reason: `${where} binds delegate_class in a form other than "from .Module import Class as delegate_class"` };
  }
  if (match[1] === `.${className}` && match[2] === className) return { action: 'unchanged', line: binding.first };
  const old = physical[binding.first - 1];
  const cr = old.endsWith('\r') ? '\r' : '';
  const bom = old.startsWith('\uFEFF') ? '\uFEFF' : '';
  // The comment ifplugin writes (flake8's noqa) follows the line's new length; any other comment stays as it is.
  const generated = /^# noqa: (E501,)?F401$/.test(binding.comment ?? '');
  const comment = generated ? exportLine(className).slice(exportStatement(className).length).trim() : binding.comment ?? '';
  const gap = comment ? (/\s*$/.exec(old.replace(/\r$/, '').slice(0, -comment.length))![0] || '  ') : '';
  // The statement changes; the comment after it (such as the generated `# noqa: F401`) stays as it was.
  physical[binding.first - 1] = `${bom}${exportStatement(className)}${gap}${comment}${cr}`;
  return { action: 'rewrite', text: physical.join('\n'), line: binding.first };
}
