// `ifplugin delegate` / `yo ifplugin:delegate`: adding delegate classes to generated projects and to plugin
// folders ifplugin did not make, the safe `__init__.py` edit of --export, and re-runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import DelegateGenerator from '../generators/delegate/index.js';
import { DELEGATE_INPUTS, type DefaultContext } from '../lib/inputs/inputs.js';
import { valueProblem } from '../lib/inputs/resolve.js';
import { INTERFACES, type PluginType } from '../lib/imagefactory/interfaces.js';
import { definedNames, exportEdit, scanPython } from '../lib/python/source.js';
import { ifplugin, tempDir } from './support/cli.js';
import { HOST_FIXTURE, hostEnv, IMGFAC_SRC, needImagefactory, pluginTestsPassed, pythonEnvs, runPluginTests } from './support/python.js';
import { readTree } from './support/tree.js';
import { ensureYo, runYo, yoWorkspace } from './support/yo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'delegate');
const ONE_LINE = (c: string) => `from .${c} import ${c} as delegate_class`;
/** The export as ifplugin writes it on a line of its own: with flake8's noqa for the unused import. */
const NOQA = '  # noqa: F401';

const run = () =>
  helpers.run(DelegateGenerator, { resolved: join(import.meta.dirname, '../generators/delegate/index.ts'), namespace: 'ifplugin:delegate' });

const made = new Map<string, string>();

/** A project made by the real CLI (once per set of arguments, then copied), in a fresh temp folder; returns its root. */
function project(name: string, type: PluginType, targets: string): string {
  const key = JSON.stringify([name, type, targets]);
  if (!made.has(key)) {
    const dir = tempDir();
    const r = ifplugin(['--yes', '--name', name, '--type', type, '--targets', targets], dir);
    assert.equal(r.status, 0, r.stderr);
    made.set(key, join(dir, name));
  }
  const root = join(tempDir(), name);
  cpSync(made.get(key)!, root, { recursive: true });
  return root;
}

/** A copy of a fixture plugin folder, as <temp>/<Name>/. */
function pluginFolder(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function delegate(args: string[], cwd: string) {
  return ifplugin(['delegate', ...args], cwd);
}

/** The one line a failed run printed, without the `ifplugin:` (or `ifplugin delegate:`) prefix. */
function failure(r: { status: number | null; stderr: string }): string {
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^ifplugin( delegate)?: /);
  return lines[0].replace(/^ifplugin( delegate)?: /, '');
}

/** Everything a run printed: Yeoman's logger writes to stderr, the bin's own summary to stdout. */
const printed = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

function assertPluginTestsPass(root: string): void {
  const envs = pythonEnvs();
  assert.ok(envs.length, 'no python3 here');
  for (const env of envs) {
    const r = runPluginTests(env, root);
    assert.ok(pluginTestsPassed(r), `${env.name}:\n${r.stderr}`);
  }
}

/** Python that imports imagefactory_plugins.<Name> from a copy of `folder` the way ImageFactory would. */
const LOAD = `
import importlib, inspect, json, sys
name, calls = sys.argv[1], json.loads(sys.argv[2])
package = importlib.import_module('imagefactory_plugins.' + name)
cls = package.delegate_class
delegate = cls()
out = {'class': cls.__name__, 'module': cls.__module__, 'methods': {}}
for method, args in calls.items():
    bound = getattr(delegate, method, None)
    if bound is None:
        out['methods'][method] = 'absent'
        continue
    try:
        inspect.signature(bound).bind(*args)
    except TypeError as e:
        out['methods'][method] = 'bad: %s' % e
        continue
    try:
        bound(*[None for _ in args])
        out['methods'][method] = 'ran'
    except NotImplementedError as e:
        out['methods'][method] = 'NotImplementedError: %s' % e
    except Exception as e:
        out['methods'][method] = '%s' % type(e).__name__
print(json.dumps(out))
`;

