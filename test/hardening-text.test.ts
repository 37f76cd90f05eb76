// Hostile but valid text is carried exactly and safely. Every free-text input (description, maintainer name,
// e-mail and URL, license, targets) gets every string of HOSTILE below, rotated so that each run carries a
// different string in each input: quotes of every kind, triple quotes, backslashes, tabs, EJS markers, ${},
// C1 controls where an input accepts them, emoji, right-to-left text and bidi controls, a 10 KB description,
// and payloads that would run code if they escaped their string. For each generated plugin:
//   - the .info gives back every field byte for byte through Python's json.load, setup.py through setuptools,
//     the RPM spec through rpmspec (with % literal), .yo-rc.json through a re-run that changes nothing;
//   - every .py file compiles, and its code (tokens outside strings and comments) is exactly that of a plugin
//     made from plain answers: user text never reaches code;
//   - no payload ran: no PWNED file after generating, after the plugin's own tests (which pass), after rpmspec.
// A delegate added to a hand-written plugin folder whose .info (and file name) carry the strings is checked the
// same way.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { valueProblem } from '../lib/inputs/resolve.js';
import { rpmSummary } from '../lib/render/rpm.js';
import { tempDir } from './support/cli.js';
import { leftovers, pool, runBin, snapshot, treeChanges } from './support/hardening.js';
import { pythonEnvs, type PythonEnv } from './support/python.js';

const NO_GIT = { git: () => undefined };

const CHECKER = join(import.meta.dirname, 'support', 'check_generated.py');

/** Valid one-line text that would break, or run, if it were pasted into code unescaped. */
const HOSTILE: string[] = [
  `it's "quoted" and \u201ccurly\u201d \u2018single\u2019 \u00abguillemets\u00bb \`backticks\``,
  '"""',
  "'''",
  'ends with a double quote"',
  "ends with a single quote'",
  'ends with a backslash\\',
  '\\x41 \\n \\u0041 \\N{DASH} \\\\ \\"',
  'tab\there\tand\tthere',
  '<% evil %> <%= x %> <%- process.exit(3) %> <%# c %> <%_ y _%> %>',
  "${require('fs').writeFileSync('PWNED','')} `${x}` ${process.exit(4)}",
  `'); import os; os.system("touch PWNED"); ('`,
  `"); import os; os.system('touch PWNED'); ("`,
  '"""; import os; os.system("touch PWNED"); """',
  "'''; import os; os.system('touch PWNED'); '''",
  '""" + __import__("os").system("touch PWNED") + """',
  '# not a comment \\',
  '%{_prefix} %(touch PWNED) %% 100% %{lua: os.execute("touch PWNED")} %define x y',
  '$(touch PWNED) `touch PWNED` ; touch PWNED # && rm -rf nothing',
  'C1 controls \u0085 next-line \u009b31m CSI \u0080 \u009f',
  'bidi \u202e evil \u202c \u2066 isolate \u2069 \u200f mark \u061c',
  'emoji \u{1f389}\u{1f40d} and astral \u{1d518}\u{1d52b}\u{1d526}',
  'right-to-left \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u0645\u0631\u062d\u0628\u0627',
  '\ufeffBOM first, zero\u200bwidth',
  '{{ jinja }} {% block %} {0} %s %(x)s %r',
  '</script><script>alert(1)</script> &amp; <b>bold</b>',
  'x" = 1 # [tool.toml] \\u0022',
  '  leading and trailing spaces  ',
  '-starts with a dash',
  '\u00a0non-breaking\u3000ideographic space\u2003em space',
  // 10 KB of the characters above, mixed.
  Array.from({ length: 10240 }, (_v, i) => `'"\\<%$\`{}\u{1f389}\u202e #\t\u0085x`[i % 17]).join('').replace(/[\ud800-\udbff]$/, 'x'),
];

/** How each free-text input carries a hostile string: the string itself, or what its syntax lets through. */
const CARRIERS: { option: string; key: string; carry(s: string): string }[] = [
  { option: 'description', key: 'description', carry: (s) => s },
  { option: 'maintainer-name', key: 'maintainerName', carry: (s) => cut(s, 200) },
  { option: 'license', key: 'license', carry: (s) => cut(s, 500) },
  {
    option: 'maintainer-url', key: 'maintainerUrl',
    carry: (s) => {
      // No white space and no controls (C1 ones included): a URL is one token, in the RPM spec too.
      const part = cut(s.replace(/[\s\u0080-\u009f]/g, ''), 900);
      return `https://example.org/${part}?q=${part}`;
    },
  },
  {
    option: 'maintainer-email', key: 'maintainerEmail',
    carry: (s) => `${cut(s.replace(/[\s@<>()[\],;:"]/g, ''), 60) || 'x'}@example.org`,
  },
  {
    option: 'targets', key: 'targets',
    carry: (s) => cut(s.replace(/[\s,:\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ''), 100),
  },
];

/** The first `n` UTF-16 units of `s`, never half of a surrogate pair (which the command line would not carry). */
const cut = (s: string, n: number) => s.slice(0, n).replace(/[\ud800-\udbff]$/, '');

const input = (key: string) => APP_INPUTS.find((i) => i.key === key)!;
// What rpm gives back of a tag value: specText turns controls and line breaks into one space, rpm strips the
// ASCII blanks around it. (The Summary is rpmSummary's one line of the description.)
const rpmVisible = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/^ +| +$/g, '');

