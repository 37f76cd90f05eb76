// The file system as an attack surface: a project folder, a cloned repository or a shared folder prepared in
// advance with links, FIFOs, devices, huge files and leftovers; signals while writing; runs at the same time.
// None may change a file outside the project, lose a user's file, leave debris, hang or eat memory. (Long
// repetitions of the signal and concurrency cases: scripts/stress-write.mjs, which CI runs once.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/cli.js';
import { assertUnchanged, leftovers, oneLineError, pool, projectCopy, runBin, snapshot } from './support/hardening.js';
import { readTree } from './support/tree.js';

const ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--maintainer-name', 'Ann', '--maintainer-email', 'ann@example.org'];

/** A file outside the project, which no run may touch. */
function outsideFile(): string {
  const file = join(tempDir('ifplugin-outside-'), 'precious');
  writeFileSync(file, 'precious\n');
  chmodSync(file, 0o600);
  return file;
}

describe('hardening: the file system, signals and concurrent runs', function () {
  this.timeout(120000);

  describe('links planted in advance', () => {
    it('temporary files are made exclusively: links at the names older versions used lead nowhere', async () => {
      const dir = tempDir('ifplugin-fs-');
      const precious = outsideFile();
      const project = join(dir, 'Example');
      mkdirSync(join(project, 'src', 'Example'), { recursive: true });
      // What a hostile repository could commit: a link for each pid the run may get, at every name it writes.
      const next = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
      for (let pid = Number(next); pid < Number(next) + 300; pid++) {
        for (const name of ['README.md', 'Makefile', 'src/Example/Example.info']) symlinkSync(precious, join(project, `${name}.ifplugin-${pid}.tmp`));
      }
      const r = await runBin(ARGS, dir);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(precious, 'utf8'), 'precious\n');
      assert.match(readFileSync(join(project, 'README.md'), 'utf8'), /^# Example/);
    });

    for (const [what, plant] of [
      ['a folder of the project that is a link to another place', (p: string, away: string) => {
        rmSync(join(p, 'tests'), { recursive: true });
        symlinkSync(away, join(p, 'tests'));
      }],
      ['a file of the project that is a link to another place', (p: string, away: string) => {
        rmSync(join(p, 'README.md'));
        symlinkSync(join(away, 'README.md'), join(p, 'README.md'));
      }],
    ] as const) {
      it(`${what} is refused with --force too, and nothing outside changes`, async () => {
        const { dir, project } = projectCopy(ARGS, 'Example');
        const away = tempDir('ifplugin-away-');
        writeFileSync(join(away, 'README.md'), 'theirs\n');
        writeFileSync(join(away, 'test_info.py'), 'theirs\n');
        plant(project, away);
        const before = snapshot(dir);
        const outside = snapshot(away);
        const r = await runBin(['--yes', '--force', '--targets', 'x,y,z'], project);
        assert.equal(r.status, 1);
        assert.match(oneLineError(r, ''), /^(tests|README\.md) is a symbolic link/);
        assertUnchanged(before, dir, 'a run over a link');
        assertUnchanged(outside, away, 'a run over a link');
      });
    }
  });

  describe('template paths', () => {
    for (const [name, message] of [
      ['__dot____dot__/escaped.ejs', /its path makes \.\.\/escaped, which leads out of the project/],
      ['x/__dot____dot__/__dot____dot__/escaped.ejs', /which leads out of the project/],
    ] as const) {
      it(`a template named ${name} writes nothing anywhere`, async () => {
        const dir = tempDir('ifplugin-fs-');
        mkdirSync(join(dir, 'tpl', 'app', name, '..'), { recursive: true });
        writeFileSync(join(dir, 'tpl', 'app', name), 'no code here\n');
        const before = snapshot(dir);
        const r = await runBin([...ARGS, '--templates', 'tpl'], dir);
        assert.equal(r.status, 1);
        assert.match(oneLineError(r, ''), message);
        assertUnchanged(before, dir, 'a template that leads out');
      });
    }

    it('path tokens are the generator\'s own: __constructor__ is a name like any other', async () => {
      const dir = tempDir('ifplugin-fs-');
      mkdirSync(join(dir, 'tpl', 'app'), { recursive: true });
      writeFileSync(join(dir, 'tpl', 'app', '__constructor__.txt.ejs'), 'x\n');
      const r = await runBin([...ARGS, '--templates', 'tpl'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(join(dir, 'Example', '__constructor__.txt')));
    });

    it('a folder a project\'s .yo-rc.json names is announced before it runs, and one outside the project is refused', async () => {
      const { project } = projectCopy(ARGS, 'Example');
      mkdirSync(join(project, 'tpl', 'app'), { recursive: true });
      writeFileSync(join(project, 'tpl', 'app', 'NOTICE.ejs'), 'ran\n');
      const rc = join(project, '.yo-rc.json');
      const record = JSON.parse(readFileSync(rc, 'utf8'));
      record['generator-ifplugin'].templates = 'tpl';
      writeFileSync(rc, JSON.stringify(record));
      for (const command of [[], ['delegate', '--class-name', 'Extra']]) {
        const r = await runBin([...command, '--yes', '--dry-run'], project);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /^notice: the templates this project's \.yo-rc\.json names run as code: tpl$/m);
      }
      const away = tempDir('ifplugin-away-');
      mkdirSync(join(away, 'app'));
      writeFileSync(join(away, 'app', 'NOTICE.ejs'), 'from a folder outside\n');
      for (const outside of [away, '../../elsewhere']) {
        record['generator-ifplugin'].templates = outside;
        writeFileSync(rc, JSON.stringify(record));
        const before = snapshot(project);
        for (const command of [[], ['delegate', '--class-name', 'Extra']]) {
          const r = await runBin([...command, '--yes'], project);
          assert.equal(r.status, 1);
          assert.match(oneLineError(r, command[0] ?? ''), /^\.yo-rc\.json: "templates" is .*, which is outside the project: templates run as code/);
          assertUnchanged(before, project, 'templates outside the project');
        }
      }
      // Named on the command line, the same folder is the user's choice.
      const r = await runBin(['--yes', '--templates', away, '--dry-run'], project);
      assert.equal(r.status, 0, r.stderr);
    });
  });

  describe('.yo-rc.json that is not a plain, small JSON file', () => {
    const cases: [string, (rc: string) => void, RegExp][] = [
      ['a FIFO', (rc) => spawnSync('mkfifo', [rc]), /^\.yo-rc\.json is not a regular file: fix or remove it$/],
      ['a link to /dev/zero', (rc) => symlinkSync('/dev/zero', rc), /^\.yo-rc\.json is not a regular file: fix or remove it$/],
      ['a folder', (rc) => mkdirSync(rc), /^\.yo-rc\.json is a folder, not a file: fix or remove it$/],
      ['2 MiB of JSON', (rc) => writeFileSync(rc, `{"x": "${'a'.repeat(2 * 1024 * 1024)}"}`), /^\.yo-rc\.json is larger than 1 MiB: fix or remove it$/],
      ['not UTF-8', (rc) => writeFileSync(rc, Buffer.from([0x7b, 0xff, 0x7d])), /^\.yo-rc\.json is not UTF-8 text: fix or remove it$/],
      ['"templates" that is not text', (rc) => writeFileSync(rc, JSON.stringify({ 'generator-ifplugin': { name: 'Example', templates: 5 } })),
        /^\.yo-rc\.json: "generator-ifplugin"\."templates" is a number, not text: fix or remove it$/],
      ['"written" that is not an object', (rc) => writeFileSync(rc, JSON.stringify({ 'generator-ifplugin': { name: 'Example', written: [] } })),
        /^\.yo-rc\.json: "generator-ifplugin"\."written" is a list, not an object of hashes: fix or remove it$/],
    ];
    for (const [what, make, message] of cases) {
      it(`${what}: one line naming the file, at once, for ifplugin and ifplugin delegate`, async () => {
        for (const command of ['', 'delegate']) {
          const { project } = projectCopy(ARGS, 'Example');
          const rc = join(project, '.yo-rc.json');
          rmSync(rc);
          make(rc);
          const r = await runBin(command ? [command, '--yes', '--class-name', 'Extra'] : ['--yes'], project, { timeout: 20000 });
          assert.ok(!r.timedOut, `${command || 'app'} waited`);
          assert.equal(r.status, 1, r.stderr);
          assert.match(oneLineError(r, command), message);
        }
      });
    }

    it('an unreadable one says so (as a user who may not read it)', async function () {
      if (spawnSync('setpriv', ['--version']).status !== 0) this.skip();
      const { dir, project } = projectCopy(ARGS, 'Example');
      for (const d of [dir, project]) chmodSync(d, 0o755);
      chmodSync(join(project, '.yo-rc.json'), 0o000);
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(import.meta.dirname, '..', 'dist', 'bin', 'ifplugin.cjs'), '--yes', '--dry-run'], {
        cwd: project, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' },
      });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, 'ifplugin: .yo-rc.json is not readable (permission denied): fix or remove it\n');
    });
  });

  describe('signals while writing', () => {
    /** Extra templates, so that writing takes long enough to be interrupted at many points. */
    const many = () => {
      const tpl = tempDir('ifplugin-many-');
      mkdirSync(join(tpl, 'app', 'extra'), { recursive: true });
      for (let i = 0; i < 300; i++) writeFileSync(join(tpl, 'app', 'extra', `f${i}.txt.ejs`), `file ${i} of <%- name %>, <%- answers.description %>\n`);
      return tpl;
    };

    it('SIGTERM or SIGINT at any moment leaves the project all old or all new, with no debris', async () => {
      const tpl = many();
      const { dir, project } = projectCopy([...ARGS, '--templates', tpl], 'Example');
      const old = readTree(project);
      const outcomes = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const signal = i % 2 ? 'SIGINT' : 'SIGTERM';
        const r = await runBin(['--yes', '--templates', tpl, '--description', `changed ${i}`], project, {
          onSpawn: (child) => setTimeout(() => child.kill(signal), 80 + i * 25),
        });
        const now = readTree(project);
        assert.deepEqual(leftovers(dir), [], `debris after ${signal}`);
        if (r.status === 0) {
          assert.equal(now['extra/f0.txt'], `file 0 of Example, changed ${i}\n`);
          assert.ok(Object.values(now).every((t) => !t.includes(`changed ${i - 1}`) || t.includes(`changed ${i}`)));
          outcomes.add('written');
          Object.assign(old, now);
        } else {
          // Ended by the signal before writing, or while writing, which it rolled back.
          assert.ok(r.signal === signal || r.status === 128 + (signal === 'SIGINT' ? 2 : 15), `${r.status} ${r.signal} ${r.stderr}`);
          if (r.status !== null) assert.match(r.stderr, new RegExp(`interrupted by ${signal} while writing: nothing was changed`));
          assert.deepEqual(now, old, `a mixed project after ${signal}`);
          outcomes.add('nothing');
        }
      }
      assert.ok(outcomes.size > 0);
    });

    it('a run killed outright in the middle of writing is rolled back by the next one', async () => {
      const tpl = many();
      const { dir, project } = projectCopy([...ARGS, '--templates', tpl], 'Example');
      const old = readTree(project);
      // The journal and the backups of a run killed between renames: made by hand, as SIGKILL would leave them.
      const readme = join(project, 'README.md');
      const backup = join(project, '.README.md.ifplugin-0123456789ab.orig');
      spawnSync('ln', [readme, backup]);
      writeFileSync(join(project, '.README.md.ifplugin-ba9876543210.tmp'), 'half\n');
      // Renamed over it, as the run does: the backup keeps the file as it was.
      writeFileSync(join(project, 'new'), 'the killed run wrote this\n');
      renameSync(join(project, 'new'), readme);
      writeFileSync(join(project, '.ifplugin-journal.json'), JSON.stringify({
        pid: 999999, entries: [{ path: 'README.md', backup, temp: join(project, '.README.md.ifplugin-ba9876543210.tmp'), placed: true }],
      }));
      writeFileSync(join(project, '.ifplugin.lock'), '999999\n');
      // Killed between writing its lock under a temporary name and linking it into place.
      writeFileSync(join(project, '..ifplugin.lock.ifplugin-0123456789ab.tmp'), '999999\n');
      const r = await runBin(['--yes', '--templates', tpl, '--description', 'after the kill'], project);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Note: an interrupted run was rolled back: 1 file\(s\) put back as they were$/m);
      assert.deepEqual(leftovers(dir), []);
      const now = readTree(project);
      assert.match(now['README.md'], /after the kill/);
      assert.equal(now['extra/f1.txt'], 'file 1 of Example, after the kill\n');
      assert.notEqual(old['README.md'], now['README.md']);
    });
  });

  describe('runs at the same time', () => {
    it('into one new folder: at most one writes; the others refuse or find its files; never a mixed project', async () => {
      const dir = tempDir('ifplugin-fs-');
      const runs = await pool(Array.from({ length: 6 }, (_v, i) => () => runBin([...ARGS, '--description', `run ${i}`], dir)), 6);
      const ok = runs.filter((r) => r.status === 0);
      assert.ok(ok.length >= 1 && ok.length <= 6);
      for (const r of runs.filter((x) => x.status !== 0)) {
        assert.match(r.stderr, /another ifplugin run \(process \d+\) is writing in Example|changed since ifplugin wrote them/, r.stderr);
      }
      const tree = readTree(join(dir, 'Example'));
      const winner = /run (\d)/.exec(tree['src/Example/Example.info'])![1];
      for (const [path, text] of Object.entries(tree)) {
        for (let i = 0; i < 6; i++) if (String(i) !== winner) assert.ok(!text.includes(`run ${i}`), `${path} mixes run ${i} into run ${winner}'s project`);
      }
      assert.deepEqual(leftovers(dir), []);
    });
  });

  describe('what is printed', () => {
    it('a destination with a line break and a shell command is shown escaped and quoted, never as a command', async () => {
      const dir = tempDir('ifplugin-fs-');
      const r = await runBin([...ARGS, 'dest\nrm -rf ~ #\u202e'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^ {2}cd \$'dest\\nrm -rf ~ #\\u202e'$/m);
      assert.doesNotMatch(r.stdout, /^rm -rf/m);
      assert.doesNotMatch(r.stdout, /\u202e/);
      assert.ok(readdirSync(dir).includes('dest\nrm -rf ~ #\u202e'));
    });
  });
});
