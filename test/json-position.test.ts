// The JSON position locator: Python's json errors and positions, and line:col of JSON pointers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JsonSyntaxError, lineColumn, Locator, locatePointer, parseJsonWithPositions, pointerToken,
} from '../lib/validate/json-position.js';

const CORPUS = join(import.meta.dirname, 'fixtures', 'info-corpus');

/** [text, Python 3.11's json.loads message, line, col] as Python reports them; null message: valid. */
const CASES: [string, string | null, number, number][] = [
  ['', 'Expecting value', 1, 1],
  ['{', 'Expecting property name enclosed in double quotes', 1, 2],
  ['[', 'Expecting value', 1, 2],
  ['{"a":1', "Expecting ',' delimiter", 1, 7],
  ['{"a"', "Expecting ':' delimiter", 1, 5],
  ['{"a":}', 'Expecting value', 1, 6],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes', 1, 8],
  ['[1,]', 'Expecting value', 1, 4],
  ['[1 2]', "Expecting ',' delimiter", 1, 4],
  ["{'a': 1}", 'Expecting property name enclosed in double quotes', 1, 2],
  ['{"a": None}', 'Expecting value', 1, 7],
  ['{"a": True}', 'Expecting value', 1, 7],
  ['01', 'Extra data', 1, 2],
  ['1.', 'Extra data', 1, 2],
  ['-', 'Expecting value', 1, 1],
  ['[1e]', "Expecting ',' delimiter", 1, 3],
  ['"abc', 'Unterminated string starting at', 1, 1],
  ['"a\\qb"', 'Invalid \\escape', 1, 3],
  ['"a\\u12"', 'Invalid \\uXXXX escape', 1, 4],
  ['"a\\u12G4"', 'Invalid \\uXXXX escape', 1, 4],
  ['"a\tb"', 'Invalid control character at', 1, 3],
  ['{"a":1} x', 'Extra data', 1, 9],
  ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig)', 1, 1],
  ['[NaN, Infinity, -Infinity]', null, 0, 0],
  ['{"a":"é😀", "b": x}', 'Expecting value', 1, 17],
  ['{\n  "a": [1,\n   2\n   3]}', "Expecting ',' delimiter", 4, 4],
  ['{"x":[1,2],,}', 'Expecting property name enclosed in double quotes', 1, 12],
  ['  \n  ]', 'Expecting value', 2, 3],
];

function pythonResult(text: string): [string | null, number, number] {
  try {
    parseJsonWithPositions(text);
    return [null, 0, 0];
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, col } = lineColumn(text, e.offset);
    return [e.reason, line, col];
  }
}

describe('json-position', () => {
  it('fails where and how Python 3.11 json.loads fails', () => {
    for (const [text, reason, line, col] of CASES) {
      assert.deepEqual(pythonResult(text), [reason, line, col], JSON.stringify(text));
    }
  });

  it('agrees with the python3 on PATH', function () {
    const py = spawnSync('python3', ['-c', `
import json, sys
for t in json.load(sys.stdin):
    try:
        json.loads(t); print(json.dumps([None, 0, 0]))
    except json.JSONDecodeError as e:
        print(json.dumps([e.msg, e.lineno, e.colno]))
`], { input: JSON.stringify(CASES.map((c) => c[0])), encoding: 'utf8' });
    if (py.error || py.status !== 0) this.skip();
    const expected = py.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Python 3.13 words trailing commas differently ("Illegal trailing comma"); compare positions then.
    CASES.forEach(([text], i) => {
      const ours = pythonResult(text);
      if (/trailing comma/.test(expected[i][0])) assert.deepEqual(ours.slice(1), expected[i].slice(1), JSON.stringify(text));
      else assert.deepEqual(ours, expected[i], JSON.stringify(text));
    });
  });

  it('parses every valid corpus file to what JSON.parse gives', () => {
    let n = 0;
    for (const name of readdirSync(CORPUS).filter((f) => f.endsWith('.info') && !f.includes('a5e0f17'))) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      assert.deepEqual(parseJsonWithPositions(text).value, JSON.parse(text), name);
      n++;
    }
    assert.equal(n, 47);
  });

  it('parses random JSON like JSON.parse, in any layout', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const gen = (depth: number): unknown => {
      switch (rand(depth > 3 ? 5 : 7)) {
        case 0: return null;
        case 1: return rand(2) === 0;
        case 2: return (rand(2000) - 1000) / (rand(3) + 1);
        case 3: return ['', 'a"b', 'x\\y', 'tab\there', 'é😀\u2028', '\u0001'][rand(6)];
        case 4: return rand(1e6);
        case 5: return Array.from({ length: rand(4) }, () => gen(depth + 1));
        default: return Object.fromEntries(Array.from({ length: rand(4) }, (_, i) => [`k${i}/~${rand(9)}`, gen(depth + 1)]));
      }
    };
    for (let i = 0; i < 300; i++) {
      const value = gen(0);
      const text = JSON.stringify(value, null, [0, 2, '\t'][i % 3]);
      assert.deepEqual(parseJsonWithPositions(text).value, JSON.parse(text), text);
    }
  });

  it('keeps "__proto__" as an ordinary key, as Python does', () => {
    const { value } = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
    assert.deepEqual(Object.keys(value as object), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('counts lines and code-point columns at every offset as a rescan of the text would', () => {
    const pieces = ['a', '\n', '😀', 'é', '\r', ' ', '\ud800', '\udc00'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join('');
      const locator = new Locator(text);
      for (let offset = 0; offset <= text.length; offset++) {
        // Offsets inside a pair never come from the parser; the rescan below has no answer for them either.
        if (offset > 0 && /[\ud800-\udbff]/.test(text[offset - 1]) && /[\udc00-\udfff]/.test(text[offset] ?? '')) continue;
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        const col = Array.from(before.slice(before.lastIndexOf('\n') + 1)).length + 1;
        assert.deepEqual(locator.position(offset), { line, col }, `${JSON.stringify(text)} at ${offset}`);
      }
    }
  });

  it('maps JSON pointers to the line and column where the value starts', () => {
    const text = '{\n    "type": "os",\n    "targets": [\n        ["Fedora", null, null],\n        ["a/b", "😀", 3]\n    ],\n    "a/b~c": {"x": 1}\n}\n';
    const { starts } = parseJsonWithPositions(text);
    const at = (p: string) => locatePointer(new Locator(text), starts, p);
    assert.deepEqual(at(''), { line: 1, col: 1 });
    assert.deepEqual(at('/type'), { line: 2, col: 13 });
    assert.deepEqual(at('/targets'), { line: 3, col: 16 });
    assert.deepEqual(at('/targets/0'), { line: 4, col: 9 });
    assert.deepEqual(at('/targets/0/1'), { line: 4, col: 20 });
    assert.deepEqual(at('/targets/1/2'), { line: 5, col: 22 }, 'columns count code points (UTF-16 would say 23), as Python does');
    assert.deepEqual(at(`/${pointerToken('a/b~c')}/x`), { line: 7, col: 20 });
    // A missing value is placed at its nearest parent: /maintainer/url at the root.
    assert.deepEqual(at('/maintainer/url'), { line: 1, col: 1 });
    assert.deepEqual(at('/targets/7'), { line: 3, col: 16 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    assert.throws(() => parseJsonWithPositions('['.repeat(100000)), (e: unknown) => e instanceof JsonSyntaxError);
  });
});
