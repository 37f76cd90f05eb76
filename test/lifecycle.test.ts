// A plugin's life after it is scaffolded: its author implements it and adds a test of their own, then re-runs the
// generator as the plugin changes, without a terminal and without --force: a new target, a new version and an RPM
// spec; a new maintainer; another version; a new class name. The author's code and test survive every step, the
// generator's files carry the new answers, the %changelog gets one entry per version, and the plugin's own tests
// pass throughout. The same steps through the real yo 7 give the same files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppAnswers } from '../lib/inputs/inputs.js';
import { planPlugin } from '../lib/render/plugin.js';
import { BIN, tempDir } from './support/cli.js';
import { pythonEnvs, runPluginTests } from './support/python.js';
import { readTree } from './support/tree.js';
import { ensureYo, yoWorkspace } from './support/yo.js';

const IMPLEMENTATION = `with open(builder.base_image.data, 'w') as image:
            image.write('an image of mine')
        builder.base_image.icicle = '<icicle></icicle>'`;
const MY_TEST = 'import unittest\n\n\nclass TestMine(unittest.TestCase):\n\n    def test_mine(self):\n        self.assertTrue(True)\n';

/** The author's work: create_base_image implemented, and a test of their own. */
function implement(project: string): string {
  const module = join(project, 'src/MyOS/MyOS.py');
  const text = readFileSync(module, 'utf8').replace(/raise NotImplementedError\(\n\s+'MyOS: create_base_image is not implemented yet'\)/, IMPLEMENTATION);
  assert.ok(text.includes('an image of mine'));
  writeFileSync(module, text);
  writeFileSync(join(project, 'tests/test_mine.py'), MY_TEST);
  return text;
}

const STEPS: { args: string[]; check(project: string, out: string): void }[] = [
  {
    args: ['--targets', 'Fedora,Debian:12', '--plugin-version', '1.1', '--rpm', '--changelog-date', '2026-01-02'],
    check(project) {
      const info = JSON.parse(readFileSync(join(project, 'src/MyOS/MyOS.info'), 'utf8'));
      assert.deepEqual(info.targets, [['Fedora', null, null], ['Debian', '12', null]]);
      assert.equal(info.version, '1.1');
      assert.equal(info.description, 'ImageFactory OS plugin for Fedora:*:*, Debian:12:*', 'the default description follows the targets');
      const spec = readFileSync(join(project, 'python3-imagefactory-plugin-myos.spec'), 'utf8');
      assert.equal([...spec.matchAll(/^\* /gm)].length, 1);
      assert.match(spec, /^\* Fri Jan 02 2026 Ada <ada@example\.org> - 1\.1-1$/m);
    },
  },
  {
    args: ['--maintainer-name', 'Bob'],
    check(project) {
      assert.equal(JSON.parse(readFileSync(join(project, 'src/MyOS/MyOS.info'), 'utf8')).maintainer.name, 'Bob');
    },
  },
  {
    args: ['--plugin-version', '1.2', '--changelog-date', '2026-02-03'],
    check(project) {
      const spec = readFileSync(join(project, 'python3-imagefactory-plugin-myos.spec'), 'utf8');
      assert.deepEqual([...spec.matchAll(/^\* (.*)$/gm)].map((m) => m[1]), [
        'Tue Feb 03 2026 Bob <ada@example.org> - 1.2-1',
        'Fri Jan 02 2026 Ada <ada@example.org> - 1.1-1',
      ]);
      assert.match(readFileSync(join(project, 'setup.py'), 'utf8') + readFileSync(join(project, 'src/MyOS/MyOS.info'), 'utf8'), /"version": "1\.2"/);
    },
  },
  {
    args: ['--class-name', 'MyOSDelegate'],
    check(project, out) {
      assert.match(readFileSync(join(project, 'src/MyOS/__init__.py'), 'utf8'), /^from \.MyOSDelegate import MyOSDelegate as delegate_class/);
      assert.ok(existsSync(join(project, 'src/MyOS/MyOSDelegate.py')));
      assert.match(out, /^Note: src\/MyOS\/MyOS\.py and tests\/test_MyOS\.py stay: the delegate class is now MyOSDelegate/m);
    },
  },
];

