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
  /** JSON pointer (RFC 6901, "" for the root) -> offset of the first character of that value. */
  starts: Map<string, number>;
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
  const starts = new Map<string, number>();
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
  function value(pointer: string, depth: number): unknown {
    if (i >= text.length) throw new JsonSyntaxError('Expecting value', i);
    if ((text[i] === '[' || text[i] === '{') && depth + 1 > PYTHON_JSON_DEPTH) {
      throw new JsonDepthError('maximum recursion depth exceeded while decoding a JSON document', i);
    }
    starts.set(pointer, i);
    const c = text[i];
    if (c === '"') return string();
    if (c === '{') return object(pointer, depth);
    if (c === '[') return array(pointer, depth);
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

  function object(pointer: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
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
      Object.defineProperty(out, key, {
        value: value(`${pointer}/${pointerToken(key)}`, depth + 1), enumerable: true, writable: true, configurable: true,
      });
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

  function array(pointer: string, depth: number): unknown[] {
    const out: unknown[] = [];
    i++;
    skip();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(`${pointer}/${out.length}`, depth + 1));
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
  const result = value('', 0);
  skip();
  if (i !== text.length) throw new JsonSyntaxError('Extra data', i);
  return { value: result, starts };
}

/** 1-based line and column of a UTF-16 offset, counted as Python counts them: columns in code points. */
export function lineColumn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.length - before.replace(/\n/g, '').length + 1;
  return { line, col: Array.from(before.slice(lineStart)).length + 1 };
}

/** Where the value at `pointer` starts; for a missing value, where its nearest existing parent starts. */
export function locatePointer(text: string, starts: Map<string, number>, pointer: string): Position {
  let p = pointer;
  while (!starts.has(p) && p !== '') p = p.slice(0, p.lastIndexOf('/'));
  return lineColumn(text, starts.get(p) ?? 0);
}
