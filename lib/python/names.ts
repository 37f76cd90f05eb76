// Python naming rules for the names that become packages, modules and classes.

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_NAME_LENGTH = 64;

/** Why `name` cannot be a Python identifier for a package, module or class, or undefined if it can. */
export function identifierProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (/^[0-9]/.test(name)) return 'it must start with a letter or underscore';
  if (!IDENTIFIER.test(name)) return 'it may contain only ASCII letters, digits and underscores';
  if (PYTHON_KEYWORDS.has(name)) return 'it is a Python keyword';
  if (/^__.*__$/.test(name)) return 'dunder names are reserved by Python';
  return undefined;
}

/** The identifier closest to a folder name: `my-cloud` -> `my_cloud`, `2go` -> `_2go`. */
export function toIdentifier(text: string): string {
  let id = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (id === '') return '';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (PYTHON_KEYWORDS.has(id)) id = `${id}_plugin`;
  return id.slice(0, MAX_NAME_LENGTH);
}
