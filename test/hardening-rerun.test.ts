// Re-runs, for `ifplugin` and `ifplugin delegate` (and `ifplugin templates`): the same answers over an unchanged
// plugin change nothing, not even a file's mtime, and say so; edited files are conflicts, listed and kept unless
// --force, and --force replaces only them; --dry-run lists what would be created or changed and writes nothing;
// without a terminal and without --force a conflict is an error that lists the files.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertUnchanged, folderCopy, leftovers, projectCopy, runBin, snapshot, treeChanges } from './support/hardening.js';
import { tempDir } from './support/cli.js';

const ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--maintainer-name', 'Ann', '--maintainer-email', 'ann@example.org', '--rpm', '--changelog-date', '2025-11-29'];
const FIXTURE = join(import.meta.dirname, 'fixtures', 'delegate', 'HandCloud');
const FILES = [
  '.gitignore', 'Makefile', 'pyproject.toml', 'README.md', 'python3-imagefactory-plugin-example.spec', 'src/Example/__init__.py',
  'src/Example/Example.info', 'tests/__init__.py', 'tests/imagefactory_builder.py', 'tests/imagefactory_env.py', 'tests/test_builder.py',
  'tests/test_info.py', 'tests/test_loader.py',
  'src/Example/Example.py', 'tests/test_Example.py', '.yo-rc.json',
];

/** The `status path` lines a run printed, as [status, path], sorted by path. */
const statusLines = (out: string) =>
  [...out.matchAll(/^ *(create|update|identical|conflict|force) (\S.*)$/gm)].map((m) => [m[1], m[2]]).sort((a, b) => a[1].localeCompare(b[1]));
const all = (status: string, prefix = '') => FILES.map((f) => [status, `${prefix}${f}`]).sort((a, b) => a[1].localeCompare(b[1]));

let scenarios = 0;
const scenario = (title: string, fn: () => Promise<void>) => it(title, async () => {
  scenarios++;
  await fn();
});

