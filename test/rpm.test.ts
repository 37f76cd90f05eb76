// --rpm end to end: the yes/no input, the spec written only with it, and the RPM that rpmbuild makes from a
// generated project (make rpm). The package must install the plugin where ImageFactory imports it, own neither
// imagefactory_plugins/__init__.py nor that folder, and enable/disable the plugin the way the stock plugin
// packages do. The scriptlets are run for real against a temporary plugins.d.
//
// On Debian (this project's CI) rpm has no python3-rpm-macros: the spec's own fallbacks define __python3 and
// python3_sitelib, pip builds and installs the wheel instead of %pyproject_wheel/%pyproject_install, and the
// BuildRequires name Fedora packages that Debian's empty rpm database cannot see, hence --nodeps. The tests
// check that the fallback path is the one that ran when the macros are missing, and that %check ran the tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../generators/app/index.js';
import { resolveAnswers } from '../lib/inputs/resolve.js';
import { givenFrom } from '../lib/inputs/flags.js';
import { APP_INPUTS, type AppAnswers } from '../lib/inputs/inputs.js';
import { isoDateProblem } from '../lib/inputs/validators.js';
import { planPlugin } from '../lib/render/plugin.js';
import { changelogDate, rpmSummary, rpmVersion, specLines } from '../lib/render/rpm.js';
import { ifplugin, tempDir } from './support/cli.js';

const answersFor = async (flags: Record<string, string | boolean>): Promise<AppAnswers> =>
  (await resolveAnswers<AppAnswers>(APP_INPUTS, { given: givenFrom(APP_INPUTS, flags), yes: true, ctx: { git: () => undefined } })).answers;

const rpmEval = (macro: string): string => spawnSync('rpm', ['--eval', macro], { encoding: 'utf8' }).stdout?.trim() ?? '';
const run = (cmd: string, args: string[], cwd?: string) => spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120000 });

