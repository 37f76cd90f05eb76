#!/usr/bin/env node
// The long form of test/hardening-fs.test.ts (CI runs it once, after npm test): many runs of `ifplugin` into a
// project big enough that writing takes a while, each ended by SIGINT, SIGTERM or SIGKILL at a random moment, and
// many runs into one folder at once. After each: the project is all old or all new (after a SIGKILL, once the next
// run has rolled the interrupted one back), nothing is left behind, and no file outside changed.
// Usage: node scripts/stress-write.mjs [--rounds N] (default 60). Exit 0 when every round holds, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'ifplugin.cjs');
const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 60;
if (!(rounds > 0)) {
  console.error('stress-write: --rounds takes a positive number');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'ifplugin-stress-write-'));
const ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--maintainer-name', 'Ann', '--maintainer-email', 'ann@example.org'];
const DEBRIS = /\.ifplugin-([0-9a-f]{12}|\d+)\.(tmp|orig)$|(^|\/)\.ifplugin(\.lock|-journal\.json)$/;

function tree(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function run(args, cwd, signal, delay) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    if (signal) setTimeout(() => child.kill(signal), delay);
    child.on('close', (status, sig) => resolve({ status, signal: sig, stderr }));
  });
}

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};

// A template folder inside the project (as a project records it), with 400 extra files to write.
const project = join(work, 'Example');
mkdirSync(join(work, 'tpl', 'app', 'extra'), { recursive: true });
for (let i = 0; i < 400; i++) writeFileSync(join(work, 'tpl', 'app', 'extra', `f${i}.txt.ejs`), `file ${i}: <%- answers.description %>\n`);
const outside = join(work, 'outside');
writeFileSync(outside, 'precious\n');
if (spawnSync(process.execPath, [BIN, ...ARGS, '--templates', 'tpl', '--description', 'round -1'], { cwd: work }).status !== 0) {
  console.error('stress-write: the first run failed');
  process.exit(2);
}

let written = 0;
let rolledBack = 0;
for (let i = 0; i < rounds; i++) {
  const signal = ['SIGINT', 'SIGTERM', 'SIGKILL'][i % 3];
  const before = tree(project);
  const description = `round ${i}`;
  const args = ['--yes', '--templates', '../tpl', '--description', description];
  const r = await run(args, project, signal, 40 + Math.floor(Math.random() * 260));
  if (signal === 'SIGKILL' && r.signal === 'SIGKILL') {
    // The next run puts back what the killed one half did, then writes: all new.
    const again = await run(args, project);
    check(again.status === 0, `round ${i}: the run after a SIGKILL failed: ${again.stderr}`);
  }
  const after = tree(project);
  const debris = Object.keys(after).filter((p) => DEBRIS.test(p));
  check(debris.length === 0, `round ${i} (${signal}): debris ${debris.join(', ')}`);
  const isNew = after['extra/f399.txt'] === `file 399: ${description}\n` && after['extra/f0.txt'] === `file 0: ${description}\n`;
  const isOld = JSON.stringify(after) === JSON.stringify(before);
  check(isNew || isOld, `round ${i} (${signal}): a project mixed from old and new`);
  if (isNew && !isOld) written++;
  else rolledBack++;
  check(readFileSync(outside, 'utf8') === 'precious\n', `round ${i}: a file outside changed`);
}

// Runs at the same time into one new folder: never two projects mixed into one.
let concurrent = 0;
for (let i = 0; i < Math.max(3, rounds / 10); i++) {
  const dir = join(work, `together-${i}`);
  mkdirSync(dir);
  const results = await Promise.all(Array.from({ length: 5 }, (_v, k) => run([...ARGS, '--description', `writer ${k}`], dir)));
  const t = tree(join(dir, 'Example'));
  const writers = new Set(Object.values(t).flatMap((text) => [...text.matchAll(/writer (\d)/g)].map((m) => m[1])));
  check(writers.size === 1, `together ${i}: files of ${[...writers].join(', ')} mixed`);
  check(results.some((r) => r.status === 0), `together ${i}: no run succeeded`);
  check(!Object.keys(t).some((p) => DEBRIS.test(p)), `together ${i}: debris`);
  concurrent++;
}

rmSync(work, { recursive: true, force: true });
console.log(`stress-write: ${rounds} interrupted runs (${written} wrote all, ${rolledBack} wrote nothing), ${concurrent} sets of 5 runs at once`);
for (const f of failures) console.error(`stress-write: ${f}`);
process.exit(failures.length ? 1 : 0);