function loadPlugin(folder: string, type: PluginType): { class: string; module: string; methods: Record<string, string> } | undefined {
  const env = hostEnv();
  if (!env) return undefined;
  const site = tempDir('ifplugin-site-');
  mkdirSync(join(site, 'imagefactory_plugins'));
  writeFileSync(join(site, 'imagefactory_plugins', '__init__.py'), '');
  cpSync(folder, join(site, 'imagefactory_plugins', basename(folder)), { recursive: true });
  const calls = Object.fromEntries(INTERFACES[type].methods.map((m) => [m.name, m.args]));
  const r = spawnSync(env.command, ['-c', LOAD, basename(folder), JSON.stringify(calls)], {
    encoding: 'utf8',
    env: { ...env.env, PYTHONPATH: `${site}:${HOST_FIXTURE}`, PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('delegate generator', function () {
  this.timeout(60000);

  describe('in a project made by ifplugin', () => {
    it('adds a cloud delegate with some methods, exports it, and the plugin tests pass', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const r = delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider,delete_from_provider', '--export'], root);
      assert.equal(r.status, 0, r.stderr);
      assert.match(printed(r), /Cloud delegate Mirror for the plugin Example: src\/Example\/Mirror\.py, tests\/test_Mirror\.py/);
      assert.match(printed(r), /src\/Example\/__init__\.py: delegate_class is now Mirror \(line 1 rewritten\)/);
      assert.equal(readFileSync(join(root, 'src/Example/__init__.py'), 'utf8'), `${ONE_LINE('Mirror')}${NOQA}\n`);
      const module = readFileSync(join(root, 'src/Example/Mirror.py'), 'utf8');
      assert.match(module, /^@implementer\(CloudDelegate\)\nclass Mirror\(object\):$/m);
      assert.match(module, /def push_image_to_provider[\s\S]*'Example: push_image_to_provider is not implemented yet'/);
      assert.match(module, /def delete_from_provider/);
      // Left out: Builder calls snapshot unguarded, so it is there and says so; the hooks are guarded, so absent.
      assert.match(module, /def snapshot_image_on_provider[\s\S]*'snapshot_image_on_provider is not supported by the Example '\n\s+'plugin'/);
      assert.doesNotMatch(module, /def builder_(should|will|did)_create_target_image/);
      assert.match(module, /Left out on purpose:\n- snapshot_image_on_provider: called without checking[\s\S]*- builder_did_create_target_image: Builder checks for it first/);
      assert.match(readFileSync(join(root, 'tests/test_Mirror.py'), 'utf8'), /^METHODS = \('push_image_to_provider', 'delete_from_provider'\)$/m);
      // The original delegate is still there; only the export changed.
      assert.ok(existsSync(join(root, 'src/Example/Example.py')));
      assertPluginTestsPass(root);
    });

    it('adds an OS delegate with create_base_image only, from a subfolder, and the plugin tests pass', () => {
      const root = project('MyOS', 'os', 'Fedora,RHEL-7:7.9:x86_64');
      const r = delegate(['--class-name', 'Quick', '--methods', 'create_base_image', '--export'], join(root, 'tests'));
      assert.equal(r.status, 0, r.stderr);
      const module = readFileSync(join(root, 'src/MyOS/Quick.py'), 'utf8');
      assert.match(module, /def create_base_image\(self, builder, template, parameters\):/);
      assert.match(module, /def add_cloud_plugin_content\(self, content\):[\s\S]*'add_cloud_plugin_content is not supported by the MyOS plugin'/);
      assert.doesNotMatch(module, /def (create_target_image|abort)\(/);
      assert.match(module, /- abort: Builder ignores its absence, so it is simply absent\./);
      assert.match(printed(r), /cd \/.*\/MyOS && python3 -m unittest discover -v/);
      assertPluginTestsPass(root);
    });

    it('keeps the generated code PEP 8 clean with a subset of methods', function () {
      const checker = ['/usr/bin/python3', '-m', 'pycodestyle'];
      if (spawnSync(checker[0], [...checker.slice(1), '--version']).status !== 0) this.skip();
      const root = project('Example', 'cloud', 'vsphere4');
      assert.equal(delegate(['--class-name', 'AVeryLongDelegateClassNameForWrapping', '--methods', ''], root).status, 0);
      const r = spawnSync(checker[0], [...checker.slice(1), 'src', 'tests'], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout);
    });

    it('gives the same files from prompts as from options', async () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const fromPrompts = tempDir();
      cpSync(root, fromPrompts, { recursive: true });
      assert.equal(delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'], root).status, 0);
      await run().cd(fromPrompts).withOptions({ interactive: true, force: false } as never)
        .withAnswers({ className: 'Mirror', methods: ['push_image_to_provider'], export: true });
      assert.deepEqual(readTree(fromPrompts), readTree(root));
      assert.deepEqual(result.askedQuestions.map((q) => q.name), ['className', 'methods', 'export']);
    });

    it('with --yes, picks a class name nobody uses and implements every method', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      assert.equal(delegate(['--yes'], root).status, 0);
      assert.equal(delegate(['--yes'], root).status, 0);
      const module = readFileSync(join(root, 'src/Example/ExampleDelegate2.py'), 'utf8');
      for (const m of INTERFACES.cloud.methods) assert.match(module, new RegExp(`def ${m.name}\\(`));
      assert.doesNotMatch(module, /Left out on purpose/);
      assert.equal(readFileSync(join(root, 'src/Example/__init__.py'), 'utf8'), `${ONE_LINE('Example')}${NOQA}\n`);
      assertPluginTestsPass(root);
    });
  });

  it('runs through the real yo 7 as yo ifplugin:delegate', function () {
    this.timeout(180000);
    const { yo } = ensureYo();
    if (!yo) this.skip();
    const { work, env } = yoWorkspace();
    const root = join(work, 'Example');
    cpSync(project('Example', 'cloud', 'vsphere4'), root, { recursive: true });
    const viaBin = project('Example', 'cloud', 'vsphere4');
    const args = ['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'];
    const r = runYo(yo!, ['ifplugin:delegate', ...args], root, env);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(delegate(args, viaBin).status, 0);
    assert.deepEqual(readTree(root), readTree(viaBin));
  });

  describe('in a plugin folder ifplugin did not make', () => {
    it('learns name and type from the .info, writes the module beside __init__.py, and edits only the export line', () => {
      const folder = pluginFolder('HandCloud');
      const before = readFileSync(join(folder, '__init__.py'), 'utf8');
      const r = delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider,delete_from_provider', '--export'], folder);
      assert.equal(r.status, 0, r.stderr);
      assert.match(printed(r), /Cloud delegate Mirror for the plugin HandCloud: Mirror\.py\n/);
      assert.match(printed(r), /no test written: its support module, tests\/imagefactory_env\.py, only exists in projects made by ifplugin/);
      assert.deepEqual(Object.keys(readTree(folder)).sort(), ['HandCloud.info', 'HandCloud.py', 'Mirror.py', '__init__.py']);
      assert.equal(readFileSync(join(folder, '__init__.py'), 'utf8'), before.replace(ONE_LINE('HandCloud'), ONE_LINE('Mirror')));
      // The .info description (which repeats the targets) stays out of the module: answers that change meaning later
      // never touch the author's code.
      assert.doesNotMatch(readFileSync(join(folder, 'Mirror.py'), 'utf8'), /Hand-written cloud plugin for generator-ifplugin's tests/);
      // The project's own linter finds no error (the hooks left out are warnings, as intended).
      const validated = ifplugin(['validate', folder], tempDir());
      assert.equal(validated.status, 0, validated.stdout + validated.stderr);
      assert.match(printed(validated), /\b0 errors\b/);

      // ImageFactory's way in: imagefactory_plugins.HandCloud.delegate_class(), methods called positionally.
      const loaded = loadPlugin(folder, 'cloud');
      if (!loaded) return;
      assert.equal(loaded.module, 'imagefactory_plugins.HandCloud.Mirror');
      assert.deepEqual(loaded.methods, {
        push_image_to_provider: 'NotImplementedError: HandCloud: push_image_to_provider is not implemented yet',
        snapshot_image_on_provider: 'NotImplementedError: snapshot_image_on_provider is not supported by the HandCloud plugin',
        delete_from_provider: 'NotImplementedError: HandCloud: delete_from_provider is not implemented yet',
        builder_should_create_target_image: 'absent',
        builder_will_create_target_image: 'absent',
        builder_did_create_target_image: 'absent',
      });
    });

    it('reads an OS type written "OS", and checks the class name against every module and subpackage', () => {
      const folder = pluginFolder('HandOS');
      const refused = (args: string[]) => failure(delegate(args, folder));
      assert.equal(refused(['--class-name', 'DiskWriter']), '--class-name: DiskWriter is already defined in the plugin (disk.py:4): choose another name, or pass --force to add a second one');
      assert.equal(refused(['--class-name', 'Guest']), '--class-name: Guest is already defined in the plugin (guests/__init__.py:4): choose another name, or pass --force to add a second one');
      assert.equal(refused(['--class-name', 'guests']), '--class-name: the plugin has a folder guests/, which would shadow a module guests.py: choose another name');
      assert.equal(refused(['--class-name', 'Quick', '--methods', 'push_image_to_provider']),
        '--methods: "push_image_to_provider" is not a method of an OS delegate: use create_base_image, create_target_image, add_cloud_plugin_content, abort');
      assert.equal(refused(['--class-name', 'Quick', '--type', 'cloud']), "--type cloud: ./HandOS.info says HandOS is an OS plugin; leave --type out inside a plugin");
      assert.deepEqual(Object.keys(readTree(folder)).sort(), ['HandOS.info', 'HandOS.py', '__init__.py', 'disk.py', 'guests/__init__.py']);

      const r = delegate(['--class-name', 'DiskWriter', '--methods', 'create_base_image,abort', '--export', '--force'], folder);
      assert.equal(r.status, 0, r.stderr);
      const loaded = loadPlugin(folder, 'os');
      if (!loaded) return;
      assert.equal(loaded.module, 'imagefactory_plugins.HandOS.DiskWriter');
      assert.equal(loaded.methods.create_target_image, 'absent');
      assert.equal(loaded.methods.abort, 'ran');
      assert.match(loaded.methods.add_cloud_plugin_content, /not supported by the HandOS plugin/);
    });

    it('writes the test too when the folder is src/<Name>/ of a project that lost its .yo-rc.json', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      writeFileSync(join(root, '.yo-rc.json'), '{}\n');
      const r = delegate(['--class-name', 'Mirror', '--methods', 'delete_from_provider'], join(root, 'src/Example'));
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(join(root, 'tests/test_Mirror.py')));
      assertPluginTestsPass(root);
    });

    it("passes ImageFactory's real loader: PluginManager finds the target and builds the new delegate", function () {
      const env = needImagefactory(this);
      const folder = pluginFolder('HandCloud');
      assert.equal(delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider,delete_from_provider', '--export'], folder).status, 0);
      // Installed as the RPM installs it: the package in imagefactory_plugins/, its .info linked into plugins.d.
      const work = tempDir('ifplugin-loader-');
      mkdirSync(join(work, 'site', 'imagefactory_plugins'), { recursive: true });
      writeFileSync(join(work, 'site', 'imagefactory_plugins', '__init__.py'), '');
      cpSync(folder, join(work, 'site', 'imagefactory_plugins', 'HandCloud'), { recursive: true });
      mkdirSync(join(work, 'plugins.d'));
      symlinkSync(join(work, 'site', 'imagefactory_plugins', 'HandCloud', 'HandCloud.info'), join(work, 'plugins.d', 'HandCloud.info'));
      const r = spawnSync(env.command, ['-c', [
        'import inspect, json, sys',
        'sys.path[:0] = [sys.argv[1]]',
        'sys.path.append(sys.argv[3])',
        'from imgfac.PluginManager import PluginManager',
        'pm = PluginManager(sys.argv[2])',
        'pm.load()',
        "delegate = pm.plugin_for_target('handcloud')",
        'print(json.dumps([type(delegate).__module__, type(delegate).__name__, pm.plugins["HandCloud"].get("ERROR")]))',
      ].join('\n'), join(work, 'site'), join(work, 'plugins.d'), IMGFAC_SRC], { encoding: 'utf8', env: env.env });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), ['imagefactory_plugins.HandCloud.Mirror', 'Mirror', null]);
    });
  });

  describe('outside any plugin', () => {
    it('without --type, says where it looked and what to pass, and writes nothing', () => {
      const dir = tempDir();
      const r = delegate(['--class-name', 'Mirror'], dir);
      assert.equal(failure(r),
        `no plugin here: found no .yo-rc.json of generator-ifplugin in ${dir} or above, and no __init__.py with a <Name>.info in ${dir}; ` +
          'run this in a plugin project or a plugin folder, or pass --type os|cloud and --name <Name> to make this folder a plugin folder');
      assert.deepEqual(readTree(dir), {});
    });

    it('with --type, needs --name, and then makes the current folder a plugin folder', () => {
      const dir = join(tempDir(), 'Fresh');
      mkdirSync(dir);
      const r1 = delegate(['--type', 'cloud', '--class-name', 'Fresh'], dir);
      assert.equal(failure(r1), `--name is required with --type outside a plugin: it names the plugin whose folder ${dir} becomes`);
      const r2 = delegate(['--type', 'cloud', '--name', 'Fresh', '--class-name', 'Fresh', '--methods', 'push_image_to_provider', '--export'], dir);
      assert.equal(r2.status, 0, r2.stderr);
      assert.deepEqual(Object.keys(readTree(dir)).sort(), ['Fresh.py', '__init__.py']);
      assert.equal(readFileSync(join(dir, '__init__.py'), 'utf8'), `${ONE_LINE('Fresh')}${NOQA}\n`);
      assert.match(printed(r2), /this folder has no Fresh\.info yet/);
    });
  });

  describe('--export', () => {
    const CUSTOM = [
      '# Copyright header',
      '"""The Example plugin: delegate_class is what ImageFactory imports."""',
      'import logging',
      '',
      'from .helpers import setup  # noqa: F401',
      'from .Example import Example as delegate_class  # the delegate',
      "__all__ = ['delegate_class']",
      'logging.getLogger(__name__).debug("loaded")',
      '',
    ].join('\n');

    it('without --export, says whether the class is already delegate_class, and suggests --export only when it is not', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const same = delegate(['--class-name', 'Example'], root);
      assert.equal(same.status, 0, same.stderr);
      assert.match(same.stdout, /src\/Example\/__init__\.py exports Example as delegate_class/);
      assert.doesNotMatch(same.stdout, /pass --export/);
      const other = delegate(['--class-name', 'Mirror'], root);
      assert.match(other.stdout, /delegate_class is unchanged: pass --export to make Mirror the plugin's delegate_class/);
    });

    it('rewrites only the one-line export of a custom __init__.py, keeping its comment and everything else', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      writeFileSync(join(root, 'src/Example/__init__.py'), CUSTOM);
      const r = delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'], root);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(join(root, 'src/Example/__init__.py'), 'utf8'),
        CUSTOM.replace('from .Example import Example as delegate_class  # the delegate', `${ONE_LINE('Mirror')}  # the delegate`));
      assert.match(printed(r), /delegate_class is now Mirror \(line 6 rewritten\)/);
    });

    it('leaves an __init__.py it cannot rewrite safely as it is, says why and prints the line, and writes the rest', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const init = join(root, 'src/Example/__init__.py');
      const conditional = 'try:\n    from .Fast import Fast as delegate_class\nexcept ImportError:\n    from .Example import Example as delegate_class\n';
      writeFileSync(init, conditional);
      const r = delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'], root);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(init, 'utf8'), conditional);
      assert.ok(existsSync(join(root, 'src/Example/Mirror.py')));
      const out = printed(r);
      assert.match(out, /warning: --export: src\/Example\/__init__\.py was left as it is, because delegate_class appears on lines 2, 4, and only a single binding can be rewritten\./);
      assert.match(out, new RegExp(`\\n    ${ONE_LINE('Mirror').replace(/\./g, '\\.')}${NOQA}\\n`));
    });

    const cases: [string, string | undefined, string][] = [
      ['no __init__.py', undefined, 'create'],
      ['an empty __init__.py', '', 'append'],
      ['a license header only', '# License\n# text\n', 'append'],
      ['no final newline', '# License', 'append'],
      ['the py2 implicit-relative one-liner', 'from Example import Example as delegate_class\n', 'rewrite'],
      ['a parenthesized one-liner', 'from .Example import (Example as delegate_class)\n', 'rewrite'],
      ['the export already there', `${ONE_LINE('Mirror')}${NOQA}\n`, 'unchanged'],
      ['two bindings', `${ONE_LINE('A')}\n${ONE_LINE('B')}\n`, 'refuse:delegate_class appears on lines 1, 2'],
      ['a conditional binding', `if True:\n    ${ONE_LINE('A')}\n`, 'refuse:line 2 binds delegate_class inside a block'],
      ['an assignment', 'from .A import A\ndelegate_class = A\n', 'refuse:line 2 binds delegate_class in a form other than'],
      ['a star import', 'from .A import *\n', 'refuse:line 1 is a star import'],
      ['a multi-line import', 'from .A import (\n    A as delegate_class,\n)\n', 'refuse:line 1 binds delegate_class in a statement over several lines'],
      ['several names', 'from .A import A as delegate_class, B\n', 'refuse:line 1 binds delegate_class in a form other than'],
      ['two statements on the line', `${ONE_LINE('A')}; x = 1\n`, 'refuse:line 1 binds delegate_class in a form other than'],
      ['a dynamic binding', "globals()['delegate_class'] = object\n", 'refuse:line 1 names delegate_class in a string'],
      ['an unterminated string', '"""never closed\n', 'refuse:it ends inside a string or a bracket'],
    ];
    for (const [what, text, expected] of cases) {
      it(`with ${what}: ${expected.split(':')[0]}`, () => {
        const edit = exportEdit(text, 'Mirror');
        const [action, reason] = expected.split(':');
        assert.equal(edit.action, action, JSON.stringify(edit));
        if (reason) assert.ok('reason' in edit && edit.reason.startsWith(reason), JSON.stringify(edit));
        if ('text' in edit) {
          // A line of its own gets flake8's noqa; a rewritten one keeps what followed it (nothing here).
          assert.ok(edit.text.endsWith(`${ONE_LINE('Mirror')}${action === 'rewrite' ? '' : NOQA}\n`), edit.text);
          // Nothing else changes: the edit is one line, replaced or added.
          const others = edit.text.split('\n').filter((l) => !l.startsWith(ONE_LINE('Mirror')));
          const original = (text ?? '').split('\n').filter((l) => !/as delegate_class/.test(l));
          assert.deepEqual(others.filter(Boolean), original.filter(Boolean));
        }
      });
    }

    it('keeps CRLF line ends, a byte order mark and a trailing comment', () => {
      const edit = exportEdit(`\uFEFF${ONE_LINE('Example')}   # keep me\r\nimport os\r\n`, 'Mirror');
      assert.deepEqual(edit, { action: 'rewrite', line: 1, text: `\uFEFF${ONE_LINE('Mirror')}   # keep me\r\nimport os\r\n` });
    });

    it('ignores delegate_class in comments, docstrings and __all__', () => {
      const text = `"""Exports delegate_class."""\n# delegate_class below\n__all__ = ['delegate_class']\n${ONE_LINE('A')}\n`;
      assert.equal(exportEdit(text, 'Mirror').action, 'rewrite');
    });

    it('never rewrites a file that is not UTF-8', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const init = join(root, 'src/Example/__init__.py');
      const latin1 = Buffer.from(`# -*- coding: latin-1 -*-\n# \xe9t\xe9\n${ONE_LINE('Example')}\n`, 'latin1');
      writeFileSync(init, latin1);
      const r = delegate(['--class-name', 'Mirror', '--export'], root);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(readFileSync(init).equals(latin1));
      assert.match(printed(r), /left as it is, because it is not UTF-8 text/);
    });
  });

  describe('re-runs', () => {
    it('changes nothing over the same class and options', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const args = ['--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--export'];
      assert.equal(delegate(args, root).status, 0);
      const before = readTree(root);
      const r = delegate(args, root);
      assert.equal(r.status, 0, r.stderr);
      assert.match(printed(r), /nothing changed/);
      assert.deepEqual(readTree(root), before);
    });

    /** A project with Mirror (push only), its push implemented and, with `deleteToo`, its delete implemented too. */
    const implemented = (deleteToo: boolean) => {
      const root = project('Example', 'cloud', 'vsphere4');
      assert.equal(delegate(['--class-name', 'Mirror', '--methods', 'push_image_to_provider'], root).status, 0);
      const module = join(root, 'src/Example/Mirror.py');
      let text = readFileSync(module, 'utf8').replace(
        /raise NotImplementedError\(\n\s+'Example: push_image_to_provider is not implemented yet'\)/,
        "builder.provider_image.identifier_on_provider = 'mirror-1'",
      );
      if (deleteToo) text = text.replace(/raise NotImplementedError\(\n\s+'delete_from_provider is not supported by the Example plugin'\)/, 'self.log.info(\'deleted\')');
      writeFileSync(module, text);
      return { root, module, text };
    };
    const MORE = ['--class-name', 'Mirror', '--methods', 'push_image_to_provider,delete_from_provider', '--export'];

    it('merges new methods into an implemented delegate, and a delegate nobody edited is simply updated', () => {
      const { root, module } = implemented(false);
      const r = delegate(MORE, root);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^ {4}merge src\/Example\/Mirror\.py$/m);
      assert.match(r.stdout, /^ {3}update tests\/test_Mirror\.py$/m);
      const merged = readFileSync(module, 'utf8');
      assert.match(merged, /identifier_on_provider = 'mirror-1'/);
      assert.match(merged, /def delete_from_provider[\s\S]*'Example: delete_from_provider is not implemented yet'/);
      assert.equal(readFileSync(join(root, 'src/Example/__init__.py'), 'utf8'), `${ONE_LINE('Mirror')}${NOQA}\n`);
      assertPluginTestsPass(root);
    });

    it('without a terminal, a method changed by both is a conflict: listed with its lines, nothing written; --force overwrites', () => {
      const { root, module, text } = implemented(true);
      const before = readTree(root);
      const r = delegate(MORE, root);
      assert.match(failure(r), /^1 file\(s\) in \. were changed since ifplugin wrote them, and it would change the same lines: src\/Example\/Mirror\.py \(lines? [\d-]+(, lines? [\d-]+)*\); nothing was written: /);
      assert.deepEqual(readTree(root), before);
      const marked = delegate([...MORE, '--conflict-markers'], root);
      assert.equal(marked.status, 1);
      assert.match(failure(marked), /^1 file\(s\) were written with conflict markers: src\/Example\/Mirror\.py/);
      assert.match(readFileSync(module, 'utf8'), /^<<<<<<< yours\n[\s\S]*self\.log\.info\('deleted'\)[\s\S]*^=======\n[\s\S]*^>>>>>>> ifplugin$/m);
      writeFileSync(module, text);
      const forced = delegate([...MORE, '--force'], root);
      assert.equal(forced.status, 0, forced.stderr);
      assert.match(readFileSync(module, 'utf8'), /def delete_from_provider[\s\S]*is not implemented yet/);
      assertPluginTestsPass(root);
    });

    it('in a terminal, asks about each conflicting file, as the bin does, and keeps those the user declines', async () => {
      const { root, module, text } = implemented(true);
      const answers = { className: 'Mirror', methods: ['push_image_to_provider', 'delete_from_provider'], export: true };
      const asking = () => run().cd(root).withOptions({ interactive: true, force: false } as never);
      await asking().withAnswers({ ...answers, conflict: 'keep' });
      assert.equal(readFileSync(module, 'utf8'), text);
      assert.equal(readFileSync(join(root, 'src/Example/__init__.py'), 'utf8'), `${ONE_LINE('Mirror')}${NOQA}\n`);
      assert.ok(result.askedQuestions.some((q) => q.name === 'conflict'));
      const other = implemented(true);
      await run().cd(other.root).withOptions({ interactive: true, force: false } as never).withAnswers({ ...answers, conflict: 'overwrite' });
      assert.match(readFileSync(other.module, 'utf8'), /def delete_from_provider[\s\S]*is not implemented yet/);
      assertPluginTestsPass(other.root);
    });

    it('remakes the generated delegate with other methods when nobody edited it, and later app runs keep them', async () => {
      const root = project('Example', 'cloud', 'vsphere4');
      await run().cd(root).withOptions({ 'class-name': 'Example', methods: 'push_image_to_provider', force: false } as never);
      assert.match(readFileSync(join(root, 'src/Example/Example.py'), 'utf8'), /'delete_from_provider is not supported by the Example plugin'/);
      const again = ifplugin([], root);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /already up to date/);
      assertPluginTestsPass(root);
    });

    it('refuses a class defined in another module, unless --force', async () => {
      const root = project('Example', 'cloud', 'vsphere4');
      writeFileSync(join(root, 'src/Example/helpers.py'), 'class Mirror(object):\n    pass\n');
      await assert.rejects(
        run().cd(root).withOptions({ 'class-name': 'Mirror', force: false } as never),
        { message: '--class-name: Mirror is already defined in the plugin (helpers.py:1): choose another name, or pass --force to add a second one' },
      );
      assert.ok(!existsSync(join(root, 'src/Example/Mirror.py')));
      await run().cd(root).withOptions({ 'class-name': 'Mirror', force: true } as never);
      assert.ok(existsSync(join(root, 'src/Example/Mirror.py')));
    });
  });

  describe('inputs', () => {
    const ctx = (type: PluginType): DefaultContext => ({
      git: () => undefined,
      plugin: { name: 'Example', type, defined: new Map(), files: new Set(), folders: new Set(), force: false },
    });
    const methods = DELEGATE_INPUTS.find((i) => i.key === 'methods')!;

    it('offers the methods of the plugin type, marking those called without a check', () => {
      const choices = methods.choices as (c: DefaultContext) => { value: string; name: string }[];
      for (const type of ['os', 'cloud'] as const) {
        const offered = choices(ctx(type));
        assert.deepEqual(offered.map((c) => c.value), INTERFACES[type].methods.map((m) => m.name));
        for (const m of INTERFACES[type].methods) {
          const marked = offered.find((c) => c.value === m.name)!.name.includes('called without a check');
          assert.equal(marked, m.guard === 'none', m.name);
        }
      }
      assert.deepEqual(methods.default({}, ctx('os')), ['create_base_image', 'create_target_image', 'add_cloud_plugin_content', 'abort']);
    });

    it('validates --methods', () => {
      const v = (s: string, type: PluginType = 'cloud') => valueProblem(methods, s, {}, ctx(type));
      assert.equal(v('push_image_to_provider, delete_from_provider'), undefined);
      assert.equal(v(''), undefined);
      assert.equal(v('abort'), '"abort" is not a method of a cloud delegate: use push_image_to_provider, snapshot_image_on_provider, delete_from_provider, builder_should_create_target_image, builder_will_create_target_image, builder_did_create_target_image');
      assert.equal(v('abort', 'os'), undefined);
      assert.equal(v('abort,,create_base_image', 'os'), 'a method name is empty: remove the extra comma');
      assert.equal(v('abort,abort', 'os'), '"abort" is listed twice');
    });

    it('the bin refuses an unknown method with one line naming the allowed ones, writing nothing', () => {
      const root = project('Example', 'cloud', 'vsphere4');
      const before = readTree(root);
      const r = delegate(['--class-name', 'Mirror', '--methods', 'push'], root);
      assert.equal(failure(r), '--methods: "push" is not a method of a cloud delegate: use push_image_to_provider, snapshot_image_on_provider, delete_from_provider, builder_should_create_target_image, builder_will_create_target_image, builder_did_create_target_image');
      assert.deepEqual(readTree(root), before);
      const missing = delegate([], root);
      assert.equal(failure(missing), '--class-name is required when there is no terminal to ask: pass --class-name <class-name>, or --yes to take the defaults');
      assert.equal(failure(delegate(['--class-name', 'delegate_class'], root)),
        '--class-name: "delegate_class" is the name ImageFactory imports from __init__.py: give the class its own name');
    });

    it('ifplugin delegate --help lists every option with its help text', () => {
      const r = delegate(['--help'], tempDir());
      assert.equal(r.status, 0, r.stderr);
      const help = r.stdout.replace(/\s+/g, ' ');
      for (const input of DELEGATE_INPUTS) {
        assert.ok(help.includes(`--${input.option}${input.kind === 'confirm' ? `, --no-${input.option} ` : ' <'}`), input.option);
        assert.ok(help.includes(input.description.replace(/\s+/g, ' ')), input.description);
      }
      for (const flag of ['--name <name>', '--type <cloud|os>', '--yes', '--force', '--dry-run']) assert.ok(help.includes(flag), flag);
    });
  });

  describe('reading Python source', () => {
    it('finds classes at any depth and module-level functions and assignments, not in strings', () => {
      const text = [
        '"""class NotInCode: a docstring."""',
        'import os as Alias',
        'X, Y = 1, 2',
        'Z: int = 3',
        'if os.name:',
        '    class Nested(object):',
        '        def method(self):',
        '            pass',
        'def helper(a,',
        '           b):',
        '    local = 1',
        'async def fetch():',
        '    pass',
        's = """',
        'class InString:',
        '"""',
      ].join('\n');
      assert.deepEqual(Object.fromEntries(definedNames(text)), { X: [3], Y: [3], Z: [4], Nested: [6], helper: [9], fetch: [12], s: [14] });
    });

    it('joins continuation lines and brackets into one logical line', () => {
      const { lines, complete } = scanPython('a = (1,\n     2)  # two\nb = 1 + \\\n    2\n');
      assert.ok(complete);
      assert.deepEqual(lines.map((l) => [l.first, l.last, l.comment]), [[1, 2, '# two'], [3, 4, undefined]]);
    });
  });
});
