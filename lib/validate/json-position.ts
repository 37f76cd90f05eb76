// JSON with positions: parses text the way Python's `json.loads` does (ImageFactory reads `.info` files with
// `json.load`) and remembers where every value starts, so a finding about /targets/2 can say line:col.
// JSON.parse gives neither positions nor Python's error messages; this gives both, with Python's wording and
// Python's line/column counting, so what we print matches what the loader logs. Like Python, it accepts NaN,
// Infinity and -Infinity, and the last of duplicate keys wins.

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  /** `reason`: Python's json message, e.g. "Expecting ',' delimiter"; `offset`: a UTF-16 index into the text. */
  constructor(readonly reason: string, readonly offset: number) {
    super(`${reason} (offset ${offset})`);
  }
}

/** The JSON nests deeper than Python's json.load goes: it raises RecursionError instead. */
export class JsonDepthError extends JsonSyntaxError {
  override name = 'JsonDepthError';
}

export interface JsonWithPositions {
  value: unknown;
  /** Where each value starts, found by JSON pointer. */
  starts: Starts;
}

/**
 * The offset of the first character of every value, kept beside the parsed value: each array and object maps
 * its items to their offsets. No pointer string is built per value, so a file of a million values costs no
 * more than its parse; a pointer is walked only when a finding asks for it.
 */
export class Starts {
  /** @internal filled by the parser */
  readonly inside = new WeakMap<object, number[] | Map<string, number>>();
  /** @internal */
  rootStart = 0;
  constructor(private readonly root: () => unknown) {}

  /** Where the value at `pointer` (RFC 6901, "" for the root) starts; for a missing value, its nearest parent. */
  offset(pointer: string): number {
    let value = this.root();
    let at = this.rootStart;
    for (const raw of pointer.split('/').slice(1)) {
      const offsets = typeof value === 'object' && value !== null ? this.inside.get(value) : undefined;
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const next = Array.isArray(offsets) ? (/^(0|[1-9][0-9]*)$/.test(token) ? offsets[Number(token)] : undefined) : offsets?.get(token);
      if (next === undefined) break;
      at = next;
      value = (value as Record<string, unknown>)[token];
    }
    return at;
  }
}

export interface Position {
  line: number;
  col: number;
}

/**
 * How many nested arrays and objects ImageFactory's loader reads. Python's json.load counts each against the
 * recursion limit (1000 by default) on top of the calls already on the stack; the real PluginManager.load(),
 * called as the imagefactory command calls it (Application(), a Singleton, -> load -> metadata_for_plugin ->
 * json.load), reads 989 levels and fails on 990 (measured with ImageFactory 1.1.16 on Python 3.11; a test
 * repeats the measurement).
 */
export const PYTHON_JSON_DEPTH = 989;
const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const CONSTANTS: [string, unknown][] = [['null', null], ['true', true], ['false', false], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]];

export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Parses like Python's json.loads; throws JsonSyntaxError with Python's message and position. */
export function parseJsonWithPositions(text: string): JsonWithPositions {
  let result: unknown;
  const starts = new Starts(() => result);
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WS.has(text[i])) i++;
  };

  function string(): string {
    const quote = i++;
    let out = '';
    for (;;) {
      const start = i;
      while (i < text.length && text[i] !== '"' && text[i] !== '\\' && text.charCodeAt(i) > 0x1f) i++;
      out += text.slice(start, i);
      if (i >= text.length) throw new JsonSyntaxError('Unterminated string starting at', quote);
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c !== '\\') throw new JsonSyntaxError('Invalid control character at', i);
      if (i + 1 >= text.length) throw new JsonSyntaxError('Unterminated string starting at', quote);
      const e = text[i + 1];
      if (e !== 'u') {
        if (!(e in ESCAPES)) throw new JsonSyntaxError('Invalid \\escape', i);
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      const hex = text.slice(i + 2, i + 6);
      if (i + 6 >= text.length || !/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('Invalid \\uXXXX escape', i + 1);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    }
  }

  /** `depth`: how many arrays and objects enclose this value. */
  function value(depth: number): unknown {
    if (i >= text.length) throw new JsonSyntaxError('Expecting value', i);
    if ((text[i] === '[' || text[i] === '{') && depth + 1 > PYTHON_JSON_DEPTH) {
      throw new JsonDepthError('maximum recursion depth exceeded while decoding a JSON document', i);
    }
    const c = text[i];
    if (c === '"') return string();
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    for (const [word, v] of CONSTANTS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw new JsonSyntaxError('Expecting value', i);
    i += m[0].length;
    return Number(m[0]);
  }

  function object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const offsets = new Map<string, number>();
    starts.inside.set(out, offsets);
    i++;
    skip();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      if (text[i] !== '"') throw new JsonSyntaxError('Expecting property name enclosed in double quotes', i);
      const key = string();
      skip();
      if (text[i] !== ':') throw new JsonSyntaxError("Expecting ':' delimiter", i);
      i++;
      skip();
      // defineProperty: a "__proto__" key is data, as in Python, not the prototype.
      offsets.set(key, i); // the last of duplicate keys wins, as its value does
      Object.defineProperty(out, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
      skip();
      if (text[i] === '}') {
        i++;
        return out;
      }
      if (text[i] !== ',') throw new JsonSyntaxError("Expecting ',' delimiter", i);
      i++;
      skip();
    }
  }

  function array(depth: number): unknown[] {
    const out: unknown[] = [];
    const offsets: number[] = [];
    starts.inside.set(out, offsets);
    i++;
    skip();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      offsets.push(i);
      out.push(value(depth + 1));
      skip();
      if (text[i] === ']') {
        i++;
        return out;
      }
      if (text[i] !== ',') throw new JsonSyntaxError("Expecting ',' delimiter", i);
      i++;
      skip();
    }
  }

  if (text.startsWith('\ufeff')) throw new JsonSyntaxError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  skip();
  starts.rootStart = i;
  result = value(0);
  skip();
  if (i !== text.length) throw new JsonSyntaxError('Extra data', i);
  return { value: result, starts };
}

/**
 * Turns UTF-16 offsets into 1-based line and column, counted as Python counts them: columns in code points. The
 * line starts and the astral characters are indexed once, so locating every finding of a file is linear overall.
 */
export class Locator {
  private readonly lineStarts: number[] = [0];
  /** Offsets of the high halves of surrogate pairs: each is one code point in two UTF-16 units. */
  private readonly astral: number[] = [];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) this.astral.push(i++);
    }
  }

  position(offset: number): Position {
    const line = upperBound(this.lineStarts, offset);
    const start = this.lineStarts[line - 1];
    const pairs = upperBound(this.astral, offset - 2) - upperBound(this.astral, start - 1);
    return { line, col: offset - start - pairs + 1 };
  }
}

/** How many of the sorted `values` are <= `x`. */
function upperBound(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 1-based line and column of one UTF-16 offset (for many, build one Locator). */
export function lineColumn(text: string, offset: number): Position {
  return new Locator(text).position(offset);
}

/** Where the value at `pointer` starts; for a missing value, where its nearest existing parent starts. */
export function locatePointer(locator: Locator, starts: Starts, pointer: string): Position {
  return locator.position(starts.offset(pointer));
}
