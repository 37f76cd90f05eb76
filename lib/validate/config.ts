// A project's settings for `ifplugin validate`: the [tool.ifplugin.validate] table of pyproject.toml (plugins are
// Python projects), looked for from the working folder upward; the first pyproject.toml that has the table is
// the one. Its keys: select, ignore (arrays of rule ids or prefixes), max-warnings (an integer), strict (a
// boolean); the command line overrides each.
//
// Hand-written, on purpose: Node has no TOML parser, a dependency for four keys is not worth its weight, and
// Python's tomllib would tie the settings to a Python 3.11 (validate runs without Python, or with 3.6) and cost a
// process per run. This reads TOML's structure (tables, dotted and quoted keys, the four kinds of string, arrays,
// inline tables, comments) so that the table is found however it is written and nothing in a string is taken
// for it, and reads the values under tool.ifplugin.validate strictly: anything it does not expect there is a
// one-line error naming the file, the line and the key.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';

export interface ValidateSettings {
  select?: string[];
  ignore?: string[];
  maxWarnings?: number;
  strict?: boolean;
}

/** Settings as read, each with where it was written ("pyproject.toml:12"), for messages about its value. */
export interface FoundSettings {
  file: string;
  settings: ValidateSettings;
  where: Partial<Record<keyof ValidateSettings, string>>;
}

export const SETTINGS_FILE = 'pyproject.toml';
const TABLE = ['tool', 'ifplugin', 'validate'];
const TABLE_NAME = `[${TABLE.join('.')}]`;
const KEYS: Record<string, keyof ValidateSettings> = { select: 'select', ignore: 'ignore', 'max-warnings': 'maxWarnings', strict: 'strict' };

