// The two front ends are one product: every command run through the bin and through the real yo 7 with the same
// flags, in copies of the same folder, leaves the same files, ends with the same exit status and says the same
// things: the same listing and summary on stdout, and the same one-line error (yo prints it under its own
// "Error <command line>" header). Their --help lists the same flags, within 100 columns.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../lib/commands/specs.js';
import { BIN, tempDir } from './support/cli.js';
import { pool, snapshot, treeChanges } from './support/hardening.js';
import { ensureYo, yoWorkspace } from './support/yo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const PROJECT = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function spawned(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A folder to run in, made once and copied for each front end. */
type Setup = (dir: string) => string;

const emptyFolder: Setup = (dir) => dir;
const project: Setup = (dir) => {
  assert.equal(spawnSync(process.execPath, [BIN, ...PROJECT], { cwd: dir }).status, 0);
  return join(dir, 'Example');
};
/** A project whose author changed the .info's version line and the delete_from_provider stub. */
const editedProject: Setup = (dir) => {
  const p = project(dir);
  const edit = (file: string, from: string, to: string) => writeFileSync(join(p, file), readFileSync(join(p, file), 'utf8').replace(from, to));
  edit('src/Example/Example.info', '"version": "1.0"', '"version": "1.0.mine"');
  edit('src/Example/Example.py', "'Example: delete_from_provider is not implemented yet'", "'mine'");
  return p;
};
const chattrWorks = (() => {
  const file = join(tempDir('ifplugin-chattr-'), 'f');
  writeFileSync(file, '');
  const ok = spawnSync('chattr', ['+i', file]).status === 0;
  if (ok) spawnSync('chattr', ['-i', file]);
  return ok;
})();
/** A project with an edited .info that cannot be replaced (chattr +i stops root too). */
const unwritableProject: Setup = (dir) => {
  const p = editedProject(dir);
  spawnSync('chattr', ['+i', join(p, 'src/Example/Example.info')]);
  return p;
};
const ejected: Setup = (dir) => {
  assert.equal(spawnSync(process.execPath, [BIN, 'templates', '--only', 'README.md.ejs'], { cwd: dir }).status, 0);
  appendFileSync(join(dir, 'ifplugin-templates/app/README.md.ejs'), '\nmine\n');
  return dir;
};
const pluginsD: Setup = (dir) => {
  mkdirSync(join(dir, 'plugins.d'));
  cpSync(join(FIXTURES, 'validate', 'plugins.d', 'Bare.info'), join(dir, 'plugins.d', 'Bare.info'));
  return dir;
};

interface Case {
  title: string;
  setup: Setup;
  command: '' | 'delegate' | 'templates' | 'validate';
  args: string[];
  status: number;
  /** The error both print, when the run fails with one. */
  error?: RegExp;
}

const CASES: Case[] = [
  { title: 'app: a new project', setup: emptyFolder, command: '', args: [...PROJECT, '--rpm'], status: 0 },
  { title: 'app: --dry-run', setup: emptyFolder, command: '', args: [...PROJECT, '--dry-run'], status: 0 },
  { title: 'app: an edited line it changes, no terminal', setup: editedProject, command: '', args: ['--plugin-version', '2.0'], status: 1, error: /changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Example\.info \(line \d+\); nothing was written/ },
  { title: 'app: --conflict-markers', setup: editedProject, command: '', args: ['--plugin-version', '2.0', '--conflict-markers'], status: 1, error: /written with conflict markers: src\/Example\/Example\.info/ },
  { title: 'app: --force', setup: editedProject, command: '', args: ['--plugin-version', '2.0', '--force'], status: 0 },
  { title: 'app: edits it merges', setup: editedProject, command: '', args: ['--targets', 'x,y'], status: 0 },
  { title: 'app: an unwritable file', setup: unwritableProject, command: '', args: ['--plugin-version', '2.0', '--force'], status: 1, error: /could not be written \(EPERM/ },
  { title: 'app: a bad value', setup: emptyFolder, command: '', args: ['--yes', '--name', '9lives'], status: 1, error: /^--name: "9lives" is not a valid plugin name/ },
  { title: 'app: an unknown option', setup: emptyFolder, command: '', args: ['--yes', '--nmae', 'Foo'], status: 2, error: /^unknown option '--nmae' \(see ifplugin --help\)$/ },
  { title: 'delegate: an unknown option', setup: project, command: 'delegate', args: ['--class-name', 'Mirror', '-x'], status: 2, error: /^unknown option '-x' \(see ifplugin delegate --help\)$/ },
  { title: 'delegate: --export', setup: project, command: 'delegate', args: ['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'], status: 0 },
  { title: 'delegate: --dry-run', setup: project, command: 'delegate', args: ['--class-name', 'Mirror', '--dry-run'], status: 0 },
  { title: 'delegate: an edited method it changes, no terminal', setup: editedProject, command: 'delegate', args: ['--class-name', 'Example', '--methods', 'push_image_to_provider'], status: 1, error: /changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Example\.py/ },
  { title: 'templates: an edited template, no terminal', setup: ejected, command: 'templates', args: ['--only', 'README.md.ejs'], status: 1, error: /changed since ifplugin wrote them, and it would change the same lines: app\/README\.md\.ejs;/ },
  { title: 'templates: --force', setup: ejected, command: 'templates', args: ['--only', 'README.md.ejs', '--force'], status: 0 },
  { title: 'validate: findings', setup: pluginsD, command: 'validate', args: ['plugins.d'], status: 1 },
  { title: 'validate: --json', setup: pluginsD, command: 'validate', args: ['--json', '--no-python', 'plugins.d'], status: 1 },
];

/** What yo adds around an error: its "Error <command line>" header and a blank line. */
const errorOf = (r: Run, prefix: string) => r.stderr.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length);

