#!/usr/bin/env node
// npm run bench: the bin's speed against baselines measured in the same run, in interleaved rounds, plus a few
// functional rows and the install footprint. Prints each goal of issue 17 with its measured value and exits 1 when
// one is missed (2 when something could not be measured). Not part of npm test: timings are noisy.
//
// Each round runs every command once, in a new random order; a command's ratio for the round is its time divided
// by that same round's `node -e 0`, so a slow moment of the machine weighs on both sides of the ratio. The report
// gives the median of the per-round ratios and of the absolute times.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cookiecutterArgs, cookiecutterVersion, makeTemplate, verifyTemplate } from './bench/cookiecutter.mjs';
import { du, installFootprint, packageCount } from './bench/install.mjs';
import { copyPlugins, pythonSideProblem } from './bench/plugins.mjs';
import { median, quantile, shuffle } from './bench/stats.mjs';
import { diffTrees, readTree } from './bench/tree.mjs';
import { yoWorkspace } from './bench/yo.mjs';

const HELP = `Usage: npm run bench -- [options]

  --rounds N     timed rounds (default 15), after one untimed round that checks every command's output
  --only IDS     time only these rows (comma-separated; node -e 0 always runs): yes, writer, cookiecutter,
                 validate1, validate100, validate1000, yo-ifplugin, yo-code; skips the functional rows and the
                 install footprint, and judges only the goals measured
  --python PY    interpreter for validate's Python rules (default: what validate picks, python3 on PATH)
  --no-yo        skip the yo ifplugin / yo code rows
  --no-install   skip the install footprint (npm pack, npm install --omit=dev)
  --keep         keep the temporary folder
  -h, --help     print this help

Exit status: 0 every goal met, 1 a goal missed, 2 something could not be measured.`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin', 'ifplugin.cjs');
const NODE = process.execPath;
const NAME = 'Example';
const SCAFFOLD = ['--yes', '--name', NAME, '--type', 'cloud', '--targets', 'vsphere4,vsphere5'];
const VALIDATE_SIZES = [1, 100, 1000];
const ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1' };

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      rounds: { type: 'string', default: '15' },
      only: { type: 'string' },
      python: { type: 'string' },
      'no-yo': { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`bench: ${e.message}\n\n${HELP}`);
  process.exit(2);
}
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
const ROUNDS = Number(opts.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(`bench: --rounds must be a positive integer, not "${opts.rounds}"`);
  process.exit(2);
}

const ROW_IDS = ['yes', 'writer', 'cookiecutter', 'validate1', 'validate100', 'validate1000', 'yo-ifplugin', 'yo-code'];
const ONLY = opts.only === undefined ? undefined : new Set(opts.only.split(',').map((s) => s.trim()).filter(Boolean));
const unknownIds = [...(ONLY ?? [])].filter((id) => !ROW_IDS.includes(id));
if (ONLY && (ONLY.size === 0 || unknownIds.length)) {
  console.error(`bench: --only takes row ids among ${ROW_IDS.join(', ')}${unknownIds.length ? `, not ${unknownIds.join(', ')}` : ''}`);
  process.exit(2);
}
/** Whether a row is timed in this run. */
const wanted = (id) => !ONLY || ONLY.has(id);

