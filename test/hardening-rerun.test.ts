// Re-runs, for `ifplugin` and `ifplugin delegate` (and `ifplugin templates`): the same answers over an unchanged
// plugin change nothing, not even a file's mtime, and say so; an author's edits are kept, and merged with what new
// answers change; an edit of a line the new answers change too is a conflict, which without a terminal is an error
// that lists the files and lines and writes nothing; --force replaces only edited files; --dry-run lists what would
// happen and writes nothing.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertUnchanged, folderCopy, leftovers, projectCopy, runBin, snapshot, treeChanges } from './support/hardening.js';
import { tempDir } from './support/cli.js';

const ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--maintainer-name', 'Ann', '--maintainer-email', 'ann@example.org', '--rpm', '--changelog-date', '2025-11-29'];
const FIXTURE = join(import.meta.dirname, 'fixtures', 'delegate', 'HandCloud');
const FILES = [
  '.gitignore', 'MANIFEST.in', 'Makefile', 'pyproject.toml', 'README.md', 'python3-imagefactory-plugin-example.rpmlintrc',
  'python3-imagefactory-plugin-example.spec', 'setup.py', 'src/Example/__init__.py',
  'src/Example/Example.info', 'tests/__init__.py', 'tests/imagefactory_builder.py', 'tests/imagefactory_env.py', 'tests/test_builder.py',
  'tests/test_info.py', 'tests/test_loader.py',
  'src/Example/Example.py', 'tests/test_Example.py', '.yo-rc.json',
];

