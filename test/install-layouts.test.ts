// make install, uninstall, enable and disable on simulated ImageFactory hosts (test/support/host.ts): Fedora's
// and EL9's layout (a /usr/local site folder ahead of the one that holds ImageFactory), Debian's (dist-packages,
// and a Python marked EXTERNALLY-MANAGED, PEP 668), a package build (DESTDIR, PREFIX) and a host without
// ImageFactory. On each, the generated README's steps are run as written (as root where they say sudo, as an
// unprivileged user otherwise), and the real loader, ImageFactory 1.1.16's PluginManager, must then find the
// plugin through plugins.d; the removal steps must leave the site folder as it was.
//
// IFPLUGIN_STRESS=1 (scripts/stress-install.sh) runs every layout with every plugin shape; npm test runs a
// cloud plugin on every layout and an OS plugin on one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ifplugin } from './support/cli.js';
import {
  changes, hostProblem, loadThroughLoader, makeHost, openTempDir, readmeCommands, runStep, snapshot, type Host, type Layout,
} from './support/host.js';

interface Shape {
  name: string;
  args: string[];
  /** A target as Builder looks it up: the CLI string for cloud, (name, version, arch) for OS. */
  query: string | (string | null)[];
  /** The delegate class the loader must return. */
  delegate: string;
}

const SHAPES: Shape[] = [
  { name: 'MyCloud', args: ['--type', 'cloud', '--targets', 'mycloud,mycloud-eu'], query: 'mycloud-eu', delegate: 'MyCloud.MyCloud' },
  { name: 'MyOS', args: ['--type', 'os', '--targets', 'Fedora,RHEL-7:7.9:x86_64', '--class-name', 'Builder_'], query: ['Fedora', '40', 'x86_64'], delegate: 'Builder_.Builder_' },
  {
    // A plugin that grew: a second module added by ifplugin delegate, and a helper subpackage.
    name: 'Grown', args: ['--type', 'cloud', '--targets', 'grown', '--rpm'], query: 'grown', delegate: 'Grown.Grown',
  },
];
const STRESS = process.env.IFPLUGIN_STRESS === '1';
const LAYOUTS: Layout[] = ['fedora', 'el9', 'debian'];