interface Generation {
  index: number;
  type: 'os' | 'cloud';
  dir: string;
  project: string;
  answers: Record<string, string>;
  targets: (string | null)[][];
  args: string[];
}

const NAME = 'Hostile';
const CLASS = 'HostileDelegate';

function targetsOf(type: 'os' | 'cloud', t: string): { text: string; list: (string | null)[][] } {
  const first = t === '' || t === 'plain' ? 'plain2' : t;
  return type === 'os'
    ? { text: `${first}:${cut(first, 30)}:x86_64,plain`, list: [[first, cut(first, 30), 'x86_64'], ['plain', null, null]] }
    : { text: `${first},plain`, list: [[first], ['plain']] };
}

function generationArgs(answers: Record<string, string>, type: string): string[] {
  const args = ['--yes', '--name', NAME, '--class-name', CLASS, '--type', type, '--rpm', '--changelog-date', '2025-11-29'];
  for (const c of CARRIERS) args.push(`--${c.option}=${answers[c.key]}`);
  return args;
}

function findPwned(root: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'PWNED') found.push(join(d, e.name));
      if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(root);
  return found;
}

/** `python -m unittest discover` in a generated project, as runPluginTests does, without blocking the others. */
function unittest(env: PythonEnv, cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(env.command, [...env.args, '-m', 'unittest', 'discover'], { cwd, env: env.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolvePromise({ status, stderr }));
  });
}

const python = (args: string[], input: string) =>
  spawnSync('python3', args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120000 });