describe('RPM spec (--rpm)', function () {
  this.timeout(60000);

  describe('the input and the templates', () => {
    it('writes no spec and no make rpm without --rpm (the default)', async () => {
      const files = planPlugin(await answersFor({ name: 'Example', type: 'cloud', targets: 'vsphere4' }));
      assert.deepEqual([...files.keys()].filter((p) => p.endsWith('.spec')), []);
      assert.doesNotMatch(files.get('Makefile')!, /rpm/);
      assert.doesNotMatch(files.get('.gitignore')!, /rpmbuild/);
      assert.doesNotMatch(files.get('README.md')!, /## RPM/);
    });

    it('with --rpm, adds the Fedora-named spec, make rpm, rpmbuild/ to .gitignore and a README section', async () => {
      const files = planPlugin(await answersFor({ name: 'My_Cloud', type: 'cloud', targets: 'x', rpm: true }));
      const spec = files.get('python3-imagefactory-plugin-my-cloud.spec');
      assert.ok(spec, [...files.keys()].join(', '));
      assert.match(spec, /^Name: +python3-imagefactory-plugin-my-cloud$/m);
      assert.match(spec, /^%global plugin My_Cloud$/m);
      assert.match(files.get('Makefile')!, /^SPEC = python3-imagefactory-plugin-my-cloud\.spec$/m);
      assert.match(files.get('Makefile')!, /^\.PHONY: test e2e install uninstall enable disable rpm$/m);
      assert.match(files.get('Makefile')!, /^rpm:$/m);
      assert.match(files.get('.gitignore')!, /^rpmbuild\/$/m);
      assert.match(files.get('README.md')!, /^## RPM$/m);
    });

    it('takes --rpm/--no-rpm as flags, stores the answer in .yo-rc.json, and keeps it on a re-run', () => {
      const dir = tempDir();
      const first = ifplugin(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org', '--rpm', '--changelog-date', '2025-11-29'], dir);
      assert.equal(first.status, 0, first.stderr);
      const project = join(dir, 'Example');
      const stored = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-ifplugin'];
      assert.equal(stored.rpm, true);
      assert.deepEqual(stored.changelog, [{ version: '1.0', date: '2025-11-29', author: 'Ada <ada@example.org>' }]);
      assert.equal(stored.changelogDate, undefined);
      assert.ok(existsSync(join(project, 'python3-imagefactory-plugin-example.spec')));
      // A re-run inside the project takes the stored answers, date included: nothing differs, nothing is asked.
      const again = ifplugin(['--yes'], project);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout + again.stderr, /already up to date/);

      // A new version adds a %changelog entry, dated this run, and keeps the earlier ones.
      const bump = ifplugin(['--yes', '--plugin-version', '1.1', '--maintainer-name', 'Bob', '--changelog-date', '2026-01-02'], project);
      assert.equal(bump.status, 0, bump.stderr);
      const spec = readFileSync(join(project, 'python3-imagefactory-plugin-example.spec'), 'utf8');
      assert.match(spec, /^Version: +1\.1$/m);
      assert.match(spec.slice(spec.indexOf('%changelog')), /^%changelog\n\* Fri Jan 02 2026 Bob <ada@example\.org> - 1\.1-1\n- Version 1\.1\n\n\* Sat Nov 29 2025 Ada <ada@example\.org> - 1\.0-1\n- First package of the Example/);

      const off = ifplugin(['--yes', '--name', 'Other', '--type', 'cloud', '--targets', 'x', '--no-rpm'], dir);
      assert.equal(off.status, 0, off.stderr);
      assert.equal(JSON.parse(readFileSync(join(dir, 'Other/.yo-rc.json'), 'utf8'))['generator-ifplugin'].rpm, false);
      assert.ok(!readdirSync(join(dir, 'Other')).some((f) => f.endsWith('.spec')));
    });

    it('asks a yes/no question (default no), and never asks for the changelog date', async () => {
      const run = () => helpers
        .run(AppGenerator, { resolved: join(import.meta.dirname, '../generators/app/index.ts'), namespace: 'ifplugin:app' })
        .withOptions({ interactive: true } as never);
      await run().withAnswers({ name: 'Example', type: 'cloud', targets: 'x', rpm: true });
      const asked = result.askedQuestions.map((q) => q.name);
      assert.ok(asked.includes('rpm') && !asked.includes('changelogDate'), asked.join(', '));
      assert.equal(result.askedQuestions.find((q) => q.name === 'rpm')!.answer, true);
      result.assertFile('Example/python3-imagefactory-plugin-example.spec');
      result.assertJsonFileContent('Example/.yo-rc.json', { 'generator-ifplugin': { rpm: true } });
      await run().withAnswers({ name: 'Example', type: 'cloud', targets: 'x' });
      assert.equal(result.askedQuestions.find((q) => q.name === 'rpm')!.answer, false);
      result.assertNoFile('Example/python3-imagefactory-plugin-example.spec');
    });

    it('reads a hand-written JSON boolean in .yo-rc.json, and refuses anything else with one line', () => {
      const project = join(tempDir(), 'Example');
      mkdirSync(project);
      const yoRc = (rpm: unknown) =>
        writeFileSync(join(project, '.yo-rc.json'), JSON.stringify({ 'generator-ifplugin': { name: 'Example', type: 'cloud', targets: 'x', rpm } }));
      yoRc(true);
      const ok = ifplugin(['--yes'], project);
      assert.equal(ok.status, 0, ok.stderr);
      assert.ok(existsSync(join(project, 'python3-imagefactory-plugin-example.spec')));
      yoRc('maybe');
      const bad = ifplugin(['--yes', '--force'], project);
      assert.notEqual(bad.status, 0);
      assert.equal(bad.stderr.trim(), 'ifplugin: --rpm: "maybe" is not a yes/no value: pass --rpm or --no-rpm (from .yo-rc.json)');
    });

    it('refuses a changelog date that is not a real date', () => {
      assert.equal(isoDateProblem('2025-11-29'), undefined);
      for (const bad of ['2025-02-30', '29.11.2025', '2025-1-1', '']) assert.equal(isoDateProblem(bad), `"${bad}" is not a date like 2025-11-29`);
      const r = ifplugin(['--yes', '--changelog-date', 'tomorrow'], tempDir());
      assert.equal(r.stderr.trim(), 'ifplugin: --changelog-date: "tomorrow" is not a date like 2025-11-29');
    });

    it('writes the %changelog date the way rpm wants it, weekday included', () => {
      assert.equal(changelogDate('2025-11-29'), 'Sat Nov 29 2025');
      assert.equal(changelogDate('2024-02-05'), 'Mon Feb 05 2024');
    });

    it('makes a Summary rpmlint and Fedora accept: one line of at most 79 characters, capitalized, no final period', () => {
      assert.equal(rpmSummary('pushes images.'), 'Pushes images');
      assert.equal(rpmSummary('  Ends with an ellipsis...  '), 'Ends with an ellipsis...');
      const long = rpmSummary(`ImageFactory OS plugin for ${Array.from({ length: 12 }, (_v, i) => `Distro${i}:*:*`).join(', ')}`);
      assert.ok([...long].length <= 79, long);
      assert.match(long, /^ImageFactory OS plugin for Distro0:\*:\*, .*, Distro\d+:\*:\*,?\u2026$/);
      assert.equal(rpmSummary('x'.repeat(100)), `X${'x'.repeat(77)}\u2026`);
    });

    it('wraps %description at 79 columns, escaped, and never starts a line with # or %', () => {
      const text = `${'word '.repeat(15)}#hash %{macro} 100% ${'y'.repeat(90)} end`;
      const lines = specLines(text);
      assert.ok(lines.every((l) => !/^[#%]/.test(l)), lines.join('\n'));
      assert.equal(lines.join(' ').replace(/%%/g, '%'), text);
      const plain = specLines('lorem ipsum '.repeat(40));
      assert.ok(plain.length > 5 && plain.every((l, i) => l.length <= 79 && (l.length > 70 || i === plain.length - 1)), plain.join('\n'));
      assert.deepEqual(specLines('a\tb\u2028c'), ['a b c']);
    });

    it('turns PEP 440 versions into RPM versions that upgrade in the same order', () => {
      const cases: [string, { version: string; epoch?: string }][] = [
        ['1.0', { version: '1.0' }],
        ['2.1rc1', { version: '2.1~rc1' }],
        ['2.1a3', { version: '2.1~a3' }],
        ['1.0.dev2', { version: '1.0~~dev2' }],
        ['1.0b1.dev2', { version: '1.0~b1~~dev2' }],
        ['1.0.post1', { version: '1.0.post1' }],
        ['3!1.0', { version: '1.0', epoch: '3' }],
      ];
      for (const [pep440, rpm] of cases) assert.deepEqual(rpmVersion(pep440), rpm, pep440);
      // PEP 440's own example of its order, oldest first (less the local versions); rpm must agree.
      const order = [
        '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456',
        '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0.post456.dev34', '1.0.post456', '1.1.dev1',
      ];
      if (spawnSync('rpm', ['--version']).status !== 0) return;
      for (let i = 1; i < order.length; i++) {
        const [a, b] = [rpmVersion(order[i - 1]).version, rpmVersion(order[i]).version];
        const cmp = rpmEval(`%{lua: print(rpm.vercmp("${a}", "${b}"))}`);
        assert.equal(cmp, '-1', `${order[i - 1]} (${a}) should sort before ${order[i]} (${b})`);
      }
    });
  });

  describe('an OS plugin with many targets and no URL', function () {
    this.timeout(60000);
    it('gets a Summary and %description rpmlint accepts; the only finding is the missing URL, which the spec explains', function () {
      if (run('rpmbuild', ['--version']).status !== 0 || run('rpmlint', ['--version']).status !== 0) this.skip();
      const dir = tempDir('ifplugin-rpm-os-');
      const targets = 'Fedora,Ubuntu:22.04,RHEL-7:7.9:x86_64,Debian:12,CentOS-Stream:9:aarch64,openSUSE-Leap:15.6';
      const gen = ifplugin(['--yes', '--name', 'ManyOS', '--type', 'os', '--targets', targets, '--rpm', '--changelog-date', '2025-11-29'], dir);
      assert.equal(gen.status, 0, gen.stderr);
      const project = join(dir, 'ManyOS');
      const spec = 'python3-imagefactory-plugin-manyos.spec';
      assert.match(readFileSync(join(project, spec), 'utf8'), /^# URL: the plugin's home page goes here \(rpmlint: no-url-tag\)\.$/m);
      // The source RPM is enough for rpmlint's Summary and %description checks: make rpm's archive, then rpmbuild -bs.
      mkdirSync(join(project, 'rpmbuild/SOURCES'), { recursive: true });
      const tar = run('tar', ['-czf', 'rpmbuild/SOURCES/python3-imagefactory-plugin-manyos-1.0.tar.gz', '--transform', 's,^,python3-imagefactory-plugin-manyos-1.0/,', spec], project);
      assert.equal(tar.status, 0, tar.stderr);
      const srpm = run('rpmbuild', ['-bs', '--nodeps', '--define', `_topdir ${join(project, 'rpmbuild')}`, spec], project);
      assert.equal(srpm.status, 0, srpm.stderr);
      const lint = run('rpmlint', ['-c', join(import.meta.dirname, 'fixtures/rpmlint/fedora.toml'), '--ignore-unused-rpmlintrc', '-r', 'python3-imagefactory-plugin-manyos.rpmlintrc',
        spec, ...readdirSync(join(project, 'rpmbuild/SRPMS')).map((f) => `rpmbuild/SRPMS/${f}`)], project);
      const findings = lint.stdout.split('\n').filter((l) => /: [EW]: /.test(l));
      assert.deepEqual(findings, ['python3-imagefactory-plugin-manyos.src: W: no-url-tag'], lint.stdout);
    });
  });

  describe('the package rpmbuild makes', function () {
    this.timeout(180000);
    const name = 'My_Cloud';
    const answers = {
      description: 'Pushes 100% of images to %{_prefix} # not a comment, nor %(touch /tmp/ifplugin-pwned) \\',
      maintainerName: 'Ann %{?O} Neil',
      maintainerEmail: 'ann@example.org',
      maintainerUrl: 'https://example.org/my%20cloud',
      license: 'Apache-2.0 AND MIT',
      pluginVersion: '2.1rc1',
    };
    const project = join(tempDir('ifplugin-rpm-'), 'my-cloud');
    let rpmFile = '';
    let build = { status: null as number | null, output: '' };
    let sitelib = '';
    const query = (...args: string[]) => {
      const r = run('rpm', ['-qp', ...args, rpmFile]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };

    before(function () {
      if (run('rpmbuild', ['--version']).status !== 0) {
        process.stderr.write('      (skipped: rpmbuild is not installed; on Debian: apt-get install rpm)\n');
        this.skip();
      }
      const gen = ifplugin([
        '--yes', '--type', 'cloud', '--targets', 'mycloud', '--name', name, '--class-name', 'Pusher', '--rpm',
        '--changelog-date', '2025-11-29', '--description', answers.description, '--maintainer-name', answers.maintainerName,
        '--maintainer-email', answers.maintainerEmail, '--maintainer-url', answers.maintainerUrl, '--license', answers.license,
        '--plugin-version', answers.pluginVersion, 'my-cloud',
      ], join(project, '..'));
      assert.equal(gen.status, 0, gen.stderr);
      // A license file, which the package must carry as %license.
      writeFileSync(join(project, 'LICENSE'), 'The license text.\n');
      // Where rpm cannot see the BuildRequires (no RPM-packaged Python, as on Debian), rpmbuild needs --nodeps.
      const nodeps = run('rpm', ['-q', '--whatprovides', 'python3-devel']).status === 0 ? '' : '--nodeps';
      // One stream, in order, so that the %check section's output can be picked out.
      const r = run('/bin/sh', ['-c', `exec make rpm RPMBUILD_FLAGS=${nodeps} 2>&1`], project);
      build = { status: r.status, output: r.stdout };
      const rpms = join(project, 'rpmbuild/RPMS/noarch');
      rpmFile = existsSync(rpms) ? join(rpms, readdirSync(rpms)[0] ?? '') : '';
      sitelib = rpmEval('%{?python3_sitelib}');
    });

    it('builds the source and binary RPMs with make rpm', () => {
      assert.equal(build.status, 0, build.output.slice(-3000));
      assert.match(rpmFile, /\/python3-imagefactory-plugin-my-cloud-2\.1~rc1-1[^/]*\.noarch\.rpm$/);
      assert.equal(readdirSync(join(project, 'rpmbuild/SRPMS')).length, 1);
      assert.ok(!existsSync('/tmp/ifplugin-pwned'), 'a %(...) in the description ran');
    });

    it('runs the plugin tests in %check', () => {
      const check = build.output.slice(build.output.indexOf('Executing(%check)'));
      assert.ok(build.output.includes('Executing(%check)'), 'no %check ran');
      assert.match(check, /^Ran \d+ tests in /m);
      // The Builder test skips where ImageFactory cannot be imported, as on this build host.
      assert.match(check, /^OK( \(skipped=1\))?$/m);
    });

    it('says so when it falls back from the Python macros this rpm lacks', function () {
      if (sitelib !== '') this.skip(); // python3-rpm-macros are installed: the Fedora path ran
      // Debian's rpm defines neither %python3_sitelib nor %pyproject_wheel/%pyproject_install.
      assert.match(build.output, /^no %pyproject_wheel macro: building the wheel with pip$/m);
      assert.match(build.output, /^no %pyproject_install macro: installing the wheel with pip$/m);
    });

    it('uses the pyproject macros where rpm has them (%generate_buildrequires, save_files, check_import)', () => {
      const spec = readFileSync(join(project, 'python3-imagefactory-plugin-my-cloud.spec'), 'utf8');
      for (const line of ['%generate_buildrequires', '%pyproject_buildrequires', '%pyproject_wheel', '%pyproject_install',
        '%pyproject_save_files imagefactory_plugins', '%pyproject_check_import', '%files -f %{pyproject_files}']) {
        assert.ok(spec.split('\n').includes(line), line);
      }
      assert.doesNotMatch(spec, /^Packager:/m);
    });

    it('installs the package and its .info into site-packages/imagefactory_plugins/<name>/, and nothing of imagefactory_plugins itself', () => {
      const files = query('-l').trim().split('\n');
      const dir = files.find((f) => f.endsWith(`/imagefactory_plugins/${name}`));
      assert.ok(dir, files.join('\n'));
      assert.match(dir, /\/site-packages\/imagefactory_plugins\/My_Cloud$/);
      if (sitelib) assert.equal(dir, `${sitelib}/imagefactory_plugins/${name}`);
      for (const f of ['__init__.py', 'Pusher.py', `${name}.info`]) assert.ok(files.includes(`${dir}/${f}`), f);
      const pkg = dir.slice(0, -name.length - 1);
      assert.deepEqual(files.filter((f) => f.startsWith(pkg) && !f.startsWith(`${dir}`)), [], 'owns something of imagefactory_plugins/ itself');
      assert.ok(!files.includes(`${pkg}/__init__.py`));
      assert.ok(!files.includes(pkg));
      assert.ok(files.some((f) => /\/imagefactory_plugin_my_cloud-2\.1rc1\.dist-info\/METADATA$/.test(f)), 'no dist-info');
    });

    it('requires the plugins package, the plugin API and zope.interface (through the package metadata)', () => {
      const requires = query('-R').split('\n').map((l) => l.trim());
      for (const r of ['imagefactory-plugins', 'imagefactory-plugin-api = 1.0', 'imagefactory']) {
        assert.ok(requires.includes(r), `${r} not in\n${requires.join('\n')}`);
      }
      assert.ok(requires.some((r) => /^python3(\.\d+)?dist\(zope[.-]interface\)$/.test(r)), requires.join('\n'));
    });

    it('carries the answers exactly, % and all, with no Packager tag (Fedora forbids it)', () => {
      const [summary, license, url, packager, version] = query('--qf', '%{SUMMARY}\\n%{LICENSE}\\n%{URL}\\n%{PACKAGER}\\n%{VERSION}').split('\n');
      assert.equal(summary, rpmSummary(answers.description));
      assert.ok(summary.length < answers.description.length && answers.description.startsWith(summary.slice(0, -1)), summary);
      assert.equal(license, answers.license);
      assert.equal(url, answers.maintainerUrl);
      assert.equal(packager, '(none)');
      assert.equal(version, '2.1~rc1');
      const description = query('--qf', '%{DESCRIPTION}');
      assert.ok(description.replace(/\n/g, ' ').startsWith(`${name}: ${answers.description.trim()} `), description);
      assert.ok(description.split('\n').every((l) => l.length <= 79), description);
      assert.equal(query('--changelog').split('\n')[0], `* Sat Nov 29 2025 ${answers.maintainerName} <${answers.maintainerEmail}> - 2.1~rc1-1`);
    });

    it('carries the project\'s license file as %license', () => {
      const licenses = query('-L').trim().split('\n');
      assert.equal(licenses.length, 1, licenses.join('\n'));
      assert.match(licenses[0], /^\/usr\/share\/licenses\/python3-imagefactory-plugin-my-cloud[^/]*\/LICENSE$/);
    });

    it('is rpmlint clean, spec, source and binary RPM, as Fedora configures rpmlint and with the filters it ships', function () {
      if (run('rpmlint', ['--version']).status !== 0) this.skip();
      const r = run('rpmlint', [
        '-c', join(import.meta.dirname, 'fixtures/rpmlint/fedora.toml'), '-r', 'python3-imagefactory-plugin-my-cloud.rpmlintrc',
        'python3-imagefactory-plugin-my-cloud.spec', ...readdirSync(join(project, 'rpmbuild/SRPMS')).map((f) => `rpmbuild/SRPMS/${f}`), rpmFile,
      ], project);
      assert.match(r.stdout, /2 packages and 1 specfiles checked; 0 errors, \d+ warnings/, r.stdout + r.stderr);
      assert.equal(r.status, 0, r.stdout);
      // The only warnings: macros the description quotes on purpose (rpm shows them literally, as it should).
      const findings = r.stdout.split('\n').filter((l) => /: [EW]: /.test(l));
      const unexpected = findings.filter((l) => {
        const m = / W: unexpanded-macro (?:Summary\(C\)|%description -l C) (\S+)$/.exec(l);
        return !m || !answers.description.includes(m[1]);
      });
      assert.deepEqual(unexpected, []);
    });

    it('has %post and %postun scriptlets', () => {
      const scripts = query('--scripts');
      assert.match(scripts, /^postinstall scriptlet \(using \/bin\/sh\):$/m);
      assert.match(scripts, /^postuninstall scriptlet \(using \/bin\/sh\):$/m);
      assert.match(scripts, new RegExp(`/etc/imagefactory/plugins\\.d/${name}\\.info`));
    });

    describe('scriptlets, run against a temporary plugins.d', () => {
      let pluginsD = '';
      let link = '';
      let target = '';
      // $1 as rpm passes it: 1 for an install, 2 for an upgrade's %post; 1 for an upgrade's %postun, 0 for an erase.
      const scriptlet = (tag: 'POSTIN' | 'POSTUN', arg: number) => {
        const text = query('--qf', `%{${tag}}`);
        assert.ok(text.includes('/etc/imagefactory/plugins.d/'), text);
        const r = run('/bin/sh', ['-c', text.replaceAll('/etc/imagefactory/plugins.d/', `${pluginsD}/`), 'sh', String(arg)]);
        assert.equal(r.status, 0, r.stderr);
      };
      const post = (arg = 1) => scriptlet('POSTIN', arg);
      const postun = (arg: number) => scriptlet('POSTUN', arg);

      beforeEach(() => {
        pluginsD = join(tempDir('ifplugin-plugins.d-'), 'plugins.d');
        mkdirSync(pluginsD);
        link = join(pluginsD, `${name}.info`);
        target = `${query('-l').split('\n').find((f) => f.endsWith(`/imagefactory_plugins/${name}/${name}.info`))}`;
      });

      it('%post links the installed .info into plugins.d', () => {
        post();
        assert.equal(readlinkSync(link), target);
        assert.match(target, /\/site-packages\/imagefactory_plugins\/My_Cloud\/My_Cloud\.info$/);
      });

      it('an upgrade keeps the link; an erase removes it', () => {
        post();
        post(2);
        postun(1);
        assert.equal(readlinkSync(link), target);
        postun(0);
        assert.ok(!existsSync(link) && !isLink(link));
      });

      it("an administrator's regular file is left alone by %post and by the erase", () => {
        writeFileSync(link, '{"type": "cloud", "targets": [["mine"]]}');
        post();
        postun(0);
        assert.ok(lstatSync(link).isFile());
        assert.equal(readFileSync(link, 'utf8'), '{"type": "cloud", "targets": [["mine"]]}');
      });

      it("a link the administrator made elsewhere is left alone too, even a dangling one", () => {
        symlinkSync('/opt/mine/My_Cloud.info', link);
        post();
        postun(0);
        assert.equal(readlinkSync(link), '/opt/mine/My_Cloud.info');
      });
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