const sh = (cmd: string, cwd: string) => spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' });
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}${r.stderr}`;

function generate(shape: Shape, parent: string): string {
  const r = ifplugin(['--yes', '--name', shape.name, '--changelog-date', '2025-11-29', ...shape.args], parent);
  assert.equal(r.status, 0, r.stderr);
  const project = join(parent, shape.name);
  if (shape.name === 'Grown') {
    const d = ifplugin(['delegate', '--yes', '--class-name', 'Mirror'], project);
    assert.equal(d.status, 0, d.stderr);
    mkdirSync(join(project, 'src/Grown/helpers'));
    writeFileSync(join(project, 'src/Grown/helpers/__init__.py'), 'REGION = "eu"\n');
  }
  spawnSync('chmod', ['-R', 'a+rX', parent]);
  return project;
}

describe('make install, uninstall, enable and disable on ImageFactory hosts', function () {
  this.timeout(120000);
  const problem = hostProblem();
  const canSwitchUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  const parent = openTempDir('ifplugin-install-');
  const projects = new Map<string, string>();

  before(function () {
    if (problem) {
      process.stderr.write(`      (skipped: ${problem})\n`);
      this.skip();
    }
    for (const s of STRESS ? SHAPES : SHAPES.slice(0, 2)) projects.set(s.name, generate(s, parent));
  });

  const cases: [Layout, Shape][] = STRESS
    ? LAYOUTS.flatMap((l) => SHAPES.map((s): [Layout, Shape] => [l, s]))
    : [['fedora', SHAPES[0]], ['debian', SHAPES[1]]];

  for (const [layout, shape] of cases) {
    describe(`${layout}, ${shape.name}`, () => {
      let host: Host;
      let project: string;
      before(() => {
        host = makeHost(layout);
        project = projects.get(shape.name)!;
      });

      it("the README's steps leave a plugin the real loader finds through plugins.d, and its removal steps leave the site folder as it was", function () {
        if (!canSwitchUser) this.skip();
        const readme = readFileSync(join(project, 'README.md'), 'utf8');
        const install = readmeCommands(readme, 'Install and enable', 0);
        const remove = readmeCommands(readme, 'Install and enable', 1);
        assert.deepEqual(install, ['make test', 'sudo make install', 'sudo make enable']);
        assert.deepEqual(remove, ['sudo make disable', 'sudo make uninstall']);
        const siteBefore = snapshot(host.sitelib);
        const pluginsBefore = snapshot(host.pluginsD);

        for (const line of install) {
          const step = runStep(line, project, host);
          assert.equal(step.result.status, 0, `${line}:\n${output(step.result)}`);
          assert.doesNotMatch(output(step.result), /Traceback|break-system-packages/);
        }
        const installed = join(host.sitelib, 'imagefactory_plugins', shape.name);
        assert.ok(existsSync(join(installed, `${shape.name}.info`)));
        if (shape.name === 'Grown') for (const f of ['Mirror.py', 'helpers/__init__.py']) assert.ok(existsSync(join(installed, f)), f);
        assert.deepEqual(changes(siteBefore, snapshot(host.sitelib)).filter((c) => !c.startsWith(`added imagefactory_plugins/${shape.name}`)), []);
        assert.equal(readlinkSync(join(host.pluginsD, `${shape.name}.info`)), join(installed, `${shape.name}.info`));

        const loaded = loadThroughLoader(host, shape.name, shape.query);
        assert.equal(loaded.status, 0, loaded.stderr);
        assert.deepEqual(loaded.stdout.trim().split('\n'), [
          `imagefactory_plugins.${shape.name}.${shape.delegate}`,
          join(installed, `${shape.delegate.split('.')[0]}.py`),
        ]);
        // The stock plugin still loads beside it.
        assert.equal(loadThroughLoader(host, 'MockCloud', 'mock').status, 0);

        for (const line of remove) {
          const step = runStep(line, project, host);
          assert.equal(step.result.status, 0, `${line}:\n${output(step.result)}`);
        }
        assert.deepEqual(changes(siteBefore, snapshot(host.sitelib)), []);
        assert.deepEqual(changes(pluginsBefore, snapshot(host.pluginsD)), []);
      });

      it('as a user who cannot write there, make install stops with one line and writes nothing', function () {
        if (!canSwitchUser) this.skip();
        const before = snapshot(host.root);
        for (const goal of ['install', 'enable']) {
          const step = runStep(`make ${goal}`, project, host);
          assert.notEqual(step.result.status, 0, goal);
          const lines = step.result.stderr.trim().split('\n').filter((l) => !l.startsWith('make: ***'));
          assert.equal(lines.length, 1, step.result.stderr);
          if (goal === 'install') assert.match(lines[0], /^\/\S+\/imagefactory_plugins is not writable: run sudo make install \(as root\)$/);
          if (goal === 'enable') assert.match(lines[0], /is not installed .*: run sudo make install first$/);
        }
        assert.deepEqual(changes(before, snapshot(host.root)), []);
      });
    });
  }

  describe('what pip would have done instead (Fedora, as root: /usr/local)', () => {
    it('a plugin in the /usr/local site folder is shadowed by the stock package: the loader cannot import it', function () {
      const host = makeHost('fedora');
      const project = projects.get('MyCloud')!;
      cpSync(join(project, 'src/MyCloud'), join(host.localSite, 'imagefactory_plugins/MyCloud'), { recursive: true });
      symlinkSync(join(host.localSite, 'imagefactory_plugins/MyCloud/MyCloud.info'), join(host.pluginsD, 'MyCloud.info'));
      const loaded = loadThroughLoader(host, 'MyCloud', 'mycloud');
      assert.notEqual(loaded.status, 0);
      assert.match(loaded.stderr, /Unable to import plugin for target: mycloud/);
    });

    it('on Debian, the Python that runs ImageFactory is marked EXTERNALLY-MANAGED, and make install needs no pip', function () {
      const marker = spawnSync('/usr/bin/python3', ['-c', 'import os, sysconfig; print(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))'], { encoding: 'utf8' }).stdout.trim();
      if (!existsSync(marker)) this.skip();
      const host = makeHost('debian');
      const project = projects.get('MyCloud')!;
      const pip = spawnSync(host.python, ['-m', 'pip', 'install', '--no-index', '--dry-run', '.'], { cwd: project, encoding: 'utf8' });
      if (!/No module named pip/.test(pip.stderr)) assert.match(output(pip), /externally-managed-environment/);
      const install = runStep('sudo make install', project, host);
      assert.equal(install.result.status, 0, output(install.result));
      assert.doesNotMatch(output(install.result), /pip|break-system-packages/);
      assert.equal(runStep('sudo make uninstall', project, host).result.status, 0);
    });
  });

  describe('make enable and disable: the RPM scriptlets, in make', () => {
    let host: Host;
    let project: string;
    let link: string;
    const make = (goal: string) => runStep(`sudo make -s ${goal}`, project, host).result;
    before(function () {
      host = makeHost('fedora');
      project = projects.get('MyCloud')!;
      link = join(host.pluginsD, 'MyCloud.info');
      assert.equal(make('install').status, 0);
    });
    afterEach(() => rmSync(link, { force: true }));
    after(() => make('uninstall'));

    it('links the installed .info, says so when it is already enabled, and disable removes that link', () => {
      const on = make('enable');
      assert.equal(on.status, 0, on.stderr);
      assert.match(on.stdout, /^enabled: \S+\/MyCloud\.info -> \S+\/imagefactory_plugins\/MyCloud\/MyCloud\.info \(restart imagefactoryd to load it\)$/m);
      assert.match(make('enable').stdout, /^already enabled: /);
      const off = make('disable');
      assert.equal(off.status, 0, off.stderr);
      assert.match(off.stdout, /^disabled: removed /);
      assert.ok(!existsSync(link));
      assert.equal(make('disable').stdout.trim(), `MyCloud is not enabled in ${host.pluginsD}`);
    });

    it("leaves an administrator's file alone and reports it, on enable and on disable", () => {
      writeFileSync(link, '{"type": "cloud", "targets": [["mine"]]}');
      for (const goal of ['enable', 'disable']) {
        const r = make(goal);
        assert.equal(r.status, 2, goal);
        assert.equal(r.stderr.split('\n')[0], `${link} is a file, not this plugin's link: left as it is (an administrator's file wins)`);
        assert.ok(lstatSync(link).isFile());
      }
    });

    it('leaves a link to anything else alone and reports it, even a dangling one', () => {
      symlinkSync('/opt/mine/MyCloud.info', link);
      for (const goal of ['enable', 'disable', 'uninstall']) {
        const r = make(goal);
        if (goal === 'uninstall') assert.equal(r.status, 0, r.stderr);
        else assert.match(r.stderr, /links to \/opt\/mine\/MyCloud\.info, not to this plugin's \S+: left as it is/);
        assert.equal(readlinkSync(link), '/opt/mine/MyCloud.info');
      }
      assert.equal(make('install').status, 0);
    });

    it('make uninstall removes its own link, as the RPM does on erase, and bytecode another Python wrote', () => {
      assert.equal(make('enable').status, 0);
      const cache = join(host.sitelib, 'imagefactory_plugins/MyCloud/__pycache__');
      writeFileSync(join(cache, 'MyCloud.cpython-399.pyc'), '');
      assert.equal(make('uninstall').status, 0);
      assert.ok(!existsSync(join(host.sitelib, 'imagefactory_plugins/MyCloud')));
      assert.ok(!existsSync(link) && !isLink(link));
      assert.equal(make('install').status, 0);
    });

    it('refuses to install over a plugin that make install did not write (an RPM), and to remove it', () => {
      const other = makeHost('fedora');
      const dir = join(other.sitelib, 'imagefactory_plugins/MyCloud');
      cpSync(join(project, 'src/MyCloud'), dir, { recursive: true });
      for (const goal of ['install', 'uninstall']) {
        const r = runStep(`sudo make ${goal}`, project, other).result;
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, goal === 'install' ? /exists and make install did not write it \(an RPM or pip did\?\): remove that installation first/ : /was not installed by make install \(no INSTALLED_FILES\): left as it is/);
      }
      assert.ok(existsSync(join(dir, 'MyCloud.info')));
    });
  });

  describe('a package build: DESTDIR and PREFIX', () => {
    it('installs under DESTDIR without ImageFactory, never an imagefactory_plugins/__init__.py, and uninstalls all of it', () => {
      const project = projects.get('MyOS')!;
      const stage = openTempDir('ifplugin-stage-');
      const env = { PYTHON: '/usr/bin/python3' };
      const r = sh(`make -s install PYTHON=/usr/bin/python3 PREFIX=/usr DESTDIR=${stage}`, project);
      assert.equal(r.status, 0, output(r));
      const sitelib = spawnSync(env.PYTHON, ['-c', 'import sysconfig; print(sysconfig.get_path("purelib", "posix_prefix", vars={"base": "/usr"}))'], { encoding: 'utf8' }).stdout.trim();
      const files = [...snapshot(stage).keys()];
      const pkg = join(sitelib, 'imagefactory_plugins').slice(1);
      assert.ok(files.includes(`${pkg}/MyOS/MyOS.info`), files.join('\n'));
      assert.ok(files.includes(`${pkg}/MyOS/Builder_.py`));
      assert.ok(!files.includes(`${pkg}/__init__.py`));
      assert.deepEqual(files.filter((f) => f.startsWith(`${pkg}/`) && !f.startsWith(`${pkg}/MyOS`)), []);
      const u = sh(`make -s uninstall PYTHON=/usr/bin/python3 PREFIX=/usr DESTDIR=${stage}`, project);
      assert.equal(u.status, 0, output(u));
      assert.ok(!existsSync(join(stage, pkg)), 'imagefactory_plugins/ is left in the staging folder');
    });
  });

  describe('without ImageFactory', () => {
    it('every goal says in one line that ImageFactory is not installed for that Python, with no traceback', () => {
      const project = projects.get('MyCloud')!;
      for (const goal of ['install', 'uninstall', 'enable', 'disable']) {
        const r = sh(`make -s ${goal} PYTHON=/usr/bin/python3 PLUGINS_D=${openTempDir('ifplugin-pd-')}`, project);
        assert.notEqual(r.status, 0, goal);
        assert.equal(r.stderr.trim().split('\n')[0],
          'ImageFactory is not installed for /usr/bin/python3 (it cannot import the imagefactory_plugins package): set PYTHON to the Python that runs ImageFactory, or PREFIX and DESTDIR to stage a package');
        assert.doesNotMatch(output(r), /Traceback/);
      }
      const missing = sh('make -s install PYTHON=/nonexistent/python3', project);
      assert.equal(missing.stderr.split('\n')[0], '/nonexistent/python3 is not found: set PYTHON to the Python that runs ImageFactory');
    });
  });
});

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