describe('a plugin re-scaffolded as it lives', function () {
  this.timeout(180000);
  const python = pythonEnvs()[0];

  /** `pluginTests`: run the plugin's own tests after each step (the yo scenario compares files with the bin's instead). */
  function scenario(
    run: (args: string[], cwd: string) => { status: number | null; stdout: string; stderr: string },
    dir = tempDir('ifplugin-life-'),
    pluginTests = true,
  ): Record<string, string>[] {
    const first = run(['--yes', '--name', 'MyOS', '--type', 'os', '--targets', 'Fedora', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org'], dir);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    const project = join(dir, 'MyOS');
    const mine = implement(project);
    const trees = [readTree(project)];
    for (const step of STEPS) {
      const r = run(step.args, project);
      assert.equal(r.status, 0, `${step.args.join(' ')}:\n${r.stderr}${r.stdout}`);
      step.check(project, r.stdout);
      // The author's code and test, byte for byte.
      assert.equal(readFileSync(join(project, 'src/MyOS/MyOS.py'), 'utf8'), mine, `after ${step.args.join(' ')}`);
      assert.equal(readFileSync(join(project, 'tests/test_mine.py'), 'utf8'), MY_TEST);
      if (python && pluginTests) {
        const tests = runPluginTests(python, project);
        assert.equal(tests.status, 0, tests.stderr);
        assert.match(tests.stderr, /test_mine/);
      }
      trees.push(readTree(project));
    }
    return trees;
  }

  let viaBin: Record<string, string>[];

  it('through the bin: the author\'s code and test survive every step, the answers reach every generated file', () => {
    viaBin = scenario((args, cwd) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' }));
  });

  it('through yo ifplugin: the same files at every step', function () {
    const { yo } = ensureYo();
    if (!yo) this.skip();
    // Inside the workspace, where yo finds this package.
    const { work, env } = yoWorkspace('ifplugin-life-yo-');
    const viaYo = scenario((args, cwd) => spawnSync(yo!, ['ifplugin', ...args], { cwd, env, encoding: 'utf8' }), work, false);
    assert.equal(viaYo.length, viaBin.length);
    for (const [i, tree] of viaYo.entries()) assert.deepEqual(tree, viaBin[i], `step ${i}`);
  });

  it('the files the author edits depend only on the plugin name, class name and type', () => {
    const base: AppAnswers = {
      name: 'MyOS', type: 'os', targets: [['Fedora', null, null]], description: 'one', maintainerName: 'Ada', maintainerEmail: 'ada@example.org',
      maintainerUrl: '', pluginVersion: '1.0', license: 'MIT', className: 'MyOS', rpm: false, changelogDate: '2025-11-29',
    };
    const module = (a: AppAnswers) => planPlugin(a).get('src/MyOS/MyOS.py');
    const variants: Partial<AppAnswers>[] = [
      { targets: [['Fedora', null, null], ['Debian', '12', 'x86_64']] }, { description: 'two' }, { maintainerName: 'Bob' },
      { maintainerEmail: 'bob@example.org' }, { maintainerUrl: 'https://example.org' }, { pluginVersion: '2.0' }, { license: 'GPL-2.0-only' },
      { rpm: true }, { changelogDate: '2026-01-01' },
    ];
    for (const v of variants) assert.equal(module({ ...base, ...v }), module(base), JSON.stringify(v));
  });

  it('a line both the author and the new answers changed: nothing written and the lines named; or conflict markers', () => {
    const dir = tempDir('ifplugin-life-');
    assert.equal(spawnSync(process.execPath, [BIN, '--yes', '--name', 'MyOS', '--type', 'os', '--targets', 'Fedora'], { cwd: dir }).status, 0);
    const project = join(dir, 'MyOS');
    const info = join(project, 'src/MyOS/MyOS.info');
    const edited = readFileSync(info, 'utf8').replace('"version": "1.0"', '"version": "1.0-local"');
    writeFileSync(info, edited);
    const before = readTree(project);
    const r = spawnSync(process.execPath, [BIN, '--plugin-version', '2.0'], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^ifplugin: 1 file\(s\) in \. were changed since ifplugin wrote them, and it would change the same lines: src\/MyOS\/MyOS\.info \(line \d+\); nothing was written: /m);
    assert.deepEqual(readTree(project), before);
    const marked = spawnSync(process.execPath, [BIN, '--plugin-version', '2.0', '--conflict-markers'], { cwd: project, encoding: 'utf8' });
    assert.equal(marked.status, 1);
    assert.match(readFileSync(info, 'utf8'), /^<<<<<<< yours\n {4}"version": "1\.0-local",\n=======\n {4}"version": "2\.0",\n>>>>>>> ifplugin$/m);
  });
});
