#!/usr/bin/env node
// npm run bench: times the bin against baselines measured in the same run and prints ratios, plus the install
// footprint of the packed package. Exits 1 when a target is missed. Not part of npm test: timings are noisy.
//
//   node scripts/bench.mjs [--runs N] [--no-install]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'ifplugin.js');
const CORPUS = join(ROOT, 'test', 'fixtures', 'info-corpus');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const INSTALL = !args.includes('--no-install');

const TARGETS = {
  scaffoldVsNode: 4, // npx ifplugin --yes ... : at most 4x `node -e 0`
  scaffoldVsCookiecutter: 1, // and no slower than cookiecutter writing an equivalent template
  validateVsNode: 3, // ifplugin validate over the corpus: at most 3x `node -e 0`
  packages: 130,
  megabytes: 30,
};

function time(label, makeArgs) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const [cmd, argv, cwd] = makeArgs(i);
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && label !== 'validate corpus') throw new Error(`${label} failed: ${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return { label, min: samples[0], median, max: samples[samples.length - 1] };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'ifplugin-bench-'));

// A cookiecutter template of 8 small files, like the plugin's: the comparison the issue asks for.
function cookiecutterTemplate() {
  const dir = fresh();
  const t = join(dir, 'tpl');
  mkdirSync(join(t, '{{cookiecutter.name}}', 'src', '{{cookiecutter.name}}'), { recursive: true });
  mkdirSync(join(t, '{{cookiecutter.name}}', 'tests'), { recursive: true });
  writeFileSync(join(t, 'cookiecutter.json'), JSON.stringify({ name: 'Example', type: 'cloud', targets: 'vsphere4' }));
  const files = ['README.md', 'Makefile', 'pyproject.toml', 'src/{{cookiecutter.name}}/__init__.py', 'src/{{cookiecutter.name}}/{{cookiecutter.name}}.py',
    'src/{{cookiecutter.name}}/{{cookiecutter.name}}.info', 'tests/__init__.py', 'tests/test_{{cookiecutter.name}}.py'];
  for (const f of files) writeFileSync(join(t, '{{cookiecutter.name}}', f), '# {{ cookiecutter.name }} {{ cookiecutter.type }} {{ cookiecutter.targets }}\n'.repeat(40));
  return t;
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const rows = [];
const node = time('node -e 0', () => [process.execPath, ['-e', '0'], ROOT]);
rows.push(node);
const scaffold = time('ifplugin --yes (fresh folder)', () => [process.execPath, [BIN, '--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'vsphere4,vsphere5'], fresh()]);
rows.push(scaffold);
let cookie;
if (has('cookiecutter')) {
  const tpl = cookiecutterTemplate();
  cookie = time('cookiecutter, 8 files', () => ['cookiecutter', ['--no-input', '-o', fresh(), tpl], ROOT]);
  rows.push(cookie);
}
const validate = time('validate corpus', () => [process.execPath, [BIN, 'validate', CORPUS], ROOT]);
rows.push(validate);

const f = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(`${RUNS} runs each (min / median / max)`);
for (const r of rows) console.log(`  ${r.label.padEnd(32)}${f(r.min)}${f(r.median)}${f(r.max)}`);

const checks = [];
const ratio = (label, a, b, max) => {
  const value = a.median / b.median;
  checks.push({ label, value: value.toFixed(2), max, ok: value <= max });
};
ratio('scaffold / node -e 0', scaffold, node, TARGETS.scaffoldVsNode);
if (cookie) ratio('scaffold / cookiecutter', scaffold, cookie, TARGETS.scaffoldVsCookiecutter);
else console.log('  (cookiecutter not installed: apt-get install cookiecutter to compare with it)');
ratio('validate corpus / node -e 0', validate, node, TARGETS.validateVsNode);

if (INSTALL) {
  const dir = fresh();
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
  const consumer = join(dir, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', join(dir, tarball)], { cwd: consumer, stdio: 'ignore' });
  const nm = join(consumer, 'node_modules');
  const packages = countPackages(nm);
  const mb = du(nm) / 1e6;
  console.log(`  install of the packed package: ${packages} packages, ${mb.toFixed(1)} MB of node_modules`);
  checks.push({ label: 'packages installed', value: packages, max: TARGETS.packages, ok: packages <= TARGETS.packages });
  checks.push({ label: 'MB of node_modules', value: mb.toFixed(1), max: TARGETS.megabytes, ok: mb <= TARGETS.megabytes });
  rmSync(dir, { recursive: true, force: true });
}

console.log('targets:');
for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'MISS'} ${c.label.padEnd(30)} ${String(c.value).padStart(7)} (at most ${c.max})`);
process.exit(checks.every((c) => c.ok) ? 0 : 1);

function countPackages(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.name.startsWith('@')) n += countPackages(full);
    else {
      n += 1;
      try {
        if (statSync(join(full, 'node_modules')).isDirectory()) n += countPackages(join(full, 'node_modules'));
      } catch {
        /* no nested node_modules */
      }
    }
  }
  return n;
}

function du(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) total += du(full);
    else if (e.isFile()) total += statSync(full).size;
  }
  return total;
}
