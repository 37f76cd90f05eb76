// The generated project as a Python package: pyproject.toml (the build system) and setup.py (the metadata, read
// from the .info) build an sdist and a wheel without a single warning; the sdist carries the whole test harness,
// and its tests pass from the unpacked archive; the Python added for packaging is flake8-clean and Python 3.6
// syntax (setup.py says python_requires >= 3.6).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ifplugin, tempDir } from './support/cli.js';

const PYTHON = '/usr/bin/python3';
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120000, env: { ...process.env, ...env } });

describe('the generated Python package (sdist and wheel)', function () {
  this.timeout(120000);
  const root = tempDir('ifplugin-packaging-');
  const project = join(root, 'MyCloud');
  let build = { status: null as number | null, output: '' };
  let sdist = '';
  let wheel = '';

  before(function () {
    if (run(PYTHON, ['-m', 'build', '--version'], root).status !== 0) {
      process.stderr.write('      (skipped: python3-build is not installed: apt-get install python3-build)\n');
      this.skip();
    }
    const gen = ifplugin(['--yes', '--name', 'MyCloud', '--type', 'cloud', '--targets', 'mycloud', '--rpm', '--description', '100% "quoted" text',
      '--license', 'MIT', '--maintainer-name', 'Ann', '--maintainer-email', 'ann@example.org', '--maintainer-url', 'https://example.org/x', '--plugin-version', '2.1rc1'], root);
    assert.equal(gen.status, 0, gen.stderr);
    // Byte-compiling stays on (build_py warns when PYTHONDONTWRITEBYTECODE turns it off).
    const env = { ...process.env };
    delete env.PYTHONDONTWRITEBYTECODE;
    const r = spawnSync(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', 'dist', '.'], { cwd: project, encoding: 'utf8', env, timeout: 120000 });
    build = { status: r.status, output: `${r.stdout}${r.stderr}` };
    const dist = readdirSync(join(project, 'dist'));
    sdist = join(project, 'dist', dist.find((f) => f.endsWith('.tar.gz')) ?? '');
    wheel = join(project, 'dist', dist.find((f) => f.endsWith('.whl')) ?? '');
  });

  it('builds the sdist and the wheel without a warning', () => {
    assert.equal(build.status, 0, build.output);
    assert.match(build.output, /Successfully built \S+\.tar\.gz and \S+\.whl/);
    assert.deepEqual(build.output.split('\n').filter((l) => /warn|deprecat/i.test(l)), []);
  });

  it('puts the plugin in imagefactory_plugins/<name>/ of the wheel, without an imagefactory_plugins/__init__.py', () => {
    const r = run(PYTHON, ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', wheel], root);
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.trim().split('\n').filter((f) => !f.includes('.dist-info/'));
    assert.deepEqual(files.sort(), ['imagefactory_plugins/MyCloud/MyCloud.info', 'imagefactory_plugins/MyCloud/MyCloud.py', 'imagefactory_plugins/MyCloud/__init__.py']);
  });

  it('gives the package the metadata of the .info file', () => {
    const r = run(PYTHON, ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read([n for n in z.namelist() if n.endswith("/METADATA")][0]).decode())', wheel], root);
    assert.equal(r.status, 0, r.stderr);
    for (const line of ['Name: imagefactory-plugin-mycloud', 'Version: 2.1rc1', 'Summary: 100% "quoted" text', 'License: MIT', 'Author: Ann',
      'Author-email: ann@example.org', 'Home-page: https://example.org/x', 'Requires-Python: >=3.6', 'Requires-Dist: zope.interface']) {
      assert.ok(r.stdout.split('\n').includes(line), `${line} not in\n${r.stdout}`);
    }
  });

  it('carries the whole test harness and what builds from it in the sdist (tar lists it)', () => {
    const r = run('tar', ['-tzf', sdist], root);
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((f) => f.replace(/^[^/]+\//, ''));
    for (const f of ['tests/__init__.py', 'tests/imagefactory_env.py', 'tests/test_info.py', 'tests/test_loader.py', 'tests/test_builder.py', 'tests/imagefactory_builder.py', 'tests/test_MyCloud.py',
      'src/MyCloud/__init__.py', 'src/MyCloud/MyCloud.py', 'src/MyCloud/MyCloud.info', 'setup.py', 'pyproject.toml', 'MANIFEST.in',
      'README.md', 'Makefile', 'python3-imagefactory-plugin-mycloud.spec', 'python3-imagefactory-plugin-mycloud.rpmlintrc']) {
      assert.ok(files.includes(f), `${f} not in the sdist:\n${r.stdout}`);
    }
    assert.deepEqual(files.filter((f) => /\.py[co]$|__pycache__/.test(f)), []);
  });

  it('passes its tests from the unpacked sdist', () => {
    const unpacked = join(root, 'unpacked');
    mkdirSync(unpacked);
    assert.equal(run('tar', ['-xzf', sdist, '-C', unpacked], root).status, 0);
    const dir = join(unpacked, readdirSync(unpacked)[0]);
    const expected = run(PYTHON, ['-m', 'unittest', 'discover', '-v'], project, { PYTHONDONTWRITEBYTECODE: '1' });
    const r = run(PYTHON, ['-m', 'unittest', 'discover', '-v'], dir, { PYTHONDONTWRITEBYTECODE: '1' });
    assert.equal(r.status, 0, r.stderr);
    const count = (s: string) => Number(/^Ran (\d+) tests? in /m.exec(s)?.[1] ?? 0);
    assert.ok(count(r.stderr) > 0 && count(r.stderr) === count(expected.stderr), r.stderr);
    // The same verdict as in the project: OK, with the Builder test skipped there too when no ImageFactory is found.
    const verdict = (s: string) => /^(OK|FAILED)\b.*$/m.exec(s)?.[0];
    assert.match(r.stderr, /^OK( \(skipped=\d+\))?$/m);
    assert.equal(verdict(r.stderr), verdict(expected.stderr));
  });

  it('setup.py is flake8-clean, and every generated .py is Python 3.6 syntax (python_requires >= 3.6)', function () {
    const flake8 = run('flake8', ['setup.py'], project);
    if (flake8.error) this.skip();
    assert.equal(flake8.status, 0, flake8.stdout);
    const code = [
      'import ast, pathlib, sys',
      'for p in sorted(pathlib.Path(".").glob("**/*.py")):',
      '    if "dist" not in p.parts and "build" not in p.parts:',
      '        ast.parse(p.read_text(), str(p), feature_version=(3, 6))',
      '        print(p)',
    ].join('\n');
    const r = run(PYTHON, ['-c', code], project);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.split('\n').includes('setup.py') && r.stdout.split('\n').includes('tests/imagefactory_env.py'), r.stdout);
  });
});
