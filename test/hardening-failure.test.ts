// All or nothing: a run that fails at any point, before writing or in the middle of it, leaves the destination
// exactly as it was (every entry's type, mode, content and mtime; folders' mtimes put back), with no temporary
// files of lib/cli/write.ts left behind, in an empty destination and in one that holds a plugin already.
// And without a terminal nothing ever waits: missing values, conflicts and confirmations end the run at once
// with a message naming what to pass, whether stdin is closed or an open pipe nobody writes to.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertUnchanged, leftovers, oneLineError, projectCopy, runBin, snapshot, type RunResult } from './support/hardening.js';
import { BIN, tempDir } from './support/cli.js';

const ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--rpm', '--changelog-date', '2025-11-29'];
const NEW = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y'];

/** A folder of user templates: { 'app/README.md.ejs': text, ... }. */
function templates(files: Record<string, string>): string {
  const dir = tempDir('ifplugin-hardening-templates-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Setup {
  /** The folder whose snapshot must not change. */
  dir: string;
  cwd: string;
  args: string[];
  cleanup?: () => void;
}

/** Where a scenario runs: a new project in an empty folder, or a re-run with --force over a plugin (so that files would change). */
const STATES: Record<string, (extra: string[], prepare?: (project: string) => void) => Setup> = {
  empty: (extra, prepare) => {
    const dir = tempDir('ifplugin-hardening-');
    if (prepare) {
      mkdirSync(join(dir, 'Example'));
      prepare(join(dir, 'Example'));
    }
    return { dir, cwd: dir, args: [...NEW, ...extra] };
  },
  plugin: (extra, prepare) => {
    const { dir, project } = projectCopy(ARGS, 'Example');
    prepare?.(project);
    return { dir, cwd: project, args: ['--yes', '--force', '--description', 'A changed description', ...extra] };
  },
};

let failures = 0;

async function failsCleanly(setup: Setup, expected: RegExp, command = ''): Promise<RunResult> {
  failures++;
  try {
    const before = snapshot(setup.dir);
    const r = await runBin(command ? [command, ...setup.args] : setup.args, setup.cwd, { timeout: 20000 });
    assert.notEqual(r.status, 0, `the run succeeded:\n${r.stdout}`);
    // A notice (a project's own templates about to run) comes before the error line.
    assert.match(oneLineError({ ...r, stderr: r.stderr.replace(/^notice: .*\n/gm, '') }, command), expected);
    assert.deepEqual(leftovers(setup.dir), [], 'temporary files left behind');
    assertUnchanged(before, setup.dir, 'the failed run');
    return r;
  } finally {
    setup.cleanup?.();
  }
}

const chattrWorks = (() => {
  const dir = tempDir('ifplugin-chattr-');
  const file = join(dir, 'f');
  writeFileSync(file, '');
  const ok = spawnSync('chattr', ['+i', file]).status === 0;
  if (ok) spawnSync('chattr', ['-i', file]);
  return ok;
})();

describe('hardening: a failed run writes nothing', function () {
  this.timeout(60000);

  for (const state of Object.keys(STATES)) {
    describe(`in ${state === 'empty' ? 'an empty folder' : 'a folder holding a plugin (--force, changed answers)'}`, () => {
      const setup = STATES[state];

      it('a user template that uses an undefined variable', async () => {
        const dir = templates({ 'app/README.md.ejs': '# <%- name %>\n\n<%- noSuchVariable %>\n' });
        await failsCleanly(setup(['--templates', dir]), /README\.md\.ejs:3: noSuchVariable is not defined$/);
      });

      it('a user template with an EJS syntax error', async () => {
        const dir = templates({ 'app/README.md.ejs': '# <%- name %>\n<% if (true) { %>\nno closing brace\n' });
        await failsCleanly(setup(['--templates', dir]), /README\.md\.ejs(:\d+)?: \S/);
      });

      it('a user template that writes with <%= %> (not allowed: raw output through a helper only)', async () => {
        const dir = templates({ 'app/Makefile.ejs': 'PLUGIN = <%= name %>\n' });
        await failsCleanly(setup(['--templates', dir]), /Makefile\.ejs:1: <%= is not allowed/);
      });

      it('a value that fails validation', async () => {
        await failsCleanly(setup(['--plugin-version', '1.0-beta']), /^--plugin-version: "1\.0-beta" is not a PEP 440 version/);
      });

      it('a folder where a file must go', async () => {
        const s = setup([], (project) => {
          rmSync(join(project, 'README.md'), { force: true });
          mkdirSync(join(project, 'README.md'));
          writeFileSync(join(project, 'README.md', 'mine.txt'), 'my file\n');
        });
        await failsCleanly(s, /README\.md is a folder where ifplugin writes a file: move it away$/);
      });

      it('a file where a folder must go', async () => {
        const s = setup([], (project) => {
          rmSync(join(project, 'tests'), { recursive: true, force: true });
          writeFileSync(join(project, 'tests'), 'my file\n');
        });
        await failsCleanly(s, /tests is a file where ifplugin needs a folder \(for tests\/__init__\.py\): move it away$/);
      });

      it('a failure in the middle of writing, while files are being renamed into place', async () => {
        // The user's templates add zz and zz/x: the plan collides with itself, so the run fails when it renames zz
        // into place, after the files before it (README.md, pyproject.toml, ... in the plugin) were replaced.
        const dir = templates({ 'app/zz.ejs': 'a file\n', 'app/zz/x.ejs': 'a file in a folder of the same name\n' });
        await failsCleanly(setup(['--templates', dir]), /^(Example\/)?zz could not be written \(EISDIR: illegal operation on a directory\); nothing was changed$/);
      });

      it('a file that cannot be replaced (chattr +i, which stops root too), and a folder that cannot be written', async function () {
        if (!chattrWorks) {
          process.stderr.write('        (skipped: chattr +i does not work here; it needs CAP_LINUX_IMMUTABLE and ext2/3/4, xfs or btrfs)\n');
          this.skip();
        }
        if (state === 'empty') {
          const s = setup([]);
          mkdirSync(join(s.dir, 'Example'));
          spawnSync('chattr', ['+i', join(s.dir, 'Example')]);
          await failsCleanly({ ...s, cleanup: () => spawnSync('chattr', ['-i', join(s.dir, 'Example')]) }, /EPERM|EACCES/);
          return;
        }
        // test_Example.py comes after every other changed file but .yo-rc.json: they are in place when it fails.
        const file = (p: string) => join(p, 'tests', 'test_Example.py');
        let project = '';
        const s = setup([], (p) => {
          project = p;
          appendFileSync(file(p), '\n# edited\n');
          spawnSync('chattr', ['+i', file(p)]);
        });
        await failsCleanly({ ...s, cleanup: () => spawnSync('chattr', ['-i', file(project)]) }, /^tests\/test_Example\.py could not be written \(EPERM: operation not permitted\); nothing was changed$/);
        const t = setup([], (p) => {
          project = p;
          appendFileSync(join(p, 'tests', 'test_info.py'), '\n# edited\n');
          spawnSync('chattr', ['+i', join(p, 'tests')]);
        });
        await failsCleanly({ ...t, cleanup: () => spawnSync('chattr', ['-i', join(project, 'tests')]) }, /EPERM|EACCES/);
      });
    });
  }

  describe('ifplugin delegate', () => {
    const inProject = (extra: string[], prepare?: (project: string) => void): Setup => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      prepare?.(project);
      return { dir, cwd: project, args: ['--yes', '--class-name', 'Extra', '--export', ...extra] };
    };

    it('a broken delegate template', async () => {
      const dir = templates({ 'delegate/src/__name__/__module__.py.ejs': '<%- nope %>\n' });
      await failsCleanly(inProject(['--templates', dir]), /__module__\.py\.ejs:1: nope is not defined$/, 'delegate');
    });

    it('a broken template recorded in .yo-rc.json', async () => {
      const dir = templates({ 'delegate/tests/test___module__.py.ejs': '<% for ( %>\n' });
      const s = inProject([], (project) => {
        const rc = join(project, '.yo-rc.json');
        const stored = JSON.parse(readFileSync(rc, 'utf8'));
        // Inside the project: a folder outside is taken only from the command line.
        cpSync(dir, join(project, 'tpl'), { recursive: true });
        stored['generator-ifplugin'].templates = 'tpl';
        writeFileSync(rc, JSON.stringify(stored, null, 2));
      });
      await failsCleanly(s, /test___module__\.py\.ejs(:\d+)?: \S/, 'delegate');
    });

    it('a folder where the delegate module must go', async () => {
      const s = inProject([], (project) => mkdirSync(join(project, 'src/Example/Extra.py', 'inside'), { recursive: true }));
      await failsCleanly(s, /^src\/Example\/Extra\.py is a folder where ifplugin writes a file: move it away$/, 'delegate');
    });

    it('a file where the tests folder must go', async () => {
      const s = inProject(['--force'], (project) => {
        rmSync(join(project, 'tests'), { recursive: true });
        writeFileSync(join(project, 'tests'), '');
      });
      await failsCleanly(s, /tests/, 'delegate');
    });
  });

  describe('Ctrl-C and signals at a prompt (--interactive, stdin a pipe)', () => {
    const atPrompt = async (cwd: string, args: string[], send: (child: ChildProcess) => void) => {
      let asked = false;
      return runBin(args, cwd, {
        stdin: 'open',
        timeout: 15000,
        onSpawn: (child) => {
          child.stdout!.on('data', (d: Buffer | string) => {
            if (!asked && String(d).includes('?')) {
              asked = true;
              setTimeout(() => send(child), 100);
            }
          });
        },
      });
    };

    // With stdin a pipe, Ctrl-C reaches the run as the SIGINT the terminal sends to it (a \x03 byte in a pipe is
    // just a byte); in a terminal, readline reads the key itself (test/hardening-tty.test.ts).
    for (const [state, command] of [['empty', []], ['plugin', []], ['plugin', ['delegate']]] as const) {
      it(`Ctrl-C (SIGINT) at the first question of ifplugin ${command[0] ?? 'app'}, ${state === 'empty' ? 'in an empty folder' : 'in a plugin'}`, async () => {
        const { dir, project } = state === 'empty' ? { dir: tempDir('ifplugin-hardening-'), project: '' } : projectCopy(ARGS, 'Example');
        const before = snapshot(dir);
        failures++;
        const r = await atPrompt(project || dir, [...command, '--interactive'], (child) => child.kill('SIGINT'));
        assert.equal(r.status, 130, r.stderr);
        assert.equal(r.stderr, `ifplugin${command[0] ? ` ${command[0]}` : ''}: cancelled at a question: nothing was written\n`);
        assertUnchanged(before, dir, 'Ctrl-C');
      });
    }

    it('Ctrl-C, abort and "keep yours" at the question about a changed file', async () => {
      const cases = [['SIGINT', 130, /cancelled at a question/], ['x\n', 1, /aborted at the question about a changed file: nothing was written/], ['n\n', 0, /^$/]] as const;
      for (const [answer, status, message] of cases) {
        const { dir, project } = projectCopy(ARGS, 'Example');
        const info = join(project, 'src/Example/Example.info');
        const mine = readFileSync(info, 'utf8').replace('"version": "1.0"', '"version": "1.0.mine"');
        writeFileSync(info, mine);
        const before = snapshot(dir);
        failures++;
        let asked = false;
        // A new version changes the line the author changed: a conflict, asked about.
        const r = await runBin(['--interactive', '--plugin-version', '2.0'], project, {
          stdin: 'open',
          timeout: 15000,
          onSpawn: (child) => {
            // Enter at every question (the stored answers), then the answer at the conflict's. A question is
            // waiting when the output stops on a prompt line: "? ... " or "  number or name ...: ".
            let output = '';
            let timer: NodeJS.Timeout | undefined;
            child.stdout!.on('data', (d: Buffer | string) => {
              output += String(d);
              clearTimeout(timer);
              if (asked) return;
              if (output.includes('src/Example/Example.info was changed since ifplugin wrote it')) {
                asked = true;
                setTimeout(() => (answer === 'SIGINT' ? child.kill('SIGINT') : child.stdin!.write(answer)), 100);
                return;
              }
              timer = setTimeout(() => {
                // eslint-disable-next-line no-control-regex
                const last = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/).pop()!;
                if (/^(\? .*|  number or name .*:|  letter .*:) $/.test(last)) child.stdin!.write('\n');
              }, 100);
            });
          },
        });
        assert.ok(asked, r.stdout);
        assert.equal(r.status, status, r.stderr);
        assert.match(r.stderr, message);
        if (status === 0) {
          assert.match(r.stdout, /Kept as you have them: src\/Example\/Example\.info\./);
          assert.equal(readFileSync(info, 'utf8'), mine);
        } else {
          assertUnchanged(before, dir, `answering ${JSON.stringify(answer)}`);
        }
      }
    });
  });

  after(() => console.log(`      hardening-failure: ${failures} failure scenarios, each checked against a full snapshot`));
});