describe('hardening: hostile but valid text is carried exactly and safely', function () {
  this.timeout(300000);
  const root = tempDir('ifplugin-hostile-');
  const generations: Generation[] = [];
  const baselines = new Map<string, string>();
  const results = new Map<string, Awaited<ReturnType<typeof runBin>>>();
  let checked: { dir: string; info?: Record<string, unknown>; pyproject?: Record<string, unknown>; py: Record<string, { compiles: boolean; code: string[][] | null; error?: string }> }[] = [];
  const pwnedBefore = existsSync(join(process.cwd(), 'PWNED')) || existsSync('/tmp/PWNED');

  before(async function () {
    if (spawnSync('python3', ['-c', 'import tomllib']).status !== 0) {
      process.stderr.write('      (skipped: python3 with tomllib, Python 3.11 or later, is needed)\n');
      this.skip();
    }
    // Baselines: the same plugin from plain answers, one per type.
    for (const type of ['cloud', 'os'] as const) {
      const dir = join(root, `baseline-${type}`);
      mkdirSync(dir);
      const answers = { description: 'Plain', maintainerName: 'Ann', license: 'MIT', maintainerUrl: 'https://example.org/x?q=y', maintainerEmail: 'ann@example.org', targets: targetsOf(type, 'plain1').text };
      const r = await runBin(generationArgs(answers, type), dir);
      assert.equal(r.status, 0, r.stderr);
      baselines.set(type, join(dir, NAME));
    }
    const n = HOSTILE.length;
    for (let k = 0; k < n; k++) {
      const type = k % 2 ? 'os' : 'cloud';
      const answers: Record<string, string> = {};
      let targets: (string | null)[][] = [];
      CARRIERS.forEach((c, j) => {
        const value = c.carry(HOSTILE[(k + j) % n]);
        if (c.key === 'targets') {
          const t = targetsOf(type, value);
          answers.targets = t.text;
          targets = t.list;
        } else answers[c.key] = value;
      });
      const dir = join(root, `run-${k}`);
      mkdirSync(dir);
      generations.push({ index: k, type, dir, project: join(dir, NAME), answers, targets, args: generationArgs(answers, type) });
    }
    const runs = await pool(generations.map((g) => () => runBin(g.args, g.dir, { timeout: 60000 })), 4);
    generations.forEach((g, i) => results.set(g.project, runs[i]));
    const entries = [...generations.map((g) => g.project), ...baselines.values()].map((dir) => ({
      dir, info: join(dir, 'src', NAME, `${NAME}.info`), pyproject: join(dir, 'pyproject.toml'),
    }));
    const r = python([CHECKER], JSON.stringify(entries.filter((e) => existsSync(e.info))));
    assert.equal(r.status, 0, r.stderr);
    checked = JSON.parse(r.stdout);
  });

  const checkedOf = (dir: string) => checked.find((c) => c.dir === dir)!;

  it('accepts every hostile string as a description, maintainer name and license (they are valid text)', () => {
    const refused: string[] = [];
    for (const s of HOSTILE) {
      for (const key of ['description', 'maintainerName', 'license']) {
        const carrier = CARRIERS.find((c) => c.key === key)!;
        const problem = valueProblem(input(key), carrier.carry(s), { type: 'cloud' }, NO_GIT);
        if (problem) refused.push(`${key}: ${problem}`);
      }
    }
    assert.deepEqual(refused, []);
  });

  it('generates every plugin (exit 0, nothing left behind), and no payload ran', () => {
    for (const g of generations) {
      const r = results.get(g.project)!;
      assert.equal(r.status, 0, `run ${g.index}: ${r.stderr}`);
      assert.deepEqual(leftovers(g.dir), []);
    }
    assert.deepEqual(findPwned(root), []);
  });

  it('.info: every field comes back byte for byte through json.load', () => {
    for (const g of generations) {
      const info = checkedOf(g.project).info as Record<string, unknown>;
      const a = g.answers;
      assert.deepEqual(info, {
        type: g.type,
        targets: g.targets,
        description: a.description,
        maintainer: { name: a.maintainerName, email: a.maintainerEmail, url: a.maintainerUrl },
        version: '1.0',
        license: a.license,
      }, `run ${g.index}`);
    }
  });

  it('pyproject.toml holds no user text, and setup.py gives setuptools the exact values of the .info', () => {
    for (const g of generations) assert.equal(checkedOf(g.project).pyproject, null, `run ${g.index}: pyproject.toml has a [project] table`);
    const code = [
      'import json, os, sys',
      'import setuptools  # noqa: F401 (its distutils)',
      'from distutils.core import run_setup',
      'out = []',
      'for d in json.load(sys.stdin):',
      '    os.chdir(d)',
      '    m = run_setup("setup.py", stop_after="config").metadata',
      '    out.append([m.description, m.license, m.author, m.author_email, m.url])',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(generations.map((g) => g.project)), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const metadata = JSON.parse(r.stdout) as string[][];
    generations.forEach((g, i) => {
      const a = g.answers;
      assert.deepEqual(metadata[i], [a.description, a.license, a.maintainerName, a.maintainerEmail, a.maintainerUrl], `run ${g.index}`);
    });
  });

  it('every .py compiles, and user text reaches only strings, docstrings and comments (tokenize)', () => {
    const problems: string[] = [];
    for (const g of generations) {
      const mine = checkedOf(g.project).py;
      const base = checkedOf(baselines.get(g.type)!).py;
      assert.deepEqual(Object.keys(mine).sort(), Object.keys(base).sort());
      for (const [file, result] of Object.entries(mine)) {
        if (!result.compiles) problems.push(`run ${g.index} ${file}: ${result.error}`);
        else if (JSON.stringify(result.code) !== JSON.stringify(base[file].code)) {
          const i = result.code!.findIndex((t, j) => JSON.stringify(t) !== JSON.stringify(base[file].code![j]));
          problems.push(`run ${g.index} ${file}: code differs from the plain plugin's at token ${i}: ${JSON.stringify(result.code!.slice(i, i + 5))}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('no generated .py holds a raw control, line separator, BOM or bidirectional mark (Trojan Source): all escaped', () => {
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
    const problems: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const full = join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.py')) {
          const m = raw.exec(readFileSync(full, 'utf8'));
          if (m) problems.push(`${full}: U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
        }
      }
    };
    for (const g of generations) walk(g.project);
    assert.deepEqual(problems, []);
  });

  it("the plugin's own tests pass, and no payload ran during them", async function () {
    const env = pythonEnvs()[0];
    if (!env) this.skip();
    const runs = await pool(generations.map((g) => async () => ({ g, r: await unittest(env, g.project) })), 3);
    for (const { g, r } of runs) assert.equal(r.status, 0, `run ${g.index}:\n${r.stderr.slice(-2000)}`);
    assert.deepEqual(findPwned(root), []);
    assert.equal(existsSync(join(process.cwd(), 'PWNED')) || existsSync('/tmp/PWNED'), pwnedBefore);
  });

  it('the RPM spec keeps % literal: rpmspec gives back the exact summary, license and URL, and no packager', async function () {
    if (spawnSync('rpmspec', ['--version']).status !== 0) {
      process.stderr.write('      (skipped: rpmspec is not installed; on Debian: apt-get install rpm)\n');
      this.skip();
    }
    const queries = await pool(generations.map((g) => () => new Promise<{ status: number; stdout: string; stderr: string }>((resolvePromise) => {
      const spec = readdirSync(g.project).find((f) => f.endsWith('.spec'))!;
      execFile('rpmspec', ['-q', '--srpm', '--qf', '%{SUMMARY}\\n%{LICENSE}\\n%{URL}\\n%{PACKAGER}\\n', spec], { cwd: g.project, encoding: 'utf8' },
        (error, stdout, stderr) => resolvePromise({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    })), 4);
    for (const [i, g] of generations.entries()) {
      const r = queries[i];
      assert.equal(r.status, 0, `run ${g.index}: ${r.stderr}`);
      const a = g.answers;
      assert.deepEqual(r.stdout.split('\n').slice(0, 4), [
        rpmSummary(a.description), rpmVisible(a.license), a.maintainerUrl, '(none)',
      ], `run ${g.index}`);
    }
    assert.deepEqual(findPwned(root), []);
  });

  it('.yo-rc.json keeps every answer exactly: a re-run in the project changes nothing and says so', async () => {
    const reruns = await pool(generations.map((g) => async () => {
      const stored = JSON.parse(readFileSync(join(g.project, '.yo-rc.json'), 'utf8'))['generator-ifplugin'];
      const before = snapshot(g.project);
      const r = await runBin(['--yes'], g.project);
      return { g, stored, r, changes: treeChanges(before, snapshot(g.project)) };
    }), 4);
    for (const { g, stored, r, changes } of reruns) {
      for (const c of CARRIERS) assert.equal(stored[c.key], g.answers[c.key], `run ${g.index} ${c.key}`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /already up to date; nothing changed/);
      assert.deepEqual(changes, []);
    }
  });

  it('a delegate added to a hand-written plugin whose .info and file name carry the strings compiles, code unchanged', async () => {
    const folderFor = (dir: string, name: string, description: string) => {
      const folder = join(dir, 'plugin');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, '__init__.py'), 'from .Hand import Hand as delegate_class\n');
      writeFileSync(join(folder, `${name}.info`), JSON.stringify({ type: 'cloud', targets: [['hand']], description }));
      return folder;
    };
    // The name is a file name: everything but / (and NUL) and at most 255 bytes with ".info".
    const names = HOSTILE.map((s) => cut(s.replace(/\//g, ''), 40) || 'x').filter((s) => s !== '.' && s !== '..');
    const base = folderFor(join(root, 'hand-base'), 'Plain', 'Plain');
    const cases = HOSTILE.map((s, i) => ({ i, folder: folderFor(join(root, `hand-${i}`), names[(i + 1) % names.length], s) }));
    const runs = await pool([{ i: -1, folder: base }, ...cases].map((c) => async () => ({ c, r: await runBin(['delegate', '--yes', '--class-name', 'Extra'], c.folder) })), 4);
    for (const { c, r } of runs) assert.equal(r.status, 0, `hand ${c.i}: ${r.stderr}`);
    const py = python([CHECKER], JSON.stringify(runs.map(({ c }) => ({ dir: c.folder }))));
    assert.equal(py.status, 0, py.stderr);
    const [baseResult, ...rest]: { py: Record<string, { compiles: boolean; code: unknown }> }[] = JSON.parse(py.stdout);
    rest.forEach((res, i) => {
      const extra = res.py['Extra.py'];
      assert.ok(extra?.compiles, `hand ${i}: ${JSON.stringify(extra)}`);
      assert.deepEqual(extra.code, baseResult.py['Extra.py'].code, `hand ${i}`);
    });
    assert.deepEqual(findPwned(root), []);
  });

  it('carries every string through every free-text input, and generated a plugin for each', () => {
    const carried = CARRIERS.map((c) => {
      const n = HOSTILE.filter((s) => {
        const v = c.carry(s);
        return c.key === 'targets' ? v !== '' : !valueProblem(input(c.key), v, { type: 'cloud' }, NO_GIT);
      }).length;
      assert.equal(n, HOSTILE.length, `${c.option} carries ${n} of the ${HOSTILE.length} strings`);
      return `${c.option}: ${n}`;
    });
    assert.equal(generations.length, HOSTILE.length);
    console.log(`      hardening-text: ${HOSTILE.length} hostile strings, ${generations.length} generated plugins (each string once in every ` +
      `free-text input), ${HOSTILE.length} hand-written plugin folders; strings carried per input: ${carried.join(', ')}`);
  });
});