/** The settings of the first pyproject.toml with the table, from `cwd` upward; undefined when there is none. */
export function findSettings(cwd: string, show: (path: string) => string): FoundSettings | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, SETTINGS_FILE);
    if (existsSync(file)) {
      let text: string | undefined;
      try {
        text = readText(file, MiB);
      } catch (e) {
        if (!(e instanceof FileProblem)) throw e;
        throw new UsageError(`${show(file)} ${e.reason}: ifplugin validate looks for its ${TABLE_NAME} settings there`);
      }
      const found = text === undefined ? undefined : readSettings(text, show(file));
      if (found) return { file, ...found };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

type Value =
  | { kind: 'string'; value: string; at: number }
  | { kind: 'array'; items: Value[]; at: number }
  | { kind: 'table'; entries: [string[], Value, number][]; at: number }
  | { kind: 'other'; text: string; at: number };

/** The table's settings in a pyproject.toml's text, or undefined when it has none. `name`: the file, for messages. */
export function readSettings(text: string, name: string): Omit<FoundSettings, 'file'> | undefined {
  const reader = new Reader(text, name);
  let found = false;
  const settings: ValidateSettings = {};
  const where: FoundSettings['where'] = {};
  const under = (path: string[]) => TABLE.every((part, i) => path[i] === part);
  const take = (path: string[], value: Value, at: number): void => {
    if (!under(path)) return;
    found = true;
    const key = path.slice(TABLE.length);
    if (!key.length) {
      if (value.kind !== 'table') reader.fail(at, `${TABLE.join('.')} must be a table`);
      for (const [sub, v, subAt] of (value as Extract<Value, { kind: 'table' }>).entries) take([...path, ...sub], v, subAt);
      return;
    }
    const setting = key.length === 1 ? KEYS[key[0]] : undefined;
    const shown = `${TABLE_NAME} ${key.join('.')}`;
    if (!setting) reader.fail(at, `${shown}: unknown setting; the settings are ${Object.keys(KEYS).join(', ')}`);
    if (where[setting!]) reader.fail(at, `${shown} is given twice (also at ${where[setting!]})`);
    where[setting!] = `${name}:${reader.lineOf(at)}`;
    if (setting === 'select' || setting === 'ignore') {
      if (value.kind !== 'array' || value.items.some((i) => i.kind !== 'string')) {
        reader.fail(at, `${shown} must be an array of strings (rule ids or prefixes), e.g. ${key[0]} = ["info-target", "py-implicit-import"]`);
      }
      settings[setting] = (value as Extract<Value, { kind: 'array' }>).items.map((i) => (i as Extract<Value, { kind: 'string' }>).value);
    } else if (setting === 'maxWarnings') {
      const n = value.kind === 'other' && /^\+?(0|[1-9](_?[0-9])*)$/.test(value.text) ? Number(value.text.replace(/[_+]/g, '')) : NaN;
      if (!Number.isSafeInteger(n)) reader.fail(at, `${shown} must be a whole number of 0 or more, e.g. max-warnings = 0`);
      settings.maxWarnings = n;
    } else {
      if (value.kind !== 'other' || !['true', 'false'].includes(value.text)) reader.fail(at, `${shown} must be true or false`);
      settings.strict = (value as Extract<Value, { kind: 'other' }>).text === 'true';
    }
  };
  reader.document((header, isArray, at) => {
    if (!under(header)) return;
    found = true;
    if (isArray) reader.fail(at, `[[${header.join('.')}]] must be a single table: write ${TABLE_NAME}`);
    if (header.length > TABLE.length) reader.fail(at, `[${header.join('.')}]: unknown table; the settings go in ${TABLE_NAME}`);
  }, take);
  return found ? { settings, where } : undefined;
}

/** TOML's structure, read from the text with the position of every key. */
class Reader {
  private i = 0;
  private table: string[] = [];

  constructor(private readonly text: string, private readonly name: string) {}

  lineOf(at: number): number {
    let line = 1;
    for (let k = this.text.indexOf('\n'); k !== -1 && k < at; k = this.text.indexOf('\n', k + 1)) line++;
    return line;
  }

  fail(at: number, message: string): never {
    throw new UsageError(`${this.name}:${this.lineOf(at)}: ${message}`);
  }

  /** Calls `header` for each table header and `entry` for each key (with its table's path) and value. */
  document(header: (path: string[], isArray: boolean, at: number) => void, entry: (path: string[], value: Value, at: number) => void): void {
    const t = this.text;
    if (t.startsWith('\ufeff')) this.i = 1;
    while (this.blanks(true), this.i < t.length) {
      const at = this.i;
      if (t[this.i] === '[') {
        const isArray = t[this.i + 1] === '[';
        this.i += isArray ? 2 : 1;
        this.spaces();
        this.table = this.key();
        this.spaces();
        if (!t.startsWith(isArray ? ']]' : ']', this.i)) this.fail(this.i, 'a table header must end with ]');
        this.i += isArray ? 2 : 1;
        header(this.table, isArray, at);
      } else {
        const key = this.key();
        this.spaces();
        if (t[this.i] !== '=') this.fail(this.i, `expected = after the key ${key.join('.')}`);
        this.i++;
        this.spaces();
        entry([...this.table, ...key], this.value(), at);
      }
      this.spaces();
      if (t[this.i] === '#') this.comment();
      if (this.i < t.length && !this.newline()) this.fail(this.i, 'expected the end of the line');
    }
  }

  private spaces(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  private comment(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n' && this.text[this.i] !== '\r') this.i++;
  }

  private newline(): boolean {
    if (this.text.startsWith('\r\n', this.i)) this.i += 2;
    else if (this.text[this.i] === '\n') this.i++;
    else return false;
    return true;
  }

  /** Spaces, comments and (with `lines`) line breaks. */
  private blanks(lines: boolean): void {
    for (;;) {
      this.spaces();
      if (this.text[this.i] === '#') this.comment();
      if (!lines || !this.newline()) return;
    }
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.spaces();
      const c = this.text[this.i];
      if (c === '"' || c === "'") {
        const quoted = this.string(c);
        if (quoted.kind !== 'string') this.fail(this.i, 'a key cannot be a multi-line string');
        parts.push(quoted.value);
      } else {
        const bare = /[A-Za-z0-9_-]+/y;
        bare.lastIndex = this.i;
        const m = bare.exec(this.text);
        if (!m) this.fail(this.i, 'expected a key');
        parts.push(m![0]);
        this.i += m![0].length;
      }
      this.spaces();
      if (this.text[this.i] !== '.') return parts;
      this.i++;
    }
  }

  private value(): Value {
    const t = this.text;
    const at = this.i;
    const c = t[this.i];
    if (c === '"' || c === "'") return this.string(c);
    if (c === '[') {
      this.i++;
      const items: Value[] = [];
      for (;;) {
        this.blanks(true);
        if (t[this.i] === ']') break;
        items.push(this.value());
        this.blanks(true);
        if (t[this.i] === ',') this.i++;
        else if (t[this.i] !== ']') this.fail(this.i, 'expected , or ] in an array');
      }
      this.i++;
      return { kind: 'array', items, at };
    }
    if (c === '{') {
      this.i++;
      const entries: [string[], Value, number][] = [];
      this.spaces();
      while (t[this.i] !== '}') {
        const keyAt = this.i;
        const key = this.key();
        if (t[this.i] !== '=') this.fail(this.i, `expected = after the key ${key.join('.')}`);
        this.i++;
        this.spaces();
        entries.push([key, this.value(), keyAt]);
        this.spaces();
        if (t[this.i] === ',') {
          this.i++;
          this.spaces();
        } else if (t[this.i] !== '}') this.fail(this.i, 'expected , or } in an inline table');
      }
      this.i++;
      return { kind: 'table', entries, at };
    }
    // Numbers, booleans, dates and times (which may hold a space): up to what ends a value.
    const m = /[^,\]}#\r\n]*/y;
    m.lastIndex = this.i;
    const raw = m.exec(t)![0];
    const text = raw.trimEnd();
    if (!text) this.fail(this.i, 'expected a value');
    this.i += text.length;
    return { kind: 'other', text, at };
  }

  /** A string of any of TOML's four kinds, starting at its quote; multi-line ones are kept only as "other". */
  private string(quote: string): Value {
    const t = this.text;
    const at = this.i;
    const triple = quote.repeat(3);
    if (t.startsWith(triple, this.i)) {
      this.i += 3;
      for (;;) {
        if (this.i >= t.length) this.fail(at, 'a multi-line string is not closed');
        if (quote === '"' && t[this.i] === '\\') this.i += 2;
        else if (t.startsWith(triple, this.i)) break;
        else this.i++;
      }
      this.i += 3;
      // Up to two quotes right before the closing ones belong to the string.
      for (let n = 0; n < 2 && t[this.i] === quote; n++) this.i++;
      return { kind: 'other', text: t.slice(at, this.i), at };
    }
    this.i++;
    let value = '';
    for (;;) {
      const c = t[this.i];
      if (c === undefined || c === '\n' || c === '\r') this.fail(at, 'a string is not closed on its line');
      this.i++;
      if (c === quote) return { kind: 'string', value, at };
      if (c !== '\\' || quote === "'") {
        value += c;
        continue;
      }
      const e = t[this.i++];
      const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
      if (e in simple) value += simple[e];
      else if (e === 'u' || e === 'U') {
        const hex = t.slice(this.i, this.i + (e === 'u' ? 4 : 8));
        const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === (e === 'u' ? 4 : 8) ? parseInt(hex, 16) : NaN;
        if (!(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) this.fail(this.i, `\\${e}${hex} is not a valid escape`);
        value += String.fromCodePoint(code);
        this.i += hex.length;
      } else this.fail(this.i, `\\${e ?? ''} is not a valid escape in a string`);
    }
  }
}
