// The escaping helpers carry any text exactly, checked by Python and TOML parsers themselves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pyComment, pyDocstring, pyString, pyStringWrapped, tomlString } from '../lib/render/escape.js';
import { pyLiteral } from '../lib/render/python-format.js';

export const HOSTILE = [
  '',
  'plain',
  "it's",
  'say "hi"',
  '"""',
  "'''",
  'ends with a quote"',
  'ends with a backslash\\',
  '\\x41 \\n \\u0041 \\N{DASH}',
  'new\nline',
  'tab\there',
  'carriage\rreturn',
  'nul-free controls \u0001\u0007\u001b[31m \u007f \u0085',
  'line separators \u2028 \u2029',
  'bidi \u202e override \u2066 isolate',
  'emoji 🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'right-to-left שלום مرحبا',
  '<% evil %> <%= x %> <%- y %>',
  '${process.exit(1)} `backticks`',
  "'); import os; os.system('touch pwned'); ('",
  '"""; import os; os.system("touch pwned"); """',
  '\ufeffBOM',
  'x'.repeat(10240),
];

function python(code: string, input: string): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', code], { input, encoding: 'utf8' });
    if (r.status === 0) return r.stdout;
    if (r.error === undefined && r.status !== 0 && !/No such file/.test(r.stderr)) assert.fail(r.stderr);
  }
  return undefined;
}

describe('escaping helpers', () => {
  it('pyString, pyStringWrapped and pyLiteral give Python literals with exactly the value', function () {
    const lines = HOSTILE.flatMap((s) => [pyString(s), `(${pyStringWrapped(s, '    ')})`, pyLiteral([s, { [s]: null }], 4)]);
    const program = 'import ast, json, sys\nprint(json.dumps([ast.literal_eval(l) for l in sys.stdin.read().split("\\0")]))';
    const out = python(program, lines.map((l) => l.replace(/\n/g, '\n')).join('\0'));
    if (out === undefined) this.skip();
    const values = JSON.parse(out!);
    HOSTILE.forEach((s, i) => {
      assert.equal(values[3 * i], s);
      assert.equal(values[3 * i + 1], s);
      assert.deepEqual(values[3 * i + 2], [s, { [s]: null }]);
    });
  });

  it('pyDocstring keeps a docstring closed and its value exact', function () {
    const sources = HOSTILE.map((s) => `def f():\n    """${pyDocstring(s)}"""\n`);
    const program = [
      'import json, sys',
      'out = []',
      'for src in sys.stdin.read().split("\\0"):',
      '    ns = {}',
      '    exec(compile(src, "<doc>", "exec"), ns)',
      '    out.append(ns["f"].__doc__)',
      'print(json.dumps(out))',
    ].join('\n');
    const out = python(program, sources.join('\0'));
    if (out === undefined) this.skip();
    const docs: string[] = JSON.parse(out!);
    // Python decodes the escapes back; line separators and controls come back as the characters.
    HOSTILE.forEach((s, i) => assert.equal(docs[i], s));
  });

  it('pyComment stays on one line', () => {
    for (const s of HOSTILE) assert.doesNotMatch(pyComment(s), /[\r\n\u2028\u2029\u0085]/);
  });

  it('tomlString gives TOML strings with exactly the value', function () {
    const doc = HOSTILE.map((s, i) => `k${i} = ${tomlString(s)}`).join('\n');
    const out = python('import json, sys, tomllib\nprint(json.dumps(tomllib.loads(sys.stdin.read())))', doc);
    if (out === undefined) this.skip();
    const parsed = JSON.parse(out!);
    HOSTILE.forEach((s, i) => assert.equal(parsed[`k${i}`], s));
  });

  it('escapes characters that render deceptively, instead of writing them raw', () => {
    assert.equal(pyString('a\u202eb'), "'a\\u202eb'");
    assert.equal(pyString("'\\"), "'\\'\\\\'");
    assert.equal(pyDocstring('x"""'), 'x\\"\\"\\"');
  });
});
