// Runs python/inspect_plugin.py on the hand-written plugin folders under
// test/fixtures/inspect/ (parsed by the script, never imported by anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERFACES, type PluginType } from '../lib/imagefactory/interfaces.js';
import type { ScriptFinding } from '../lib/validate/python-rules.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(HERE, '..', 'python', 'inspect_plugin.py');
const FIXTURES = path.join(HERE, 'fixtures', 'inspect');

type Finding = ScriptFinding;

interface MethodEntry {
  file: string;
  class: string;
  line: number;
  params?: string[];
  varargs?: boolean;
  assigned?: boolean;
}

interface DelegateEntry {
  file: string;
  class: string;
  line: number;
  interface: PluginType | null;
  exported: boolean;
  checked: boolean;
  methods: Record<string, MethodEntry>;
  unresolved_bases?: string[];
}

interface Report {
  python: string;
  type: PluginType | null;
  findings: Finding[];
  delegates: DelegateEntry[];
}

/** [file relative to the fixture folder ('' = the folder), line, rule, severity] */
type Row = [string, number | null, string, Finding['severity']];

function run(input: string) {
  return spawnSync('python3', [SCRIPT], { input, encoding: 'utf8' });
}

const reports: Report[] = [];

function inspect(name: string, type: PluginType | null, targets?: unknown[]): Report {
  const result = run(JSON.stringify({ dir: path.join(FIXTURES, name), type, interfaces: INTERFACES, targets }));
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const report = JSON.parse(result.stdout) as Report;
  reports.push(report);
  return report;
}

function rows(report: Report, name: string): Row[] {
  return report.findings.map((f) => [path.relative(path.join(FIXTURES, name), f.file), f.line, f.rule, f.severity]);
}

function only(report: Report, rule: string, text: string): Finding {
  const found = report.findings.filter((f) => f.rule === rule && f.message.includes(text));
  assert.equal(found.length, 1, `one ${rule} finding mentioning ${text}`);
  return found[0];
}

