#!/usr/bin/env node
// The long form of test/hardening-validate.test.ts (CI runs it once, after npm test): `ifplugin validate` on
// hostile folders at full size, each timed and its peak memory taken (GNU time's maximum resident set of the
// process tree, when /usr/bin/time is there). Goal: under a second per megabyte of input on top of what
// validating one clean plugin takes (starting Node and Python is not input), and never more than MEMORY_MIB, on
// every case; each run must end with exit status 1 (errors found; 0 for --fix, all fixed) and one line per finding.
// Usage: node scripts/stress-validate.mjs. Exit 0 when every case meets the goal, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin/ifplugin.cjs', import.meta.url));
const TIME = '/usr/bin/time';
const MEMORY_MIB = 1024;
const work = mkdtempSync(join(tmpdir(), 'ifplugin-stress-validate-'));

function plugin(name, info, module = `class ${name}(object):\n    pass\n`) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, `${name}.info`), info);
  writeFileSync(join(dir, '__init__.py'), `from .${name} import ${name} as delegate_class  # noqa: F401\n`);
  if (typeof module === 'function') module(join(dir, `${name}.py`));
  else writeFileSync(join(dir, `${name}.py`), module);
  return { dir, bytes: Buffer.byteLength(info) + (typeof module === 'string' ? Buffer.byteLength(module) : 0) };
}

const CLOUD = '{"type": "cloud", "targets": [["x"]]}\n';
const longKeys = () => {
  const info = { type: 'cloud', targets: [['x']] };
  for (let i = 0; i < 8; i++) info[`${'k'.repeat(6000)}${i}`] = { [`${'n'.repeat(6000)}${i}`]: [i] };
  return JSON.stringify(info);
};
const CASES = [
  ['a 100 KB .info of long keys', () => plugin('LongKeys', longKeys())],
  ['16,000 duplicate targets', () => plugin('Dups', JSON.stringify({ type: 'cloud', targets: Array.from({ length: 16000 }, () => ['x']) }))],
  ['a 1 MB .info of duplicate OS targets', () => plugin('DupsOS', JSON.stringify({ type: 'os', targets: Array.from({ length: 40000 }, () => ['Fedora', '39', 'x86_64']) }))],
  ['200,000 non-string targets', () => plugin('NonStr', JSON.stringify({ type: 'cloud', targets: Array.from({ length: 200000 }, () => 1) }))],
  ['a 1 MB .info of targets with number parts', () => plugin('NumParts', JSON.stringify({ type: 'os', targets: Array.from({ length: 90000 }, () => [1, 2, 3]) }))],
  ['nesting 500,000 deep', () => plugin('Deep', `${'['.repeat(500000)}${']'.repeat(500000)}`)],
  ['a module that is a FIFO', () => plugin('Fifo', CLOUD, (f) => spawnSync('mkfifo', [f]))],
  ['a module linked to /dev/zero', () => plugin('Zero', CLOUD, (f) => symlinkSync('/dev/zero', f))],
  ['a 4 MB module of one long expression', () => plugin('Long', CLOUD, `X = ${Array.from({ length: 1000000 }, () => '1').join('+')}\n`.slice(0, 4 * 1024 * 1024 - 2) + '1\n')],
  ['--fix on 80,000 bare-string targets', () => ({ ...plugin('BareFix', JSON.stringify({ type: 'cloud', targets: Array.from({ length: 80000 }, (_v, i) => `t${i}`) })), args: ['--fix', '--select', 'info-target'], status: 0, passes: 2 })],
  ['a 4 MB module of 80,000 small classes', () => plugin('Classes', CLOUD, Array.from({ length: 80000 }, (_v, i) => `class C${i}(object):\n    def m(self, a, b=1):\n        return a\n`).join('').slice(0, 4 * 1024 * 1024))],
];

const timed = existsSync(TIME);

function run(dir, extra = []) {
  const args = [BIN, 'validate', ...extra, dir];
  const started = process.hrtime.bigint();
  const r = timed
    ? spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ...r, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const clean = plugin('Clean', CLOUD).dir;
const baseline = [run(clean), run(clean), run(clean)].map((r) => r.seconds).sort((a, b) => a - b)[1];
let failed = 0;
console.log(`stress-validate: ${CASES.length} hostile cases; one clean plugin takes ${baseline.toFixed(2)} s${timed ? '' : ` (no ${TIME}: memory not measured)`}`);
for (const [title, make] of CASES) {
  // passes: how many times the run reads the input (--fix validates, fixes, and validates again).
  const { dir, bytes, args = [], status = 1, passes = 1 } = make();
  const r = run(dir, args);
  const seconds = r.seconds;
  const mib = timed ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
  const mb = bytes / 1e6;
  // Half again the clean run's time absorbs a noisy machine; the megabytes are the goal itself.
  const allowed = passes * (1.5 * baseline + mb);
  const lines = r.stdout.split('\n').filter(Boolean);
  const problems = [];
  if (r.status !== status) problems.push(`exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  if (lines.some((l) => !/^.+?: (error|warning): .+ \([a-z0-9-]+\)$/.test(l))) problems.push('a finding is not one line');
  if (seconds > allowed) problems.push(`took ${seconds.toFixed(2)} s, more than ${allowed.toFixed(2)} s`);
  if (mib > MEMORY_MIB) problems.push(`used ${mib.toFixed(0)} MiB, more than ${MEMORY_MIB}`);
  if (problems.length) failed++;
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${title}: ${mb.toFixed(2)} MB in ${seconds.toFixed(2)} s (allowed ${allowed.toFixed(2)} s)` +
    `${timed ? `, ${mib.toFixed(0)} MiB` : ''}, ${lines.length} lines${problems.length ? `: ${problems.join('; ')}` : ''}`);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