describe('hardening: re-runs', function () {
  this.timeout(60000);

  describe('ifplugin (app)', () => {
    scenario('the same answers over an unchanged plugin, inside it or from outside, change nothing and say so', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      const before = snapshot(dir);
      for (const [args, cwd] of [[['--yes'], project], [ARGS, dir], [[...ARGS, 'Example'], dir]] as const) {
        const r = await runBin([...args], cwd);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /Example: every file in \S+ is already up to date; nothing changed\./);
        assert.deepEqual(statusLines(r.stdout).map(([s]) => s), FILES.map(() => 'identical'));
        assert.equal(r.stderr, '');
        assertUnchanged(before, dir, `ifplugin ${args.join(' ')}`);
      }
    });

    scenario('--dry-run over an unchanged plugin lists every file as identical and writes nothing', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      const before = snapshot(dir);
      const r = await runBin(['--yes', '--dry-run'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(statusLines(r.stdout), all('identical'));
      assert.match(r.stdout, /^dry run: nothing was written$/m);
      assertUnchanged(before, dir, '--dry-run');
    });

    scenario('--dry-run of a new project lists every file to create and creates not even the folder', async () => {
      const dir = tempDir('ifplugin-hardening-');
      const before = snapshot(dir);
      const r = await runBin([...ARGS, '--dry-run'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(statusLines(r.stdout), all('create', 'Example/'));
      assertUnchanged(before, dir, '--dry-run');
    });

    scenario('edited files are conflicts: without a terminal or --force the run fails listing them, and writes nothing', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      appendFileSync(join(project, 'README.md'), '\nMy notes.\n');
      appendFileSync(join(project, 'src/Example/Example.py'), '\n# my code\n');
      rmSync(join(project, 'tests/test_info.py'));
      const before = snapshot(dir);
      const r = await runBin(['--yes'], project, { timeout: 10000 });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'ifplugin: 2 file(s) in . differ from what ifplugin would write: README.md, src/Example/Example.py; ' +
        'pass --force to overwrite them (or --dry-run to see the plan)\n');
      assertUnchanged(before, dir, 'a run with conflicts');
      assert.ok(!existsSync(join(project, 'tests/test_info.py')), 'the deleted file came back although the run failed');
    });

    scenario('--dry-run over edited files lists conflicts, files to create and identical ones, and writes nothing', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      appendFileSync(join(project, 'README.md'), '\nMy notes.\n');
      rmSync(join(project, 'tests/test_info.py'));
      const before = snapshot(dir);
      const r = await runBin(['--yes', '--dry-run', '--description', 'Changed'], project);
      assert.equal(r.status, 0, r.stderr);
      const lines = new Map(statusLines(r.stdout).map(([s, p]) => [p, s]));
      assert.equal(lines.get('README.md'), 'conflict');
      assert.equal(lines.get('tests/test_info.py'), 'create');
      assert.equal(lines.get('pyproject.toml'), 'conflict'); // the new description changes it
      assert.equal(lines.get('.yo-rc.json'), 'update'); // ifplugin's own record of the answers
      assert.equal(lines.get('Makefile'), 'identical');
      assertUnchanged(before, dir, '--dry-run');
    });

    scenario('--force overwrites the edited files, puts back deleted ones and leaves identical files untouched (mtime too)', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      const pristine = readFileSync(join(project, 'README.md'), 'utf8');
      appendFileSync(join(project, 'README.md'), '\nMy notes.\n');
      rmSync(join(project, 'tests/test_info.py'));
      const before = snapshot(dir);
      const r = await runBin(['--yes', '--force'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(statusLines(r.stdout).filter(([s]) => s !== 'identical'), [['force', 'README.md'], ['create', 'tests/test_info.py']]);
      assert.equal(readFileSync(join(project, 'README.md'), 'utf8'), pristine);
      const changed = treeChanges(before, snapshot(dir)).filter((c) => !c.startsWith('Example: mtime') && !c.startsWith('Example/tests: mtime'));
      assert.deepEqual(changed.map((c) => c.replace(/ \S+ -> \S+$/, '')), ['Example/README.md: size', 'Example/README.md: content', 'Example/README.md: mtime', 'added Example/tests/test_info.py']);
      assert.deepEqual(leftovers(dir), []);
    });

    scenario('an executable file overwritten with --force stays executable', async () => {
      const { project } = projectCopy(ARGS, 'Example');
      const file = join(project, 'tests/test_loader.py');
      appendFileSync(file, '\n# edited\n');
      chmodSync(file, 0o755);
      const r = await runBin(['--yes', '--force'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(statSync(file).mode & 0o777, 0o755);
    });
  });

  describe('ifplugin delegate', () => {
    const withExtra = async () => {
      const copy = projectCopy(ARGS, 'Example');
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--methods', 'push_image_to_provider'], copy.project);
      assert.equal(r.status, 0, r.stderr);
      return copy;
    };

    scenario('the same answers again change nothing and say so, in a project and in a hand-written plugin folder', async () => {
      const { dir, project } = await withExtra();
      const before = snapshot(dir);
      for (const cwd of [project, join(project, 'tests'), join(project, 'src/Example')]) {
        const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--methods', 'push_image_to_provider'], cwd);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^ {2}every file is already up to date: nothing changed$/m);
        assert.deepEqual(statusLines(r.stdout).map(([s, p]) => [s, p.replace(`${project}/`, '')]), [['identical', 'src/Example/Extra.py'], ['identical', 'tests/test_Extra.py']]);
        assertUnchanged(before, dir, 'the delegate re-run');
      }

      const hand = folderCopy(FIXTURE, 'HandCloud');
      const first = await runBin(['delegate', '--yes', '--class-name', 'Mirror', '--export'], hand.folder);
      assert.equal(first.status, 0, first.stderr);
      const handBefore = snapshot(hand.dir);
      const again = await runBin(['delegate', '--yes', '--class-name', 'Mirror', '--export'], hand.folder);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /already up to date/);
      assertUnchanged(handBefore, hand.dir, 'the delegate re-run in a plugin folder');
    });

    scenario('--dry-run lists what would change (new methods) and writes nothing', async () => {
      const { dir, project } = await withExtra();
      const before = snapshot(dir);
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--dry-run'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(statusLines(r.stdout), [['conflict', 'src/Example/Extra.py'], ['conflict', 'tests/test_Extra.py']]);
      assert.match(r.stdout, /^dry run: nothing was written$/m);
      assertUnchanged(before, dir, 'delegate --dry-run');
      const fresh = await runBin(['delegate', '--yes', '--class-name', 'Other', '--dry-run', '--export'], project);
      assert.equal(fresh.status, 0, fresh.stderr);
      assert.deepEqual(statusLines(fresh.stdout), [['update', 'src/Example/__init__.py'], ['create', 'src/Example/Other.py'], ['create', 'tests/test_Other.py']]);
      assertUnchanged(before, dir, 'delegate --dry-run --export');
    });

    scenario('an edited delegate is a conflict: without --force the run fails listing it and writes nothing', async () => {
      const { dir, project } = await withExtra();
      appendFileSync(join(project, 'src/Example/Extra.py'), '\n# mine\n');
      const before = snapshot(dir);
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--methods', 'push_image_to_provider', '--export'], project, { timeout: 10000 });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, 'ifplugin delegate: 1 file(s) differ from what ifplugin would write for Extra: ./src/Example/Extra.py; pass --force to overwrite them\n');
      assertUnchanged(before, dir, 'a delegate run with a conflict');
    });

    scenario('--force overwrites only the edited delegate', async () => {
      const { dir, project } = await withExtra();
      const file = join(project, 'src/Example/Extra.py');
      const pristine = readFileSync(file, 'utf8');
      writeFileSync(file, `${pristine}\n# mine\n`);
      const before = snapshot(dir);
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--methods', 'push_image_to_provider', '--force'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(statusLines(r.stdout), [['force', 'src/Example/Extra.py'], ['identical', 'tests/test_Extra.py']]);
      assert.equal(readFileSync(file, 'utf8'), pristine);
      const changed = treeChanges(before, snapshot(dir)).filter((c) => !c.includes('Example/src/Example: mtime'));
      assert.deepEqual(changed.map((c) => c.replace(/ \S+ -> \S+$/, '')), ['Example/src/Example/Extra.py: size', 'Example/src/Example/Extra.py: content', 'Example/src/Example/Extra.py: mtime']);
    });

    scenario('ifplugin (app) over a project whose delegate_class was changed by delegate --export shows the export as a conflict', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--export'], project);
      assert.equal(r.status, 0, r.stderr);
      const before = snapshot(dir);
      const app = await runBin(['--yes'], project);
      assert.equal(app.status, 1);
      assert.match(app.stderr, /^ifplugin: 1 file\(s\) in \. differ from what ifplugin would write: src\/Example\/__init__\.py; pass --force/);
      assertUnchanged(before, dir, 'the app re-run');
    });
  });

  describe('ifplugin templates', () => {
    scenario('a second eject is up to date; an edited template is a conflict unless --force', async () => {
      const dir = tempDir('ifplugin-hardening-');
      assert.equal((await runBin(['templates'], dir)).status, 0);
      const before = snapshot(dir);
      const again = await runBin(['templates'], dir);
      assert.equal(again.status, 0, again.stderr);
      assert.ok(statusLines(again.stdout).every(([s]) => s === 'identical'));
      assertUnchanged(before, dir, 'templates re-run');
      appendFileSync(join(dir, 'ifplugin-templates/app/README.md.ejs'), '\nmine\n');
      const edited = snapshot(dir);
      const r = await runBin(['templates'], dir);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^ifplugin templates: 1 file\(s\) in \.\/ifplugin-templates differ from what ifplugin would write: app\/README\.md\.ejs; pass --force/);
      assertUnchanged(edited, dir, 'templates with a conflict');
    });
  });

  after(() => console.log(`      hardening-rerun: ${scenarios} re-run scenarios`));
});