describe('python/inspect_plugin.py', function () {
  before(function () {
    if (spawnSync('python3', ['--version']).status !== 0) this.skip();
  });

  it('finds nothing wrong with a complete cloud plugin', function () {
    const report = inspect('GoodCloud', 'cloud');
    assert.match(report.python, /^3\.\d+\.\d+/);
    assert.deepEqual(report.findings, []);
    assert.equal(report.delegates.length, 1);
    const [delegate] = report.delegates;
    assert.equal(delegate.class, 'GoodCloud');
    assert.equal(delegate.file, path.join(FIXTURES, 'GoodCloud', 'GoodCloud.py'));
    assert.equal(delegate.line, 11, 'the @implementer line');
    assert.equal(delegate.interface, 'cloud');
    assert.equal(delegate.exported, true);
    const push = delegate.methods.push_image_to_provider;
    assert.deepEqual(push.params, ['self', 'builder', 'provider', 'credentials', 'target', 'image_id', 'parameters']);
    assert.equal(push.varargs, false);
    assert.equal(push.line, 17);
  });

  it('finds nothing wrong with a complete OS plugin, and infers its type', function () {
    assert.deepEqual(inspect('GoodOS', 'os').findings, []);
    const report = inspect('GoodOS', null);
    assert.deepEqual(report.findings, []);
    assert.equal(report.type, 'os');
    assert.equal(report.delegates[0].interface, 'os');
  });

  it('reports py2 implicit imports and class advice, and skips tests/', function () {
    const report = inspect('Py2Legacy', null);
    assert.deepEqual(rows(report, 'Py2Legacy'), [
      ['Py2Legacy.py', 7, 'py-implicit-import', 'error'],
      ['Py2Legacy.py', 8, 'py-implicit-import', 'error'],
      ['Py2Legacy.py', 17, 'py-class-advice', 'error'],
      ['Py2Legacy.py', 28, 'py-implicit-import', 'error'],
      ['Py2Legacy.py', 49, 'py-class-advice', 'error'],
      ['__init__.py', 2, 'py-implicit-import', 'error'],
      [path.join('util', '__init__.py'), 2, 'py-implicit-import', 'error'],
    ]);
    // implements(CloudDelegate) names the interface; classProvides does not make a delegate.
    assert.equal(report.type, 'cloud');
    assert.deepEqual(
      report.delegates.map((d) => [d.class, d.exported]),
      [['Py2Legacy', true]],
    );
    const init = only(report, 'py-implicit-import', 'from Py2Legacy import Py2Legacy as delegate_class');
    assert.match(init.message, /ModuleNotFoundError/);
    assert.match(init.message, /Unable to import plugin/);
    assert.match(init.message, /`from \.Py2Legacy import Py2Legacy as delegate_class`/);
    assert.equal(init.col, 1);
    const inMethod = only(report, 'py-implicit-import', 'import legacy_helpers`');
    assert.match(inMethod.message, /when snapshot_image_on_provider\(\) runs/);
    assert.match(inMethod.message, /`from \. import legacy_helpers`/);
    assert.equal(inMethod.col, 9);
    const advice = only(report, 'py-class-advice', 'implements(CloudDelegate)');
    assert.match(advice.message, /Class advice impossible in Python3/);
    assert.match(advice.message, /@implementer\(CloudDelegate\)/);
    assert.match(only(report, 'py-class-advice', 'classProvides').message, /@provider\(CloudDelegate\)/);
  });

  it('reports an __init__.py that does not export delegate_class', function () {
    const report = inspect('NoExport', 'cloud');
    assert.deepEqual(rows(report, 'NoExport'), [['__init__.py', null, 'init-no-delegate-class', 'error']]);
    const [finding] = report.findings;
    assert.match(finding.message, /AttributeError/);
    assert.match(finding.message, /`from \.NoExport import NoExport as delegate_class`/);
    assert.deepEqual(
      report.delegates.map((d) => [d.class, d.exported, d.interface]),
      [['NoExport', false, 'cloud']],
    );
  });

  it('reports a folder without __init__.py', function () {
    const report = inspect('NoInit', 'os');
    assert.deepEqual(rows(report, 'NoInit'), [['', null, 'init-missing', 'error']]);
    assert.match(report.findings[0].message, /`from \.NoInit import NoInit as delegate_class`/);
  });

  it('reports the Docker/OpenStack snapshot signature that lacks target', function () {
    const report = inspect('BadSnapshot', 'cloud');
    assert.deepEqual(rows(report, 'BadSnapshot'), [['BadSnapshot.py', 16, 'delegate-bad-signature', 'error']]);
    const { message } = report.findings[0];
    assert.ok(
      message.includes(
        'Builder calls snapshot_image_on_provider(builder, provider, credentials, target, template, parameters)',
      ),
      message,
    );
    assert.ok(
      message.includes('snapshot_image_on_provider(self, builder, provider, credentials, template, parameters)'),
      message,
    );
    assert.match(message, /takes 6 positional arguments but 7 were given/);
  });

  it('binds signatures the way inspect.signature(...).bind does', function () {
    const report = inspect('OddSignatures', 'cloud');
    assert.deepEqual(rows(report, 'OddSignatures'), [
      ['OddSignatures.py', 18, 'delegate-bad-signature', 'error'],
      ['OddSignatures.py', 34, 'delegate-bad-signature', 'error'],
      ['OddSignatures.py', 39, 'delegate-bad-signature', 'error'],
    ]);
    const [staticSelf, keywordOnly, short] = report.findings;
    assert.match(staticSelf.message, /push_image_to_provider/);
    assert.match(staticSelf.message, /@staticmethod/);
    assert.match(keywordOnly.message, /keyword-only argument: 'dry_run'/);
    assert.match(short.message, /builder_did_create_target_image\(\) takes 5 positional arguments but 6 were given/);
  });

  it('grades missing methods by how Builder calls them', function () {
    const cloud = inspect('MissingPush', 'cloud');
    assert.deepEqual(rows(cloud, 'MissingPush'), [
      ['MissingPush.py', 8, 'delegate-missing-method', 'error'],
      ['MissingPush.py', 8, 'delegate-missing-method', 'warning'],
    ]);
    assert.equal(only(cloud, 'delegate-missing-method', 'push_image_to_provider').severity, 'error');
    assert.equal(only(cloud, 'delegate-missing-method', 'builder_will_create_target_image').severity, 'warning');

    // Like stock MockOS: vSphere calls add_cloud_plugin_content blindly; abort is outside the interface.
    const os = inspect('BareOS', 'os');
    assert.deepEqual(rows(os, 'BareOS'), [
      ['BareOS.py', 9, 'delegate-missing-method', 'error'],
      ['BareOS.py', 9, 'delegate-missing-method', 'warning'],
    ]);
    assert.equal(only(os, 'delegate-missing-method', 'add_cloud_plugin_content').severity, 'error');
    assert.equal(only(os, 'delegate-missing-method', 'abort()').severity, 'warning');
  });

  it('counts methods inherited from classes in the same folder', function () {
    const report = inspect('InheritedMethods', 'cloud');
    // Only the inherited delete_from_provider is wrong, reported where it is defined.
    assert.deepEqual(rows(report, 'InheritedMethods'), [['cloud_base.py', 18, 'delegate-bad-signature', 'error']]);
    assert.match(report.findings[0].message, /InheritedMethods inherits delete_from_provider\(.*\) from CloudBase/);
    const [main, base] = report.delegates;
    assert.deepEqual([main.class, main.exported, main.checked], ['InheritedMethods', true, true]);
    // The decorated base is judged through its subclass, not on its own.
    assert.deepEqual([base.class, base.exported, base.checked], ['CloudBase', false, false]);
    assert.equal(main.methods.snapshot_image_on_provider.class, 'CloudBase');
    assert.equal(main.methods.builder_should_create_target_image.class, 'HookDefaults');
    assert.equal(main.methods.builder_did_create_target_image.assigned, true);
    assert.equal(main.unresolved_bases, undefined);
  });

  it('says nothing about methods a base from outside the folder may provide', function () {
    const report = inspect('UnresolvedBase', 'cloud');
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.delegates[0].unresolved_bases, ['VendorDelegate']);
  });

  it('reports a file that Python 3 cannot parse, and nothing else about it', function () {
    const report = inspect('SyntaxPy2', 'cloud');
    assert.deepEqual(rows(report, 'SyntaxPy2'), [['SyntaxPy2.py', 13, 'py-syntax', 'error']]);
    assert.ok((report.findings[0].col ?? 0) >= 1);
    assert.match(report.findings[0].message, /SyntaxError/);
  });

  it('warns when delegate_class is not a class of the folder', function () {
    const report = inspect('NoDelegate', 'cloud');
    assert.deepEqual(rows(report, 'NoDelegate'), [['__init__.py', 2, 'delegate-none', 'warning']]);
    assert.match(report.findings[0].message, /`from \.factory import build as delegate_class`/);
  });

  it('reports delegate methods Builder calls that never run: async def, yield, a should hook without a value', function () {
    const report = inspect('Lazy', 'cloud');
    assert.deepEqual(rows(report, 'Lazy'), [
      ['Lazy.py', 11, 'delegate-coroutine-or-generator', 'error'],
      ['Lazy.py', 22, 'delegate-coroutine-or-generator', 'error'],
      ['Lazy.py', 27, 'delegate-should-returns-none', 'error'],
    ]);
    const [push, remove, should] = report.findings;
    assert.match(push.message, /Lazy\.push_image_to_provider is an async def, so the call only makes a coroutine and the body never runs: Builder marks the step COMPLETE with nothing done; make it a plain def\.$/);
    assert.match(remove.message, /is a generator \(it contains yield, line 25\), so the call only makes a generator/);
    // A nested generator or lambda is not the method's own.
    assert.match(should.message, /never returns a value, so it returns None: Builder takes that as False, skips the OS plugin's create_target_image/);
    assert.match(should.message, /Builder's default, when the method is absent, is to create the target image/);
  });

  it('reports methods replaced by None or a property, by how Builder calls them', function () {
    const report = inspect('NotCallable', 'os');
    assert.deepEqual(rows(report, 'NotCallable'), [
      ['NotCallable.py', 11, 'delegate-not-callable', 'error'],
      ['NotCallable.py', 12, 'delegate-not-callable', 'warning'],
      ['NotCallable.py', 18, 'delegate-not-callable', 'error'],
    ]);
    assert.match(report.findings[0].message, /NotCallable\.create_target_image is None, not a method, so the call fails \('NoneType' object is not callable\)/);
    assert.match(report.findings[1].message, /abort\(\) .* an error is only logged/);
    assert.match(report.findings[2].message, /add_cloud_plugin_content is a property/);
  });

  it('reports a constructor that needs arguments, also an inherited one, and one that returns a value', function () {
    const needs = inspect('BadInit', 'cloud');
    const init = only(needs, 'delegate-init-arguments', 'Configured');
    assert.equal(init.file, path.join(FIXTURES, 'BadInit', 'base.py'));
    assert.equal(init.line, 6);
    assert.match(init.message, /BadInit inherits __init__\(self, config, \*, region=\.\.\.\) from Configured, so that raises "TypeError: __init__\(\) missing 1 required positional argument: 'config'"/);
    const returns = inspect('InitReturns', 'cloud');
    assert.deepEqual(rows(returns, 'InitReturns').filter((r) => r[2] !== 'delegate-missing-method'), [['InitReturns.py', 17, 'delegate-init-returns', 'error']]);
  });

  it('reports delegate_class bound to an instance, and checks the class itself', function () {
    const report = inspect('Instance', 'cloud');
    const finding = only(report, 'init-delegate-instance', 'Instance');
    assert.deepEqual([path.basename(finding.file), finding.line, finding.severity], ['__init__.py', 4, 'error']);
    assert.match(finding.message, /TypeError: 'Instance' object is not callable".*`from \.Instance import Instance as delegate_class`/);
    assert.deepEqual(report.delegates.map((d) => [d.class, d.exported]), [['Instance', true]]);
  });

  it('reports imports of modules the folder does not have, down to the case of a letter', function () {
    const report = inspect('WrongCase', 'cloud');
    assert.deepEqual(rows(report, 'WrongCase'), [
      ['__init__.py', 2, 'py-missing-module', 'error'],
      ['__init__.py', 3, 'py-missing-module', 'error'],
    ]);
    const [cased, absent] = report.findings;
    assert.match(cased.message, /^`from \.wrongcase import WrongCase as delegate_class` imports the module wrongcase, which the plugin folder does not have \(the folder has WrongCase\.py: module names are case-sensitive/);
    assert.match(cased.message, /ModuleNotFoundError while the plugin is imported, and the loader reports "Unable to import plugin for target"; spell it WrongCase, as the file is named\.$/);
    assert.match(absent.message, /`from \. import helpers` .* ImportError \("cannot import name"\)/);
  });

  it('reports @implementer given an imgfac module instead of the interface in it', function () {
    const report = inspect('ModuleIface', 'cloud');
    const found = report.findings.filter((f) => f.rule === 'delegate-implementer-module');
    assert.deepEqual(found.map((f) => [f.line, f.severity]), [[9, 'error'], [25, 'error']]);
    assert.match(found[0].message, /@implementer\(CloudDelegate\) on class ModuleIface is given the module imgfac\.CloudDelegate, not the interface, so zope raises "TypeError: 'module' object is not iterable"/);
    assert.match(found[1].message, /`from imgfac\.OSDelegate import OSDelegate`/);
  });

  it('takes imports of real top-level modules as Python 3 does, in a plugin named imgfac with a logging.py', function () {
    assert.deepEqual(inspect('imgfac', 'cloud').findings, []);
  });

  it('checks only the class Builder creates: not a second delegate that is not exported', function () {
    const report = inspect('Mirrored', 'cloud');
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.delegates.map((d) => [d.class, d.exported, d.checked]), [['Main', true, true], ['Mirror', false, false]]);
  });

  it("says that without builder_should_create_target_image Builder's default is to create the target image", function () {
    const report = inspect('NoShould', 'cloud');
    assert.deepEqual(rows(report, 'NoShould'), [['NoShould.py', 11, 'delegate-missing-method', 'warning']]);
    assert.match(report.findings[0].message, /only if it exists; without it Builder's default is to create the target image with the OS plugin, as if it returned True/);
  });

  it('makes a missing add_cloud_plugin_content an error only for targets a stock cloud plugin calls it for', function () {
    const reached = only(inspect('BareOS', 'os', [['RHEL-5', null, null], ['BareLinux', null, null]]), 'delegate-missing-method', 'add_cloud_plugin_content');
    assert.equal(reached.severity, 'error');
    assert.match(reached.message, /^The stock vSphere plugin calls add_cloud_plugin_content\(content\) on BareOS without checking that it exists, when vSphere builds a target image from a RHEL-5 template, which this plugin's target \["RHEL-5", null, null\] serves: the call raises AttributeError/);
    const unreached = only(inspect('BareOS', 'os', [['BareLinux', null, null]]), 'delegate-missing-method', 'add_cloud_plugin_content');
    assert.equal(unreached.severity, 'warning');
    assert.match(unreached.message, /but vSphere only for RHEL-5 templates, and no target of BareOS has that OS name, so no stock build reaches the missing method/);
  });

  it('writes one-sentence messages without tracebacks', function () {
    assert.ok(reports.length > 0);
    for (const finding of reports.flatMap((r) => r.findings)) {
      assert.ok(!/Traceback|\n/.test(finding.message), finding.message);
      assert.match(finding.message, /\.$/);
    }
  });

  it('exits 2 on a bad request', function () {
    const dir = path.join(FIXTURES, 'GoodCloud');
    const bad = [
      'not json',
      JSON.stringify({ dir: 'relative/path', type: 'cloud', interfaces: INTERFACES }),
      JSON.stringify({ dir: path.join(FIXTURES, 'NoSuchPlugin'), type: 'cloud', interfaces: INTERFACES }),
      JSON.stringify({ dir, type: 'vm', interfaces: INTERFACES }),
      JSON.stringify({ dir, type: 'cloud' }),
      JSON.stringify({ dir, type: 'cloud', interfaces: INTERFACES, targets: 'ec2' }),
    ];
    for (const input of bad) {
      const result = run(input);
      assert.equal(result.status, 2, input);
      assert.equal(typeof (JSON.parse(result.stdout) as { error: unknown }).error, 'string');
    }
  });
});
