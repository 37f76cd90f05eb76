// Runs python/inspect_plugin.py on the hand-written plugin folders under
// test/fixtures/inspect/ (parsed by the script, never imported by anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERFACES, type PluginType } from '../lib/imagefactory/interfaces.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(HERE, '..', 'python', 'inspect_plugin.py');
const FIXTURES = path.join(HERE, 'fixtures', 'inspect');

interface Finding {
  file: string;
  line: number | null;
  col: number | null;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

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

function inspect(name: string, type: PluginType | null): Report {
  const result = run(JSON.stringify({ dir: path.join(FIXTURES, name), type, interfaces: INTERFACES }));
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
    ];
    for (const input of bad) {
      const result = run(input);
      assert.equal(result.status, 2, input);
      assert.equal(typeof (JSON.parse(result.stdout) as { error: unknown }).error, 'string');
    }
  });
});
