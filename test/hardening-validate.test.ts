// `ifplugin validate` on folders prepared to stall or kill it: a .info with very long keys, thousands of
// duplicate targets, hundreds of thousands of non-string targets, nesting past Python's limit, modules that are
// FIFOs or links to /dev/zero, and file names with line breaks and bidi controls. Each run ends, says what is
// wrong in one line per finding, and exits 1. How fast and in how much memory is measured by
// scripts/stress-validate.mjs (CI runs it once), never here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/cli.js';
import { runBin } from './support/hardening.js';
import { LISTED_PER_RULE } from '../lib/imagefactory/info.js';

/** A plugin folder `name` in `dir` with this .info text and, unless `init` is false, an __init__.py and module. */
function plugin(dir: string, name: string, info: string, { init = true } = {}): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.info`), info);
  if (init) {
    writeFileSync(join(folder, '__init__.py'), `from .${name} import ${name} as delegate_class  # noqa: F401\n`);
    writeFileSync(join(folder, `${name}.py`), `class ${name}(object):\n    pass\n`);
  }
  return folder;
}

const HAS_PYTHON = spawnSync('python3', ['-c', '0']).status === 0;
const LINE = /^[^\n]+?(:\d+(:\d+)?)?: (error|warning): [^\n]+ \([a-z0-9-]+\)$/;

async function validate(path: string, cwd: string) {
  const r = await runBin(['validate', path], cwd);
  const lines = r.stdout.split('\n').filter(Boolean);
  for (const line of lines) assert.match(line, LINE);
  return { ...r, lines, rules: (rule: string) => lines.filter((l) => l.endsWith(`(${rule})`)) };
}

describe('hardening: validate on hostile input', function () {
  this.timeout(60000);

  it('a .info with keys of thousands of characters', async () => {
    const dir = tempDir('ifplugin-hv-');
    const info: Record<string, unknown> = { type: 'cloud', targets: [['x']] };
    for (let i = 0; i < 10; i++) info[`${'k'.repeat(5000)}${i}`] = { [`${'n'.repeat(5000)}`]: [i] };
    plugin(dir, 'LongKeys', JSON.stringify(info));
    const r = await validate('LongKeys', dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stderr, /\(1 plugin folder, 0 other \.info files/);
  });

  it(`16,000 duplicate targets: the first ${LISTED_PER_RULE} listed at their lines, then one line that counts the rest`, async () => {
    const dir = tempDir('ifplugin-hv-');
    plugin(dir, 'Dups', `{"type": "cloud", "targets": [\n${Array.from({ length: 16000 }, () => '["x"]').join(',\n')}\n]}\n`);
    const r = await validate('Dups', dir);
    const dups = r.rules('info-target-duplicate');
    assert.equal(dups.length, LISTED_PER_RULE + 1);
    assert.match(dups[0], /^Dups\/Dups\.info:3:1: warning: target 2 repeats target 1: /);
    assert.match(dups[LISTED_PER_RULE - 1], new RegExp(`^Dups/Dups\\.info:${LISTED_PER_RULE + 2}:1: `));
    assert.match(dups[LISTED_PER_RULE], new RegExp(`^Dups/Dups\\.info:${LISTED_PER_RULE + 3}:1: warning: and ${15999 - LISTED_PER_RULE} more like the ${LISTED_PER_RULE} above, from here on;`));
  });

  it('200,000 targets that are numbers: no stack overflow, each rule folded', async () => {
    const dir = tempDir('ifplugin-hv-');
    plugin(dir, 'NonStr', JSON.stringify({ type: 'cloud', targets: Array.from({ length: 200000 }, (_v, i) => (i % 2 ? 1 : [1])) }));
    const r = await validate('NonStr', dir);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /call stack|RangeError/);
    assert.equal(r.rules('info-target-not-list').length, LISTED_PER_RULE + 1);
    assert.equal(r.rules('info-target-non-string').length, LISTED_PER_RULE + 1);
    assert.match(r.rules('info-target-not-list').at(-1)!, / and 99900 more like the 100 above/);
  });

  it("nesting past Python's limit: info-too-deep, not a stack overflow", async () => {
    const dir = tempDir('ifplugin-hv-');
    plugin(dir, 'Deep', `${'['.repeat(200000)}${']'.repeat(200000)}`);
    const r = await validate('Deep', dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(r.lines.filter((l) => !/\(delegate-|\(py-/.test(l)).map((l) => /\(([a-z-]+)\)$/.exec(l)![1]), ['info-too-deep']);
  });

  it('modules and .info files that are FIFOs or links to /dev/zero: reported at once, never read', async function () {
    if (!HAS_PYTHON) this.skip();
    const dir = tempDir('ifplugin-hv-');
    const fifo = (f: string) => assert.equal(spawnSync('mkfifo', [f]).status, 0);
    const zero = (f: string) => symlinkSync('/dev/zero', f);
    const cases: [string, string, (f: string) => void, string][] = [
      ['FifoModule', 'FifoModule.py', fifo, 'py-unreadable'],
      ['ZeroModule', 'ZeroModule.py', zero, 'py-unreadable'],
      ['FifoInit', '__init__.py', fifo, 'py-unreadable'],
      ['ZeroInit', '__init__.py', zero, 'py-unreadable'],
      ['FifoInfo', 'FifoInfo.info', fifo, 'info-unreadable'],
      ['ZeroInfo', 'ZeroInfo.info', zero, 'info-unreadable'],
    ];
    for (const [name, file, make] of cases) {
      const folder = plugin(dir, name, '{"type": "cloud", "targets": [["x"]]}\n');
      spawnSync('rm', ['-f', join(folder, file)]);
      make(join(folder, file));
    }
    const r = await validate('.', dir);
    assert.equal(r.status, 1, r.stderr);
    for (const [name, file, , rule] of cases) {
      assert.ok(r.lines.some((l) => l.startsWith(`${name}/${file}: error: `) && l.endsWith(`(${rule})`)), `${name}/${file} (${rule}):\n${r.stdout}`);
    }
  });

  it('file names with a line break and a bidi control: one line per finding, every character visible', async () => {
    const dir = tempDir('ifplugin-hv-');
    const name = 'plugins\nd\u202e';
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'Bad\u202eName.info'), '{"type": "vm", "targets": "x"}\n');
    const r = await validate('.', dir);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /\u202e/);
    assert.ok(r.lines.length >= 2);
    for (const line of r.lines) assert.ok(line.startsWith('plugins\\nd\\u202e/Bad\\u202eName.info:'), line);
  });
});