describe('hardening: without a terminal nothing waits', function () {
  this.timeout(60000);
  const plugin = () => projectCopy(ARGS, 'Example').project;
  /** The .info's version line changed by the author: --plugin-version changes the same line. */
  const edited = () => {
    const p = plugin();
    const info = join(p, 'src/Example/Example.info');
    writeFileSync(info, readFileSync(info, 'utf8').replace('"version": "1.0"', '"version": "1.0.mine"'));
    return p;
  };
  /** A delegate Extra with all methods, whose delete_from_provider stub the author changed. */
  const withExtra = () => {
    const p = plugin();
    spawnSync(process.execPath, [BIN, 'delegate', '--yes', '--class-name', 'Extra'], { cwd: p });
    const module = join(p, 'src/Example/Extra.py');
    writeFileSync(module, readFileSync(module, 'utf8').replace("'Example: delete_from_provider is not implemented yet'", "'mine'"));
    return p;
  };
  const templatesEdited = () => {
    const d = tempDir('ifplugin-hardening-');
    spawnSync(process.execPath, [BIN, 'templates'], { cwd: d });
    appendFileSync(join(d, 'ifplugin-templates/app/Makefile.ejs'), '\n# mine\n');
    return d;
  };
  // [title, folder, arguments, message, only with stdin closed (--interactive asks, and an open pipe may answer)]
  const cases: [string, () => string, string[], RegExp, boolean?][] = [
    ['app: no values', () => tempDir('ifplugin-hardening-'), [], /--type and --targets are required when there is no terminal to ask: pass --type cloud\|os --targets <targets>, or --yes/],
    ['app: a missing value', () => tempDir('ifplugin-hardening-'), ['--type', 'os', '--name', 'X'], /--targets is required when there is no terminal to ask: pass --targets <targets>/],
    ['app: a conflict', edited, ['--plugin-version', '2.0'], /changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Example\.info \(line 12\); nothing was written: /],
    ['app: --interactive', () => tempDir('ifplugin-hardening-'), ['--interactive'], /cancelled at a question: nothing was written/, true],
    ['delegate: no class name', plugin, ['delegate'], /--class-name is required when there is no terminal to ask: pass --class-name/],
    ['delegate: outside a plugin', () => tempDir('ifplugin-hardening-'), ['delegate', '--class-name', 'X'], /pass --type os\|cloud and --name <Name>/],
    ['delegate: a conflict', withExtra, ['delegate', '--class-name', 'Extra', '--methods', 'push_image_to_provider'], /changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Extra\.py \(lines? [\d-]+\); nothing was written: /],
    ['delegate: --interactive', plugin, ['delegate', '--interactive'], /cancelled at a question: nothing was written/, true],
    ['templates: a conflict', templatesEdited, ['templates'], /changed since ifplugin wrote them, and it would change the same lines: app\/Makefile\.ejs; nothing was written: /],
    ['validate: no path, in a folder without plugins', () => tempDir('ifplugin-hardening-'), ['validate'], /^1 error, 0 warnings \(0 plugin folders, 0 other \.info files\)\n$/],
  ];
  let count = 0;
  for (const [title, make, args, message, closedOnly] of cases) {
    it(`${title}: exits non-zero at once, naming what to pass (stdin closed${closedOnly ? '' : ', and stdin an open pipe'})`, async () => {
      for (const stdin of closedOnly ? (['closed'] as const) : (['closed', 'open'] as const)) {
        const cwd = make();
        const before = snapshot(cwd);
        const r = await runBin(args, cwd, { stdin, timeout: 10000 });
        count++;
        assert.ok(!r.timedOut, `it waited (stdin ${stdin})`);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assertUnchanged(before, cwd, title);
      }
    });
  }
  after(() => console.log(`      hardening-failure (no terminal): ${count} runs, none waited`));
});