const WORK = mkdtempSync(join(tmpdir(), 'ifplugin-bench-'));
let keep = opts.keep;
const cleanUp = () => {
  if (!keep) rmSync(WORK, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

const progress = (text) => process.stderr.write(`${text}\n`);
const lastLine = (bytes) => String(bytes ?? '').trim().split('\n').pop();

/** Runs a command to completion with its output captured (as bytes: decoding is not part of the time). */
function run(cmd, args, { cwd = WORK, env = ENV, timeout = 600_000 } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, timeout });
  return { ...r, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Why a finished command did not do its job, or undefined. */
function failure(r) {
  if (r.error) return r.error.message;
  if (r.status !== 0) return `exit ${r.status ?? r.signal}: ${lastLine(r.stderr) || lastLine(r.stdout)}`;
  return undefined;
}

let runCount = 0;
/** A new empty folder for one run of a command that writes a project. */
function freshDir(parent = join(WORK, 'runs')) {
  const dir = join(parent, String(++runCount));
  mkdirSync(dir, { recursive: true });
  return dir;
}

const wrote = (cwd, name = NAME) => (existsSync(join(cwd, name, 'src', name, `${name}.info`)) ? undefined : `no ${name}/src/${name}/${name}.info written`);

/**
 * A timed command. cwd is a folder, or a function making a fresh one per run; args may be a function of that cwd;
 * check looks at a finished run; verify, when given, replaces the untimed run with a stricter one.
 */
function row(id, label, cmd, args, { cwd = WORK, env = ENV, check, verify } = {}) {
  return { id, label, cmd, args, cwd, env, check, verify };
}

function runRow(r) {
  const cwd = typeof r.cwd === 'function' ? r.cwd() : r.cwd;
  const result = run(r.cmd, typeof r.args === 'function' ? r.args(cwd) : r.args, { cwd, env: r.env });
  const problem = failure(result) ?? r.check?.(result, cwd);
  if (problem) throw new Error(`${r.label}: ${problem}`);
  return result.ms;
}

function main() {
  const startLoad = loadavg();
  progress(`building (npm run build) ...`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);

  // The reference project: what `ifplugin --yes` writes; the baselines must write exactly these bytes.
  const refParent = join(WORK, 'reference');
  mkdirSync(refParent);
  const ref = run(NODE, [BIN, ...SCAFFOLD], { cwd: refParent });
  const refProblem = failure(ref) ?? wrote(refParent);
  if (refProblem) throw new Error(`ifplugin ${SCAFFOLD.join(' ')}: ${refProblem}`);
  const reference = readTree(refParent);
  const answers = JSON.parse(reference.get(`${NAME}/.yo-rc.json`)?.toString() ?? '{}')['generator-ifplugin'];
  if (!answers) throw new Error(`ifplugin wrote no answers into ${NAME}/.yo-rc.json: cannot derive a template`);

  const notes = [];
  const skipped = [];
  const rows = [row('node', 'node -e 0', NODE, ['-e', '0'])];
  if (wanted('yes')) rows.push(row('yes', `ifplugin --yes (${reference.size} files)`, NODE, [BIN, ...SCAFFOLD], { cwd: freshDir, check: (_, cwd) => wrote(cwd) }));

  if (wanted('writer')) rows.push(writerRow(reference));

  const cc = wanted('cookiecutter') ? cookiecutterVersion() : undefined;
  if (!wanted('cookiecutter')) skipped.push('cookiecutter: --only');
  else if (cc) {
    const template = join(WORK, 'cookiecutter-template');
    const config = join(WORK, 'cookiecutter-config', 'cookiecutterrc');
    const variables = makeTemplate(refParent, answers, template, config);
    try {
      const n = verifyTemplate(template, config, freshDir(), refParent);
      notes.push(`${cc}: a template made from ifplugin's output (variables: ${variables.join(', ')}) renders the same ${n} files byte for byte`);
    } catch (e) {
      keep = true;
      throw e;
    }
    rows.push(
      row('cookiecutter', 'cookiecutter, byte-identical template', 'cookiecutter', (cwd) => cookiecutterArgs(template, cwd, config), {
        cwd: freshDir,
        check: (_, cwd) => wrote(cwd),
      }),
    );
  } else {
    skipped.push('cookiecutter: not on PATH, or `cookiecutter --version` fails (Debian: apt-get install cookiecutter)');
  }

  // validate over 1 / 100 / 1,000 copies of the reference plugin, with the Python rules on.
  const python = opts.python ? ['--python', opts.python] : [];
  let pythonUsed;
  for (const n of VALIDATE_SIZES.filter((size) => wanted(`validate${size}`))) {
    const folder = copyPlugins(join(refParent, NAME, 'src', NAME), NAME, n, join(WORK, `plugins-${n}`));
    const args = [BIN, 'validate', ...python, folder];
    const label = `ifplugin validate, ${n.toLocaleString('en-US')} plugin folder${n === 1 ? '' : 's'}`;
    rows.push(
      row(`validate${n}`, label, NODE, args, {
        check: (r) => (/skipped/i.test(`${r.stdout}${r.stderr}`) ? `rules were skipped: ${lastLine(r.stderr)}` : undefined),
        // The untimed round reads the JSON report: no errors, and every folder's delegate inspected by Python.
        verify: () => {
          const r = run(NODE, [BIN, 'validate', '--json', ...python, folder]);
          const problem = failure(r) ?? pythonSideProblem(JSON.parse(r.stdout.toString()), n);
          if (problem) throw new Error(`${label}: ${problem}`);
          pythonUsed = JSON.parse(r.stdout.toString()).python;
        },
      }),
    );
  }

  let yo;
  if (opts['no-yo']) skipped.push('yo ifplugin / yo code: --no-yo');
  else if (!wanted('yo-ifplugin') && !wanted('yo-code')) skipped.push('yo ifplugin / yo code: --only');
  else {
    yo = yoWorkspace(ROOT, join(WORK, 'yo'));
    if (yo.reason) skipped.push(`yo ifplugin / yo code: ${yo.reason}`);
    else {
      const runs = join(WORK, 'yo', 'runs');
      const yoCwd = () => freshDir(runs);
      if (wanted('yo-ifplugin')) rows.push(row('yo-ifplugin', 'yo ifplugin --yes', NODE, [yo.yoBin, 'ifplugin', ...SCAFFOLD], { cwd: yoCwd, env: yo.env, check: (_, cwd) => wrote(cwd) }));
      const codeArgs = ['code', '--extensionType', 'ts', '--extensionDisplayName', NAME, '--extensionId', 'example', '--extensionDescription', 'An example',
        '--no-gitInit', '--bundler', 'unbundled', '--pkgManager', 'npm', '--quick', '--skipOpen', '--skip-install'];
      if (wanted('yo-code')) rows.push(
        row('yo-code', 'yo code (TypeScript extension, --quick)', NODE, [yo.yoBin, ...codeArgs], {
          cwd: yoCwd,
          env: yo.env,
          check: (_, cwd) => (existsSync(join(cwd, 'example', 'package.json')) ? undefined : 'no example/package.json written'),
        }),
      );
      notes.push(`${yo.versions}, from node_modules/.cache; both kept off the network`);
    }
  }

  // One untimed round: warms the caches and checks that each command does its job.
  progress(`checking every command once (untimed) ...`);
  const checkStart = Date.now();
  for (const r of shuffle(rows)) (r.verify ?? (() => runRow(r)))();
  progress(`that took ${((Date.now() - checkStart) / 1000).toFixed(0)} s, about as long as each of the ${ROUNDS} timed rounds to come`);
  rmSync(join(WORK, 'runs'), { recursive: true, force: true });
  if (yo && !yo.reason) rmSync(join(WORK, 'yo', 'runs'), { recursive: true, force: true });

  const times = Object.fromEntries(rows.map((r) => [r.id, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const start = Date.now();
    for (const r of shuffle(rows)) times[r.id].push(runRow(r));
    rmSync(join(WORK, 'runs'), { recursive: true, force: true });
    if (yo && !yo.reason) rmSync(join(WORK, 'yo', 'runs'), { recursive: true, force: true });
    progress(`round ${round}/${ROUNDS}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
  const ratios = Object.fromEntries(rows.map((r) => [r.id, times[r.id].map((ms, i) => ms / times.node[i])]));

  // Functional rows: does `--yes` work with very many targets? (The default description lists every target.)
  const functional = ONLY ? [] : [
    functionalRow('cloud10k', 'ifplugin --yes --type cloud, 10,000 targets', 'cloud', Array.from({ length: 10000 }, (_, i) => `cloud${i + 1}`)),
    functionalRow('os5k', 'ifplugin --yes --type os, 5,000 targets', 'os', Array.from({ length: 5000 }, (_, i) => `os${i + 1}:1:x86_64`)),
  ];

  let install;
  if (ONLY) skipped.push('functional rows and install footprint: --only');
  else if (opts['no-install']) skipped.push('install footprint: --no-install');
  else {
    progress(`packing and installing the package (npm pack, npm install --omit=dev) ...`);
    try {
      install = installFootprint(ROOT, join(WORK, 'install'));
    } catch (e) {
      skipped.push(`install footprint: ${lastLine(e.stderr) || e.message}`);
    }
  }

  // The report.
  const out = [];
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  out.push(`generator-ifplugin ${commit ?? ''}${dirty ? ' (uncommitted changes)' : ''}; node ${process.versions.node}, ${cpus().length} CPUs, load average ${startLoad[0].toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`);
  out.push(`${ROUNDS} timed round${ROUNDS === 1 ? '' : 's'} after an untimed one, each running every command once in a new random order; ratio = time / the same round's \`node -e 0\``);
  if (pythonUsed) out.push(`validate's Python rules by ${pythonUsed.command} (${pythonUsed.executable}, ${pythonUsed.version})`);
  for (const n of notes) out.push(n);
  out.push('');
  const w1 = Math.max(...rows.map((r) => r.label.length), ...functional.map((f) => f.label.length)) + 2;
  const spread = (x) => `${quantile(x, 0.25).toFixed(2)}-${quantile(x, 0.75).toFixed(2)}`;
  const w2 = Math.max(...rows.map((r) => spread(ratios[r.id]).length)) + 2;
  out.push(`${''.padEnd(w1)}${'ratio to node -e 0'.padEnd(w2 + 10)}time in ms`);
  out.push(`${''.padEnd(w1)}${'median'.padStart(8)}  ${'p25-p75'.padEnd(w2)}${'median'.padStart(7)}  min-max`);
  for (const r of rows) {
    const x = ratios[r.id];
    const ms = times[r.id];
    out.push(
      `${r.label.padEnd(w1)}${median(x).toFixed(2).padStart(7)}x  ${spread(x).padEnd(w2)}` +
        `${fmtMs(median(ms)).padStart(7)}  ${fmtMs(Math.min(...ms))}-${fmtMs(Math.max(...ms))}`,
    );
  }
  for (const s of skipped) out.push(`skipped: ${s}`);
  out.push('');
  for (const f of functional) out.push(`${f.label.padEnd(w1)}${f.ok ? 'ok' : 'FAILED'}: ${f.detail}`);
  out.push('');
  if (install) {
    const mb = (kb) => (kb / 1024).toFixed(1);
    out.push(`install (npm install --omit=dev of the packed tarball, ${mb(install.tarballKb)} MB): ${install.packages} packages, ` +
      `${mb(install.diskKb)} MB on disk (du -sk; ${mb(install.apparentKb)} MB apparent size)`);
    if (yo && !yo.reason) {
      for (const [what, dir] of [['yo 7 itself', yo.yoDir], ['generator-code (yo code)', yo.codeDir]]) {
        out.push(`  for comparison, ${what}: ${packageCount(join(dir, 'node_modules'))} packages, ${mb(du(join(dir, 'node_modules')).diskKb)} MB on disk`);
      }
    }
    out.push('');
  }

  const value = (id) => (ratios[id] ? median(ratios[id]) : undefined);
  const goals = [
    { label: 'ifplugin --yes', value: value('yes'), max: 1.7 },
    { label: 'validate, 100 plugin folders', value: value('validate100'), max: 8 },
    { label: 'validate, 1,000 plugin folders', value: value('validate1000'), max: 40 },
    ...(functional.length ? [{ label: '--yes with 10,000 cloud targets', ok: functional[0].ok, text: functional[0].ok ? 'succeeds' : 'fails', want: 'succeeds' }] : []),
  ].filter((g) => g.max === undefined || g.value !== undefined);
  out.push('goals (ratios to node -e 0):');
  for (const g of goals) {
    if (g.max !== undefined) {
      g.ok = g.value <= g.max;
      g.text = `${g.value.toFixed(2)}x`;
      g.want = `at most ${g.max}x`;
    }
    out.push(`  ${g.ok ? 'ok  ' : 'MISS'}  ${g.label.padEnd(34)}${g.text.padStart(9)}  (${g.want})`);
  }
  console.log(out.join('\n'));
  return goals.every((g) => g.ok) ? 0 : 1;
}

// The floor for writing these files from Node: a script with their contents inlined.
function writerRow(reference) {
  const writer = join(WORK, 'write-same-files.mjs');
  const files = Object.fromEntries([...reference].map(([path, bytes]) => [path, bytes.toString('base64')]));
  writeFileSync(
    writer,
    `import { mkdirSync, writeFileSync } from 'node:fs';\nimport { dirname } from 'node:path';\n` +
      `const files = ${JSON.stringify(files)};\n` +
      `for (const [path, b64] of Object.entries(files)) {\n  mkdirSync(dirname(path), { recursive: true });\n  writeFileSync(path, Buffer.from(b64, 'base64'));\n}\n`,
  );
  const writerCheck = freshDir();
  const w = run(NODE, [writer], { cwd: writerCheck });
  const writerDiff = failure(w) ? [failure(w)] : diffTrees(reference, readTree(writerCheck));
  if (writerDiff.length > 0) throw new Error(`the Node baseline does not write ifplugin's files:\n  ${writerDiff.join('\n  ')}`);
  return row('writer', `node script writing the same ${reference.size} files`, NODE, [writer], { cwd: freshDir, check: (_, cwd) => wrote(cwd) });
}

function functionalRow(id, label, type, targets) {
  const cwd = freshDir();
  const r = run(NODE, [BIN, '--yes', '--name', 'Many', '--type', type, '--targets', targets.join(',')], { cwd });
  const problem = failure(r) ?? wrote(cwd, 'Many');
  if (problem) return { id, label, ok: false, detail: problem };
  const info = JSON.parse(readFileSync(join(cwd, 'Many', 'src', 'Many', 'Many.info'), 'utf8'));
  const ok = info.targets?.length === targets.length;
  rmSync(cwd, { recursive: true, force: true });
  return { id, label, ok, detail: `${fmtMs(r.ms)} ms, the .info lists ${info.targets?.length} targets` };
}

function fmtMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

let status;
try {
  status = main();
} catch (e) {
  console.error(`bench: ${e.message}`);
  status = 2;
}
if (keep) console.error(`bench: kept ${WORK}`);
cleanUp();
process.exit(status);