/** The `status path` lines a run printed, as [status, path], sorted by path. */
const statusLines = (out: string) =>
  [...out.matchAll(/^ *(create|update|identical|conflict|force|merge|keep|markers|remove) (\S.*)$/gm)].map((m) => [m[1], m[2]]).sort((a, b) => a[1].localeCompare(b[1]));
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

    /** The README line that lists target x, the .info's version line, and the delegate's last line, edited. */
    const edit = (project: string) => {
      const change = (file: string, from: string, to: string) => {
        const text = readFileSync(join(project, file), 'utf8');
        assert.ok(text.includes(from), `${file} has no ${from}`);
        writeFileSync(join(project, file), text.replace(from, to));
      };
      change('README.md', '- `--target x`', '- `--target x` (our main cloud)');
      change('src/Example/Example.info', '"version": "1.0"', '"version": "1.0.mine"');
      appendFileSync(join(project, 'src/Example/Example.py'), '\n# my code\n');
    };
    const CHANGE = ['--yes', '--targets', 'z', '--plugin-version', '2.0'];

    scenario('edits of lines the new answers change are conflicts: without a terminal the run lists them and writes nothing', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      edit(project);
      rmSync(join(project, 'tests/test_info.py'));
      const before = snapshot(dir);
      const r = await runBin(CHANGE, project, { timeout: 10000 });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^ifplugin: 2 file\(s\) in \. were changed since ifplugin wrote them, and it would change the same lines: README\.md \(lines? [\d-]+\), src\/Example\/Example\.info \(line \d+\); nothing was written: /);
      assertUnchanged(before, dir, 'a run with conflicts');
      assert.ok(!existsSync(join(project, 'tests/test_info.py')), 'the deleted file came back although the run failed');
    });

    scenario('edits of other lines are merged with the new answers, and the author\'s code survives without --force', async () => {
      const { project } = projectCopy(ARGS, 'Example');
      edit(project);
      // New targets and description, the same version: no line the author changed is changed again.
      const r = await runBin(['--yes', '--targets', 'x,y,z'], project);
      assert.equal(r.status, 0, r.stderr);
      const lines = new Map(statusLines(r.stdout).map(([st, p]) => [p, st]));
      assert.equal(lines.get('README.md'), 'merge');
      assert.equal(lines.get('src/Example/Example.info'), 'merge');
      assert.match(readFileSync(join(project, 'README.md'), 'utf8'), /- `--target x` \(our main cloud\)\n- `--target y`\n- `--target z`/);
      const info = JSON.parse(readFileSync(join(project, 'src/Example/Example.info'), 'utf8'));
      assert.deepEqual([info.targets, info.version], [[['x'], ['y'], ['z']], '1.0.mine']);
      assert.match(readFileSync(join(project, 'src/Example/Example.py'), 'utf8'), /# my code\n$/);
      assert.match(r.stdout, /Merged with your changes: /);
    });

    scenario('--dry-run over edited files lists conflicts, merges, files to create and identical ones, and writes nothing', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      edit(project);
      rmSync(join(project, 'tests/test_info.py'));
      const before = snapshot(dir);
      const r = await runBin([...CHANGE, '--dry-run', '--description', 'Changed'], project);
      assert.equal(r.status, 0, r.stderr);
      const lines = new Map(statusLines(r.stdout).map(([st, p]) => [p, st]));
      assert.equal(lines.get('README.md'), 'conflict');
      assert.equal(lines.get('src/Example/Example.info'), 'conflict');
      assert.equal(lines.get('tests/test_info.py'), 'create');
      assert.equal(lines.get('python3-imagefactory-plugin-example.spec'), 'update'); // nobody edited it
      assert.equal(lines.get('.yo-rc.json'), 'update'); // ifplugin's own record of the answers
      assert.equal(lines.get('Makefile'), 'identical');
      assertUnchanged(before, dir, '--dry-run');
    });

    scenario('--no-rpm removes the spec nobody edited, and keeps an edited one with a notice', async () => {
      for (const editSpec of [false, true]) {
        const { project } = projectCopy(ARGS, 'Example');
        const spec = join(project, 'python3-imagefactory-plugin-example.spec');
        if (editSpec) appendFileSync(spec, '# mine\n');
        const r = await runBin(['--yes', '--no-rpm'], project);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(existsSync(spec), editSpec);
        if (editSpec) assert.match(r.stdout, /^Note: python3-imagefactory-plugin-example\.spec stays, as you changed it/m);
        else assert.match(r.stdout, /^ {3}remove python3-imagefactory-plugin-example\.spec$/m);
      }
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
        assert.deepEqual(statusLines(r.stdout).map(([s, p]) => [s, p.replace(`${project}/`, '')]), [['identical', '.yo-rc.json'], ['identical', 'src/Example/Extra.py'], ['identical', 'tests/test_Extra.py']]);
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
      // Nobody edited Extra: the new methods simply update it.
      assert.deepEqual(statusLines(r.stdout), [['update', '.yo-rc.json'], ['update', 'src/Example/Extra.py'], ['update', 'tests/test_Extra.py']]);
      assert.match(r.stdout, /^dry run: nothing was written$/m);
      assertUnchanged(before, dir, 'delegate --dry-run');
      const fresh = await runBin(['delegate', '--yes', '--class-name', 'Other', '--dry-run', '--export'], project);
      assert.equal(fresh.status, 0, fresh.stderr);
      assert.deepEqual(statusLines(fresh.stdout), [['update', '.yo-rc.json'], ['update', 'src/Example/__init__.py'], ['create', 'src/Example/Other.py'], ['create', 'tests/test_Other.py']]);
      assertUnchanged(before, dir, 'delegate --dry-run --export');
    });

    scenario('a delegate method edited by the author and changed by the new methods is a conflict: listed, nothing written', async () => {
      const { dir, project } = await withExtra();
      const module = join(project, 'src/Example/Extra.py');
      writeFileSync(module, readFileSync(module, 'utf8').replace("'delete_from_provider is not supported by the Example plugin'", "'mine'"));
      const before = snapshot(dir);
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--methods', 'push_image_to_provider,delete_from_provider', '--export'], project, { timeout: 10000 });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^ifplugin delegate: 1 file\(s\) in \. were changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Extra\.py \(lines? [\d-]+\); nothing was written: /);
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
      assert.deepEqual(statusLines(r.stdout), [['identical', '.yo-rc.json'], ['force', 'src/Example/Extra.py'], ['identical', 'tests/test_Extra.py']]);
      assert.equal(readFileSync(file, 'utf8'), pristine);
      const changed = treeChanges(before, snapshot(dir)).filter((c) => !c.includes('Example/src/Example: mtime'));
      assert.deepEqual(changed.map((c) => c.replace(/ \S+ -> \S+$/, '')), ['Example/src/Example/Extra.py: size', 'Example/src/Example/Extra.py: content', 'Example/src/Example/Extra.py: mtime']);
    });

    scenario('ifplugin (app) over a project whose delegate_class was changed by delegate --export keeps that export', async () => {
      const { dir, project } = projectCopy(ARGS, 'Example');
      const r = await runBin(['delegate', '--yes', '--class-name', 'Extra', '--export'], project);
      assert.equal(r.status, 0, r.stderr);
      const before = snapshot(dir);
      const app = await runBin(['--yes'], project);
      assert.equal(app.status, 0, app.stderr);
      assert.match(app.stdout, /already up to date/);
      assertUnchanged(before, dir, 'the app re-run');
      assert.match(readFileSync(join(project, 'src/Example/__init__.py'), 'utf8'), /^from \.Extra import Extra as delegate_class\b/);
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
      assert.match(r.stderr, /^ifplugin templates: 1 file\(s\) in ifplugin-templates were changed since ifplugin wrote them, and it would change the same lines: app\/README\.md\.ejs; nothing was written: /);
      assertUnchanged(edited, dir, 'templates with a conflict');
    });
  });

  after(() => console.log(`      hardening-rerun: ${scenarios} re-run scenarios`));
});