describe('the bin and yo ifplugin are one product', function () {
  this.timeout(240000);
  let yo: string | undefined;
  const results = new Map<string, { bin: Run; yo: Run; binTree: string[]; yoTree: string[] }>();

  before(async function () {
    yo = ensureYo().yo;
    if (!yo) {
      process.stderr.write('      (skipped: yo 7 could not be installed from the npm registry)\n');
      this.skip();
    }
    const { work, env } = yoWorkspace('ifplugin-front-ends-');
    const jobs = CASES.map((c, i) => async () => {
      const runIn = async (front: 'bin' | 'yo') => {
        const base = join(work, `${i}-${front}`);
        mkdirSync(base);
        const cwd = c.setup(base);
        const before = snapshot(base);
        const r = front === 'bin'
          ? await spawned(process.execPath, [BIN, ...(c.command ? [c.command] : []), ...c.args], cwd, env)
          : await spawned(yo!, [`ifplugin${c.command ? `:${c.command}` : ''}`, ...c.args], cwd, env);
        const after = snapshot(base);
        // What changed, and the content of every file after the run (the times differ between two runs, of course).
        const changes = [
          ...treeChanges(before, after).map((change) => change.replace(/^([^:]*: \w+) .*$/, '$1')),
          ...[...after].map(([path, e]) => `${path} ${e.type} ${e.content ?? ''}`),
        ];
        spawnSync('chattr', ['-R', '-i', base]);
        return { r, changes };
      };
      const [bin, yoRun] = await Promise.all([runIn('bin'), runIn('yo')]);
      results.set(c.title, { bin: bin.r, yo: yoRun.r, binTree: bin.changes, yoTree: yoRun.changes });
    });
    await pool(jobs, 3);
  });

  for (const c of CASES) {
    it(c.title, function () {
      if (c.setup === unwritableProject && !chattrWorks) {
        process.stderr.write('        (skipped: chattr +i does not work here)\n');
        this.skip();
      }
      const { bin, yo: y, binTree, yoTree } = results.get(c.title)!;
      assert.equal(bin.status, c.status, bin.stderr + bin.stdout);
      assert.equal(y.status, c.status, y.stderr + y.stdout);
      assert.deepEqual(yoTree, binTree, 'the two runs changed different files');
      assert.equal(y.stdout, bin.stdout);
      if (c.error) {
        const program = `ifplugin${c.command ? ` ${c.command}` : ''}: `;
        const binError = errorOf(bin, program);
        assert.match(binError ?? '', c.error, bin.stderr);
        assert.equal(bin.stderr.trim().split('\n').length, 1, bin.stderr);
        // A usage error points to the help of the front end it came from.
        const yoError = binError!.replace(/\(see ifplugin( (\w+))? --help\)$/, (_m, _c, name?: string) => `(see yo ifplugin${name ? `:${name}` : ''} --help)`);
        assert.ok(y.stderr.split('\n').includes(yoError), `yo does not print "${yoError}":\n${y.stderr}`);
        assert.doesNotMatch(y.stderr, /An error occured while running/);
      } else if (c.command !== 'validate') {
        assert.equal(y.stderr, bin.stderr);
      }
    });
  }

  it('--help of each command lists the same flags through both, within 100 columns', () => {
    const { work, env } = yoWorkspace('ifplugin-front-ends-help-');
    for (const spec of Object.values(COMMANDS)) {
      const bin = spawnSync(process.execPath, [BIN, ...(spec.name === 'app' ? [] : [spec.name]), '--help'], { cwd: work, env, encoding: 'utf8' });
      const y = spawnSync(yo!, [`ifplugin${spec.name === 'app' ? '' : `:${spec.name}`}`, '--help'], { cwd: work, env, encoding: 'utf8' });
      assert.equal(bin.status, 0, bin.stderr);
      assert.equal(y.status, 0, y.stderr);
      const flags = (text: string) => [...text.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]);
      assert.deepEqual(flags(y.stdout), flags(bin.stdout), spec.name);
      assert.deepEqual(flags(bin.stdout), spec.flags.map((f) => f.name), spec.name);
      for (const text of [bin.stdout, y.stdout]) {
        const wide = text.split('\n').filter((l) => l.length > 100);
        assert.deepEqual(wide, [], `${spec.name}: lines over 100 columns`);
        assert.match(text, /^Examples:$/m);
      }
      assert.match(y.stdout, new RegExp(`^Usage: yo ifplugin${spec.name === 'app' ? '' : `:${spec.name}`} `, 'm'));
    }
  });
});
