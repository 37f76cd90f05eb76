// `ifplugin validate`: the .info rules with exact ids, severities and positions, plugin folders and their Python
// (test/fixtures/validate/), the whole .info corpus (test/fixtures/info-corpus/), ImageFactory's own stock plugins
// when a snapshot is at hand, the command line (output format, --json, exit codes), yo, and the rule table.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import helpers from 'yeoman-test';
import ValidateGenerator from '../generators/validate/index.js';
import { checkInfoFile, type Finding } from '../lib/validate/info-file.js';
import { PYTHON_RULE_IDS, RULES, ruleById, rulesMarkdown, type Rule } from '../lib/imagefactory/rules.js';
import { formatHelp } from '../lib/commands/help.js';
import { VALIDATE } from '../lib/commands/specs.js';
import { validatePaths, type ValidateResult } from '../lib/validate/validate.js';
import { ifplugin, tempDir } from './support/cli.js';
import { captureOutput } from './support/capture.js';
import { IMGFAC_SRC, REQUIRE_IMGFAC } from './support/python.js';
import { ensureYo, runYo, yoWorkspace } from './support/yo.js';
import { PYTHON_JSON_DEPTH } from '../lib/validate/json-position.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'validate');
const CORPUS = join(import.meta.dirname, 'fixtures', 'info-corpus');
// ImageFactory 1.1.16's own plugins, from the source tree IMGFAC_SRC names (../shared/imagefactory/upstream-1.1.16
// by default; read, never imported or copied).
const STOCK = join(IMGFAC_SRC, 'imagefactory_plugins');
const HAS_PYTHON = spawnSync('python3', ['-c', '0']).status === 0;

/** [rule, severity, line, col]; line and col are undefined for findings about a whole file or folder. */
type Row = [string, string, number?, number?];
const row = (f: Finding): Row => (f.line ? [f.rule, f.severity, f.line, f.col] : [f.rule, f.severity]);

/** Every finding any test saw, for the check that each rule is exercised and keeps its declared severity. */
const observed: Finding[] = [];
function saw(findings: Finding[]): Finding[] {
  observed.push(...findings);
  return findings;
}

let fixtureRun: Promise<ValidateResult> | undefined;
/** One run over all of test/fixtures/validate, shared by the tests that read it. */
function fixtures(): Promise<ValidateResult> {
  fixtureRun ??= validatePaths([FIXTURES]);
  return fixtureRun;
}

function findingsFor(result: ValidateResult, path: string): Row[] {
  return saw(result.findings.filter((f) => f.file === join(FIXTURES, path) || f.file.startsWith(join(FIXTURES, path, '/')))).map(
    (f) => [relative(join(FIXTURES, path), f.file) || '.', ...row(f)] as unknown as Row,
  );
}

// The documented keys, on line 2 of every case below so that positions on line 1 are easy to count.
const DOCS = ', "description": "d", "maintainer": {"name": "n", "email": "n@example.org", "url": "https://example.org"}, "version": "1.0", "license": "MIT"}\n';

interface InfoCase {
  title: string;
  file?: string;
  folder?: string;
  text: string | Buffer;
  expect: Row[];
  message?: RegExp;
}

const INFO_CASES: InfoCase[] = [
  { title: 'a correct cloud .info', text: `{"type": "cloud", "targets": [["mine"], ["Mine"]]\n${DOCS}`, expect: [] },
  { title: 'a correct OS .info', text: `{"type": "OS", "targets": [["MyOS", null, null], ["MyOS", "7", "x86_64"]]\n${DOCS}`, expect: [] },
  {
    title: 'Python quotes', text: "{'type': 'cloud', 'targets': [['a']]}\n",
    expect: [['info-invalid-json', 'error', 1, 2]], message: /^not JSON: Expecting property name enclosed in double quotes; .*'NoneType' object is not subscriptable.*'single quotes' are Python, not JSON: write "double quotes"$/,
  },
  {
    title: 'a trailing comma', text: '{"type": "cloud", "targets": [["a"]],\n}\n',
    expect: [['info-invalid-json', 'error', 2, 1]], message: /a comma after the last item is Python, not JSON: remove it$/,
  },
  {
    title: 'Python None', text: '{"type": "os", "targets": [["F", None, None]]}\n',
    expect: [['info-invalid-json', 'error', 1, 34]], message: /Expecting value.*write null, true and false/,
  },
  {
    title: 'a missing comma', text: '{"type": "cloud" "targets": [["a"]]}\n',
    expect: [['info-invalid-json', 'error', 1, 18]], message: /Expecting ',' delimiter.*add the missing comma/,
  },
  { title: 'a byte order mark', text: '\ufeff{}', expect: [['info-invalid-json', 'error', 1, 1]], message: /without a byte order mark/ },
  { title: 'bytes that are not UTF-8', text: Buffer.from([0x7b, 0xff, 0x7d]), expect: [['info-unreadable', 'error']], message: /not UTF-8/ },
  { title: 'a list instead of an object', text: '[["a"]]\n', expect: [['info-not-object', 'error', 1, 1]] },
  {
    title: 'JSON nested as deep as the loader reads', text: `{"type": "cloud", "targets": [["a"]], "x": ${'['.repeat(PYTHON_JSON_DEPTH - 1)}${']'.repeat(PYTHON_JSON_DEPTH - 1)}\n${DOCS}`,
    expect: [],
  },
  {
    title: 'JSON nested deeper than the loader reads', text: `{"type": "cloud", "targets": [["a"]], "x": ${'['.repeat(PYTHON_JSON_DEPTH)}${']'.repeat(PYTHON_JSON_DEPTH)}\n${DOCS}`,
    expect: [['info-too-deep', 'error', 1, 43 + PYTHON_JSON_DEPTH]], message: /^the JSON nests more than 989 arrays and objects here: the loader's json\.load raises RecursionError/,
  },
  {
    title: 'a miscased key', text: `{"Type": "cloud", "targets": [["a"]]\n${DOCS}`,
    expect: [['info-missing-key', 'error', 1, 1]], message: /Missing entry for 'type'.*rename "Type" to "type"/,
  },
  { title: 'no targets', text: `{"type": "cloud"\n${DOCS}`, expect: [['info-missing-key', 'error', 1, 1]], message: /Missing entry for 'targets'/ },
  { title: 'an unknown type', text: `{"type": "vm", "targets": [["a"]]\n${DOCS}`, expect: [['info-type', 'error', 1, 10]], message: /silently skips/ },
  {
    title: 'a numeric type', text: `{"type": 5, "targets": [["a"]]\n${DOCS}`,
    expect: [['info-type', 'error', 1, 10]], message: /'int' object has no attribute 'upper'/,
  },
  { title: 'targets as a string', text: `{"type": "cloud", "targets": "abc"\n${DOCS}`, expect: [['info-targets-not-list', 'error', 1, 30]] },
  { title: 'no targets at all', text: `{"type": "cloud", "targets": []\n${DOCS}`, expect: [['info-targets-empty', 'error', 1, 30]] },
  {
    title: 'a bare-string OS target', text: `{"type": "os", "targets": ["Fedora"]\n${DOCS}`,
    expect: [['info-target-bare-string', 'error', 1, 28]], message: /never found; write \["Fedora", null, null\]$/,
  },
  {
    title: 'a bare-string cloud target next to a good one', text: `{"type": "cloud", "targets": [["a"], "vsphere4"]\n${DOCS}`,
    expect: [['info-target-bare-string', 'error', 1, 38]], message: /target 2 is the bare string "vsphere4".*write \["vsphere4"\]$/,
  },
  { title: 'a number as a target', text: `{"type": "cloud", "targets": [5]\n${DOCS}`, expect: [['info-target-not-list', 'error', 1, 31]] },
  {
    title: 'a 2-element OS target', text: `{"type": "os", "targets": [["Fedora", "30"]]\n${DOCS}`,
    expect: [['info-target-shape', 'error', 1, 28]], message: /only 3-element lists ever match/,
  },
  { title: 'a 2-element cloud target', text: `{"type": "cloud", "targets": [["a", "b"]]\n${DOCS}`, expect: [['info-target-shape', 'error', 1, 31]] },
  {
    title: 'a number in an OS target', text: `{"type": "os", "targets": [["Fedora", 30, null]]\n${DOCS}`,
    expect: [['info-target-non-string', 'error', 1, 28]], message: /write "30", not 30/,
  },
  { title: 'a null OS name', text: `{"type": "os", "targets": [[null, "7", null]]\n${DOCS}`, expect: [['info-target-null-name', 'error', 1, 28]] },
  {
    title: 'a wildcard before a concrete part', text: `{"type": "os", "targets": [["Debian", null, "x86_64"]]\n${DOCS}`,
    expect: [['info-target-middle-wildcard', 'error', 1, 28]], message: /only blanks parts from the right/,
  },
  { title: 'a duplicate target', text: `{"type": "cloud", "targets": [["a"], ["a"]]\n${DOCS}`, expect: [['info-target-duplicate', 'warning', 1, 38]] },
  {
    title: 'a target of a stock plugin', file: 'Mine.info', text: `{"type": "cloud", "targets": [["ec2"]]\n${DOCS}`,
    expect: [['info-target-stock-clash', 'warning', 1, 31]], message: /also claimed by the stock EC2 plugin/,
  },
  {
    title: 'OS targets of two stock plugins', file: 'Mine.info', text: `{"type": "os", "targets": [["Fedora", null, null]]\n${DOCS}`,
    expect: [['info-target-stock-clash', 'warning', 1, 28]], message: /stock Nova and TinMan plugins/,
  },
  { title: "a stock plugin's own targets", file: 'EC2.info', text: `{"type": "cloud", "targets": [["ec2"]]\n${DOCS}`, expect: [] },
  {
    title: 'a stem that differs from its plugin folder', file: 'Other.info', folder: 'Plugin', text: `{"type": "cloud", "targets": [["a"]]\n${DOCS}`,
    expect: [['info-stem-folder', 'error']], message: /imports imagefactory_plugins\.Other/,
  },
  { title: 'a stem that is not an identifier', file: 'my-plugin.info', text: `{"type": "cloud", "targets": [["a"]]\n${DOCS}`, expect: [['info-stem-identifier', 'warning']] },
  {
    title: 'no documentation', text: '{"type": "cloud",\n "targets": [["a"]], "maintainer": {"name": "n"}}\n',
    expect: [
      ['info-missing-doc', 'warning', 1, 1], ['info-missing-doc', 'warning', 1, 1], ['info-missing-doc', 'warning', 1, 1],
      ['info-missing-doc', 'warning', 2, 36], ['info-missing-doc', 'warning', 2, 36],
    ],
  },
  {
    title: 'documentation of the wrong type', text: '{"type": "cloud", "targets": [["a"]],\n "description": "d", "maintainer": "Ada", "version": 1, "license": "MIT"}\n',
    expect: [['info-doc-type', 'warning', 2, 36], ['info-doc-type', 'warning', 2, 54]], message: /should be/,
  },
  {
    title: 'a malformed maintainer e-mail', text: '{"type": "cloud", "targets": [["a"]], "description": "d", "version": "1", "license": "MIT",\n "maintainer": {"name": "n", "email": "not an address", "url": "https://example.org"}}\n',
    expect: [['info-maintainer-format', 'warning', 2, 39]], message: /not a valid e-mail address/,
  },
];

function checkCase(c: InfoCase): Finding[] {
  const dir = tempDir('ifplugin-info-');
  const base = c.folder ? join(dir, c.folder) : dir;
  mkdirSync(base, { recursive: true });
  const file = join(base, c.file ?? 'Case.info');
  writeFileSync(file, c.text);
  return saw(checkInfoFile(file, c.folder).findings);
}

/** A stand-in interpreter: passes the probe, then fails (or prints `stdout`) when asked to run the script. */
/**
 * An interpreter that says it is Python `version` (the first line of inspect_plugin.py --batch), then prints
 * `stdout` and `Traceback: boom` on stderr and exits with `status`; `sleep` seconds first, before or after the
 * first line.
 */
function fakePython(stdout: string, status: number, version = '3.11.0', sleep?: 'before' | 'after'): string {
  const path = join(tempDir('ifplugin-fakepy-'), 'python');
  const nap = 'exec sleep 30\n';
  writeFileSync(path, `#!/bin/sh\n${sleep === 'before' ? nap : ''}echo '{"python": "'"$0"'", "version": "${version}"}'\n${sleep === 'after' ? nap : ''}` +
    `printf '%s' '${stdout}'\necho 'Traceback: boom' >&2\nexit ${status}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ifplugin validate', function () {
  this.timeout(60000);

  describe('.info rules', () => {
    for (const c of INFO_CASES) {
      it(`${c.title}: ${c.expect.map((r) => r[0]).join(', ') || 'no findings'}`, () => {
        const findings = checkCase(c);
        assert.deepEqual(findings.map(row), c.expect, findings.map((f) => f.message).join('\n'));
        if (c.message) assert.match(findings[0].message, c.message);
      });
    }
  });

  it("reads as deep as ImageFactory's real loader does, called as the imagefactory command calls it", function () {
    if (!HAS_PYTHON || !existsSync(join(IMGFAC_SRC, 'imgfac', 'PluginManager.py'))) {
      if (REQUIRE_IMGFAC) assert.fail(`IFPLUGIN_REQUIRE_IMGFAC=1, but there is no ImageFactory at ${IMGFAC_SRC}`);
      process.stderr.write(`      (skipped: no ImageFactory at ${IMGFAC_SRC}, or no python3; set IMGFAC_SRC)\n`);
      this.skip();
    }
    const pluginsD = tempDir('ifplugin-deep-');
    for (const depth of [PYTHON_JSON_DEPTH, PYTHON_JSON_DEPTH + 1]) {
      // The object is one level; the list under "x" the rest.
      writeFileSync(join(pluginsD, `Deep${depth}.info`), `{"type": "cloud", "targets": [["d${depth}"]], "x": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`);
    }
    // The imagefactory command loads plugins in Application(), a Singleton, at module level: the same stack here.
    const script = join(pluginsD, 'load.py');
    writeFileSync(script, [
      'import json, sys',
      'sys.path.insert(0, sys.argv[2])',
      'from imgfac.Singleton import Singleton',
      'from imgfac.PluginManager import PluginManager',
      'class Application(Singleton):',
      '    def _singleton_init(self):',
      '        self.plugin_mgr = PluginManager(sys.argv[1])',
      '        self.plugin_mgr.load()',
      'print(json.dumps(sorted(n for n, m in Application().plugin_mgr.plugins.items() if "ERROR" not in m)))',
    ].join('\n'));
    const r = spawnSync('python3', ['-B', script, pluginsD, IMGFAC_SRC], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [`Deep${PYTHON_JSON_DEPTH}`], r.stderr);
    const verdicts = [PYTHON_JSON_DEPTH, PYTHON_JSON_DEPTH + 1].map((d) => checkInfoFile(join(pluginsD, `Deep${d}.info`)).findings.filter((f) => f.severity === 'error').map((f) => f.rule));
    assert.deepEqual(verdicts, [[], ['info-too-deep']]);
  });

  describe('the .info corpus (test/fixtures/info-corpus, 49 files)', () => {
    interface IndexEntry { file: string; json_valid: boolean; json_error: string | null; target_forms: Record<string, number> | null; origin: string }
    const index = JSON.parse(readFileSync(join(CORPUS, 'INDEX.json'), 'utf8')) as IndexEntry[];
    let result: ValidateResult;
    before(async () => {
      result = await validatePaths([CORPUS]);
      saw(result.findings);
    });
    const errorsOf = (file: string) => result.findings.filter((f) => f.file === join(CORPUS, file) && f.severity === 'error');

    it('checks all 49 files, on their own (no plugin folders)', () => {
      assert.equal(index.length, 49);
      assert.deepEqual(result.infoFiles.map((f) => relative(CORPUS, f)).sort(), index.map((e) => e.file).sort());
      assert.deepEqual(result.plugins, []);
    });

    it('gives each file the verdict its INDEX implies', () => {
      for (const e of index) {
        const errors = errorsOf(e.file).map(row);
        if (!e.json_valid) {
          // INDEX.json has Python's own error: "Expecting property name ...: line 2 column 5 (char 6)".
          const [, reason, line, col] = /^(.*): line (\d+) column (\d+)/.exec(e.json_error ?? '') ?? [];
          assert.deepEqual(errors, [['info-invalid-json', 'error', Number(line), Number(col)]], e.file);
          assert.ok(errorsOf(e.file)[0].message.includes(reason), e.file);
        } else if (e.target_forms?.['bare-string']) {
          assert.deepEqual(errors.map((r) => r[0]), ['info-target-bare-string'], e.file);
        } else {
          assert.deepEqual(errors, [], e.file);
        }
      }
    });

    it('flags exactly the two invalid-JSON files and MockSphere at 32fe9d1', () => {
      const bad = [...new Set(result.findings.filter((f) => f.severity === 'error').map((f) => relative(CORPUS, f.file)))].sort();
      assert.deepEqual(bad, ['aeolus-hist-32fe9d1__MockSphere.info', 'aeolus-hist-a5e0f17__MockRPMBasedOS.info', 'aeolus-hist-a5e0f17__MockSphere.info']);
      assert.deepEqual(errorsOf('aeolus-hist-32fe9d1__MockSphere.info').map(row), [['info-target-bare-string', 'error', 3, 17]]);
      const head = index.filter((e) => e.origin === 'aeolus-HEAD');
      assert.equal(head.length, 15);
      for (const e of head) assert.deepEqual(errorsOf(e.file), [], e.file);
    });

    it('warns only about stock targets and corpus file names', () => {
      const warned = new Set(result.findings.filter((f) => f.severity === 'warning').map((f) => f.rule));
      assert.deepEqual([...warned].sort(), ['info-stem-identifier', 'info-target-stock-clash']);
    });
  });

  describe('plugin folders (test/fixtures/validate)', () => {
    before(function () {
      if (!HAS_PYTHON) this.skip();
    });

    it('finds the plugin folders, the project under src/ and the loose .info files, and skips build/ and tests/', async () => {
      const r = await fixtures();
      assert.deepEqual(r.plugins.map((p) => relative(FIXTURES, p.dir)).sort(), [
        'plugins/Broken', 'plugins/CleanCloud', 'plugins/CleanOS', 'plugins/Factory', 'plugins/Legacy', 'plugins/Misnamed',
        'plugins/NoExport', 'plugins/NoInfo', 'plugins/NoInit', 'project/src/Proj',
      ]);
      assert.deepEqual(r.infoFiles.map((f) => relative(FIXTURES, f)), ['plugins.d/Bare.info', 'plugins.d/Good.info']);
      assert.equal(r.plugins.find((p) => p.dir.endsWith('CleanOS'))?.type, 'os');
      assert.match(r.python?.version ?? '', /^3\.\d+\.\d+$/);
      assert.deepEqual(r.notices, []);
    });

    it('passes complete plugins', async () => {
      const r = await fixtures();
      for (const p of ['plugins/CleanCloud', 'plugins/CleanOS', 'project', 'plugins.d/Good.info']) assert.deepEqual(findingsFor(r, p), [], p);
    });

    it('reports the Python rules of python/inspect_plugin.py at their lines', async () => {
      const r = await fixtures();
      assert.deepEqual(findingsFor(r, 'plugins/Legacy'), [
        ['Legacy.py', 'delegate-missing-method', 'error', 6, 1],
        ['Legacy.py', 'delegate-missing-method', 'warning', 6, 1],
        ['Legacy.py', 'delegate-missing-method', 'warning', 6, 1],
        ['Legacy.py', 'py-class-advice', 'error', 7, 5],
        ['Legacy.py', 'delegate-bad-signature', 'error', 13, 5],
        ['__init__.py', 'py-implicit-import', 'error', 2, 1],
      ]);
      assert.deepEqual(findingsFor(r, 'plugins/Broken'), [['Broken.py', 'py-syntax', 'error', 5, 9]]);
      assert.deepEqual(findingsFor(r, 'plugins/NoExport'), [['__init__.py', 'init-no-delegate-class', 'error']]);
      assert.deepEqual(findingsFor(r, 'plugins/Factory'), [['__init__.py', 'delegate-none', 'warning', 2, 1]]);
      const signature = r.findings.find((f) => f.rule === 'delegate-bad-signature')!;
      assert.match(signature.message, /takes 6 positional arguments but 7 were given/);
      assert.doesNotMatch(signature.message, /\.$/, 'the sentence ends before " (rule)"');
    });

    it('cross-checks the folder layout: a .info without __init__.py, an __init__.py without .info, a misnamed .info', async () => {
      const r = await fixtures();
      assert.deepEqual(findingsFor(r, 'plugins/NoInit'), [['.', 'init-missing', 'error']]);
      assert.deepEqual(findingsFor(r, 'plugins/NoInfo'), [['__init__.py', 'plugin-no-info', 'warning']]);
      assert.deepEqual(findingsFor(r, 'plugins/Misnamed'), [['Other.info', 'info-stem-folder', 'error']]);
    });

    it('checks loose .info files like plugins.d holds them', async () => {
      const r = await fixtures();
      assert.deepEqual(findingsFor(r, 'plugins.d/Bare.info'), [
        ['.', 'info-missing-doc', 'warning', 1, 1], ['.', 'info-missing-doc', 'warning', 1, 1], ['.', 'info-missing-doc', 'warning', 1, 1],
        ['.', 'info-target-bare-string', 'error', 3, 17], ['.', 'info-doc-type', 'warning', 4, 16],
      ]);
    });

    it('reports a crashed or silent analyser as python-failed, not as a pass', async () => {
      for (const python of [fakePython('', 3), fakePython('no json\n', 0)]) {
        const r = await validatePaths([join(FIXTURES, 'plugins', 'CleanCloud')], { python });
        assert.deepEqual(saw(r.findings).map(row), [['python-failed', 'error']]);
        assert.match(r.findings[0].message, /exited with status 3: Traceback: boom|wrote a line that is not a JSON report/);
      }
    });

    it('analyses many folders in as few processes as pay off, each folder with its own report', async function () {
      if (!HAS_PYTHON) this.skip();
      const dir = tempDir('ifplugin-many-');
      for (let i = 0; i < 40; i++) {
        const name = `P${i}`;
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, `${name}.info`), '{"type": "cloud", "targets": [["x"]]}\n');
        writeFileSync(join(dir, name, '__init__.py'), `from .${name} import ${name} as delegate_class  # noqa: F401\n`);
        // One folder does not parse, and each class is named for its folder: a report given to another folder shows.
        writeFileSync(join(dir, name, `${name}.py`), i === 7 ? 'class P7(:\n' : `class ${name}(object):\n    pass\n`);
      }
      const r = await validatePaths([dir]);
      assert.equal(r.plugins.length, 40);
      assert.deepEqual(r.findings.filter((f) => f.rule === 'python-failed'), []);
      assert.deepEqual(r.findings.filter((f) => f.rule === 'py-syntax').map((f) => relative(dir, f.file)), ['P7/P7.py']);
      for (const p of r.plugins) {
        const classes = (p.delegates as { class: string }[]).map((d) => d.class);
        assert.deepEqual(classes, p.dir.endsWith('P7') ? [] : [relative(dir, p.dir)], p.dir);
      }
    });

    it('stops an analyser that hangs: at its start (one line), or on a folder (python-failed, and the next folder goes on)', async () => {
      const folders = ['CleanCloud', 'CleanOS'].map((name) => join(FIXTURES, 'plugins', name));
      await assert.rejects(validatePaths(folders, { python: fakePython('', 0, '3.11.0', 'before'), pythonTimeoutMs: 300 }),
        /^UsageError: --python \S+: \S+ is not a working Python: it did not start within 0\.3 s$/);
      const r = await validatePaths(folders, { python: fakePython('', 0, '3.11.0', 'after'), pythonTimeoutMs: 300 });
      assert.deepEqual(saw(r.findings).map(row), [['python-failed', 'error'], ['python-failed', 'error']]);
      assert.match(r.findings[0].message, /did not finish within 0\.3 s$/);
    });
  });

  it('reports a module that is a FIFO or a link to /dev/zero as py-unreadable, at once, without reading it', async function () {
    if (!HAS_PYTHON) this.skip();
    const dir = tempDir('ifplugin-unreadable-');
    for (const [name, make] of [['Fifo', (f: string) => spawnSync('mkfifo', [f])], ['Zero', (f: string) => symlinkSync('/dev/zero', f)]] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, `${name}.info`), '{"type": "cloud", "targets": [["x"]]}\n');
      writeFileSync(join(dir, name, '__init__.py'), `from .${name} import ${name} as delegate_class  # noqa: F401\n`);
      make(join(dir, name, `${name}.py`));
    }
    const r = await validatePaths([dir]);
    const unreadable = saw(r.findings).filter((f) => f.rule === 'py-unreadable');
    assert.deepEqual(unreadable.map((f) => [relative(dir, f.file), f.severity]), [['Fifo/Fifo.py', 'error'], ['Zero/Zero.py', 'error']]);
    for (const f of unreadable) assert.match(f.message, /^\w+\.py is not a regular file, so it was not analysed; importing the plugin/);
  });

  it('without Python, skips the Python rules with a notice and still reports a missing __init__.py', async () => {
    const r = await validatePaths([join(FIXTURES, 'plugins', 'NoInit'), join(FIXTURES, 'plugins', 'Legacy')], { python: false });
    assert.deepEqual(saw(r.findings).map(row), [['init-missing', 'error']]);
    assert.equal(r.python, null);
    assert.equal(r.notices.length, 1);
    assert.match(r.notices[0], /^the Python rules \(py-unreadable, py-syntax, .*delegate-none\) were skipped/);
  });

  it('says when a folder holds no plugin, and searches past node_modules, .git and __pycache__ never', async () => {
    const dir = tempDir('ifplugin-empty-');
    for (const skipped of ['node_modules/x', '.git/x', '__pycache__/x', '.venv/x']) {
      mkdirSync(join(dir, skipped), { recursive: true });
      writeFileSync(join(dir, skipped, 'X.info'), 'not json');
    }
    const r = await validatePaths([dir]);
    assert.deepEqual(saw(r.findings).map(row), [['path-no-plugin', 'error']]);
    assert.equal(r.findings[0].file, dir);
  });

  describe('the command line', () => {
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => ifplugin(['validate', ...args], FIXTURES, env);
    const LINE = /^[^:\n]+(:\d+(:\d+)?)?: (error|warning): [^\n]+ \([a-z0-9-]+\)$/;

    it('prints one line per finding and exits 1 when there are errors', () => {
      const r = cli(['plugins.d/Bare.info']);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, [
        'plugins.d/Bare.info:1:1: warning: "description" is missing: the loader does not need it, but `imagefactory plugins` shows it to users (info-missing-doc)',
        'plugins.d/Bare.info:1:1: warning: "license" is missing: the loader does not need it, but `imagefactory plugins` shows it to users (info-missing-doc)',
        'plugins.d/Bare.info:1:1: warning: "maintainer" is missing: the loader does not need it, but `imagefactory plugins` shows it to users (info-missing-doc)',
        'plugins.d/Bare.info:3:17: error: target 1 is the bare string "vsphere4": the loader registers it but looks targets up as lists, so it is never found; write ["vsphere4"] (info-target-bare-string)',
        'plugins.d/Bare.info:4:16: warning: "version" is 1: it should be a string; the loader ignores it, but `imagefactory plugins` shows it as it is (info-doc-type)',
        '',
      ].join('\n'));
      assert.equal(r.stderr, '1 error, 4 warnings (0 plugin folders, 1 other .info file); 1 fixable with --fix (--diff shows how)\n');
    });

    it('exits 0 with warnings only, and with nothing to say', () => {
      const warned = cli(['--no-python', 'plugins/NoInfo']);
      assert.equal(warned.status, 0, warned.stderr);
      assert.match(warned.stdout, /^plugins\/NoInfo\/__init__\.py: warning: .* \(plugin-no-info\)\n$/);
      const clean = cli(['plugins.d/Good.info']);
      assert.equal(clean.status, 0, clean.stderr);
      assert.equal(clean.stdout, '');
      assert.equal(clean.stderr, '0 errors, 0 warnings (0 plugin folders, 1 other .info file)\n');
    });

    it('formats every finding of the fixtures as file[:line[:col]]: severity: message (rule)', function () {
      if (!HAS_PYTHON) this.skip();
      const r = cli(['.']);
      assert.equal(r.status, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(lines.length >= 15);
      for (const line of lines) assert.match(line, LINE);
      assert.ok(lines.includes('plugins/NoInit: error: The folder NoInit has no __init__.py, so Python 3 imports imagefactory_plugins.NoInit as an empty namespace package and PluginManager raises AttributeError for delegate_class; create __init__.py with `from .NoInit import NoInit as delegate_class` (init-missing)'));
      assert.match(r.stderr, /^9 errors, 8 warnings \(10 plugin folders, 2 other \.info files; Python rules by python3 3\.\d+\.\d+\); 5 fixable with --fix \(--diff shows how\)\n$/);
    });

    it('prints a JSON report with --json', function () {
      if (!HAS_PYTHON) this.skip();
      const r = cli(['--json', 'plugins/Legacy', 'plugins.d/Good.info']);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '');
      const report = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(report), ['ok', 'errors', 'warnings', 'findings', 'notices', 'python', 'plugins', 'infoFiles']);
      assert.deepEqual([report.ok, report.errors, report.warnings], [false, 4, 2]);
      assert.deepEqual(report.findings[4], {
        file: 'plugins/Legacy/Legacy.py', line: 13, col: 5, rule: 'delegate-bad-signature', severity: 'error',
        message: report.findings[4].message, fixable: true,
      });
      assert.equal(report.findings[5].file, 'plugins/Legacy/__init__.py');
      assert.deepEqual(report.plugins.map((p: { dir: string; type: string; infoFiles: string[] }) => [p.dir, p.type, p.infoFiles]), [
        ['plugins/Legacy', 'cloud', ['plugins/Legacy/Legacy.info']],
      ]);
      assert.equal(report.plugins[0].delegates[0].class, 'Legacy');
      assert.deepEqual(report.infoFiles, ['plugins.d/Good.info']);
    });

    it('gives null positions in JSON for findings about a whole file', () => {
      const r = cli(['--json', '--no-python', 'plugins/NoInit']);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(report.findings.map((f: { rule: string; line: null; col: null; file: string }) => [f.file, f.line, f.col, f.rule]), [
        ['plugins/NoInit', null, null, 'init-missing'],
      ]);
      assert.equal(report.python, null);
      assert.match(report.notices[0], /skipped \(--no-python\)/);
      assert.match(r.stderr, /^notice: the Python rules .* were skipped \(--no-python\)\n$/);
    });

    it('says in one line when python3 is not on PATH, and goes on without the Python rules', () => {
      const r = cli(['plugins/CleanCloud'], { PATH: '/nonexistent' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      const [notice, summary, ...rest] = r.stderr.split('\n');
      assert.match(notice, /^notice: python3 was not found: the Python rules \(.*\) were skipped; install python3 or pass --python PY$/);
      assert.match(summary, /; Python rules skipped\)$/);
      assert.deepEqual(rest, ['']);
    });

    it('exits 2 with one line for bad usage', () => {
      const cases: [string[], RegExp][] = [
        [['no/such/plugin'], /^ifplugin validate: no\/such\/plugin: no such file or folder \(see ifplugin validate --help\)$/],
        [['plugins/Legacy/Legacy.py'], /: not a \.info file or a folder \(see/],
        [['--frob', '.'], /^ifplugin validate: unknown option '--frob' \(see ifplugin validate --help\)$/],
        [['-q', '.'], /^ifplugin validate: unknown option '-q' /],
        [['.', '--python'], /^ifplugin validate: --python needs a value /],
        [['--json=yes', '.'], /^ifplugin validate: --json takes no value/],
        [['--python', '/no/such/python', 'plugins/CleanCloud'], /^ifplugin validate: --python \/no\/such\/python: \/no\/such\/python was not found /],
        [['--python', fakePython('', 0, '2.7.18'), 'plugins/CleanCloud'], /is Python 2\.7\.18; the Python rules need 3\.6 or later/],
        [['--python', 'python3', '--no-python', '.'], /--python and --no-python are both given/],
      ];
      for (const [args, message] of cases) {
        const r = cli(args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr.split('\n').length, 2, r.stderr);
        assert.match(r.stderr.trimEnd(), message);
      }
    });

    it('prints its help and the rule table', () => {
      const help = cli(['--help']);
      assert.equal(help.status, 0);
      assert.equal(help.stdout, formatHelp(VALIDATE, 'ifplugin validate'));
      const rules = cli(['--rules']);
      assert.equal(rules.status, 0);
      assert.equal(rules.stdout, `${rulesMarkdown()}\n`);
    });

    it('never loads Yeoman', () => {
      // A resolve hook that refuses yeoman-*: importing Yeoman fails with it (the hook works), validate does not.
      const hook = join(import.meta.dirname, 'support', 'refuse-yeoman.mjs');
      const env = { NODE_OPTIONS: `--import=${hook}` };
      const validate = cli(['--no-python', 'plugins.d/Good.info'], env);
      assert.equal(validate.status, 0, validate.stderr);
      const direct = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('yeoman-environment')"], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env },
      });
      assert.notEqual(direct.status, 0);
      assert.match(direct.stderr, /refused to load yeoman-environment/);
    });
  });

  describe('yo ifplugin:validate', () => {
    const run = (paths: string[]) =>
      helpers.run(ValidateGenerator, { resolved: join(import.meta.dirname, '../generators/validate/index.ts'), namespace: 'ifplugin:validate' })
        .withArguments(paths);

    it('passes a clean plugin', async () => {
      await run([join(FIXTURES, 'plugins.d', 'Good.info')]);
    });

    it('fails the run when there are errors', async () => {
      const { stdout, stderr, error } = await captureOutput(() => run([join(FIXTURES, 'plugins.d', 'Bare.info')]));
      assert.equal((error as { code?: number } | undefined)?.code, 1);
      assert.equal(stdout.split('\n').filter((l) => l.includes('Bare.info')).length, 5);
      assert.equal(stderr, '1 error, 4 warnings (0 plugin folders, 1 other .info file); 1 fixable with --fix (--diff shows how)\n');
    });

    it('through the real yo 7, prints every finding before failing', function () {
      this.timeout(180000);
      const { yo } = ensureYo();
      if (!yo) this.skip();
      const { work, env } = yoWorkspace('ifplugin-yo-validate-');
      const yoRun = (path: string) => runYo(yo!, ['ifplugin:validate', path], work, env);
      const bad = yoRun(join(FIXTURES, 'plugins.d', 'Bare.info'));
      assert.notEqual(bad.status, 0);
      const lines = bad.stdout.split('\n').filter((l) => l.startsWith(join(FIXTURES, 'plugins.d', 'Bare.info')));
      assert.deepEqual(lines.map((l) => /\(([a-z-]+)\)$/.exec(l)?.[1]), ['info-missing-doc', 'info-missing-doc', 'info-missing-doc', 'info-target-bare-string', 'info-doc-type']);
      const good = yoRun(join(FIXTURES, 'plugins.d', 'Good.info'));
      assert.equal(good.status, 0, good.stderr);
    });
  });

  describe("ImageFactory 1.1.16's own plugins", () => {
    let result: ValidateResult;
    const root = IMGFAC_SRC;
    before(async function () {
      const problem = !HAS_PYTHON ? 'python3 is not on PATH' : !existsSync(join(STOCK, 'MockOS')) ? `no stock plugins in ${STOCK} (set IMGFAC_SRC)` : '';
      if (problem && REQUIRE_IMGFAC) throw new Error(`IFPLUGIN_REQUIRE_IMGFAC=1, but ${problem}`);
      if (problem) {
        process.stderr.write(`      (skipped: ${problem})\n`);
        this.skip();
      }
      result = await validatePaths([STOCK]);
      saw(result.findings);
    });
    const errorsIn = (plugin: string) =>
      result.findings.filter((f) => {
        const dir = join(root, 'imagefactory_plugins', plugin);
        return f.severity === 'error' && (f.file === dir || f.file.startsWith(join(dir, '/')));
      });

    it('finds the 15 plugins and nothing else (not ovfcommon, not conf)', () => {
      assert.deepEqual(result.plugins.map((p) => relative(join(root, 'imagefactory_plugins'), p.dir)), [
        'Atlas', 'Docker', 'EC2', 'GCE', 'HyperV', 'IndirectionCloud', 'MockCloud', 'MockOS', 'Nova', 'OVA', 'OpenStack',
        'RHEVM', 'Rackspace', 'TinMan', 'vSphere',
      ]);
    });

    it("reports Docker's and OpenStack's snapshot_image_on_provider without target", () => {
      const bad = result.findings.filter((f) => f.rule === 'delegate-bad-signature');
      assert.deepEqual(bad.map((f) => [relative(root, f.file), f.line, f.col]), [
        ['imagefactory_plugins/Docker/Docker.py', 272, 5],
        ['imagefactory_plugins/OpenStack/OpenStack.py', 137, 5],
      ]);
      for (const f of bad) assert.match(f.message, /snapshot_image_on_provider\(self, builder, provider, credentials, template, parameters\)/);
    });

    it('has no false errors on MockCloud, TinMan and Nova, nor on any stock .info', () => {
      for (const p of ['MockCloud', 'TinMan', 'Nova']) assert.deepEqual(errorsIn(p), [], p);
      assert.deepEqual(result.findings.filter((f) => f.file.endsWith('.info') && f.severity === 'error'), []);
    });

    it('gives MockOS (no add_cloud_plugin_content, no RHEL-5 target) no error, nor the plugins that return False on purpose', () => {
      assert.deepEqual(errorsIn('MockOS'), []);
      const [missing] = result.findings.filter((f) => f.file.endsWith('MockOS.py') && /add_cloud_plugin_content/.test(f.message));
      assert.equal(missing.severity, 'warning');
      assert.match(missing.message, /vSphere only for RHEL-5 templates, and no target of MockOS has that OS name/);
      // Docker, IndirectionCloud and Atlas return False on purpose, after doing the work: not "returns None".
      assert.deepEqual(result.findings.filter((f) => f.rule === 'delegate-should-returns-none'), []);
    });

    it('reports as errors only what CONTRACT.md 3.3 lists: missing unguarded methods and the snapshot signature', () => {
      const errors = result.findings.filter((f) => f.severity === 'error').map((f) => `${relative(STOCK, f.file).split('/')[0]}: ${f.rule}`);
      assert.deepEqual([...new Set(errors)].sort(), [
        // Atlas, GCE, HyperV, RHEVM and vSphere lack snapshot_image_on_provider; Docker and OpenStack delete_from_provider
        // (and take snapshot_image_on_provider without target); IndirectionCloud and OVA implement only the hooks.
        ...['Atlas', 'Docker', 'GCE', 'HyperV', 'IndirectionCloud', 'OVA', 'OpenStack', 'RHEVM', 'vSphere'].map((p) => `${p}: delegate-missing-method`),
        'Docker: delegate-bad-signature', 'OpenStack: delegate-bad-signature',
      ].sort());
    });
  });

  describe('the rule table', () => {
    it('has unique ids, and the README shows it exactly', () => {
      const ids = RULES.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length);
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const block = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme);
      assert.ok(block, 'README.md has the rules block');
      assert.equal(block[1], rulesMarkdown(), 'regenerate it with: node dist/bin/ifplugin.cjs validate --rules');
      // Markdown outside code spans: no HTML-looking <Name> and no __bold__.
      for (const r of RULES) assert.doesNotMatch(r.summary.replace(/`[^`]*`/g, ''), /[<>]|__/, r.id);
    });

    it('names every rule lib/imagefactory/info.ts reports, with its severity', () => {
      const source = readFileSync(join(ROOT, 'lib', 'imagefactory', 'info.ts'), 'utf8');
      const used = [...source.matchAll(/\b(err|warn)\('([a-z-]+)'/g)].map((m) => [m[2], m[1] === 'err' ? 'error' : 'warning']);
      assert.ok(used.length >= 15);
      for (const [id, severity] of used) assert.equal(ruleById(id)?.severity, severity, id);
    });

    it('names every rule python/inspect_plugin.py reports, and no other', () => {
      const script = readFileSync(join(ROOT, 'python', 'inspect_plugin.py'), 'utf8');
      const ids = new Set([...script.matchAll(/'((?:py|init|delegate)-[a-z-]+)'/g)].map((m) => m[1]));
      assert.deepEqual([...ids].sort(), [...PYTHON_RULE_IDS].sort());
    });

    it('is exercised rule by rule, each finding with its declared severity', async function () {
      for (const c of INFO_CASES) checkCase(c);
      if (HAS_PYTHON) saw((await fixtures()).findings);
      // The Python rules' own fixtures for the rules test/fixtures/validate has no case of (test/inspect-plugin.test.ts).
      const inspectFixtures = ['Lazy', 'NotCallable', 'BadInit', 'InitReturns', 'Instance', 'WrongCase', 'ModuleIface'];
      if (HAS_PYTHON) saw((await validatePaths(inspectFixtures.map((f) => join(import.meta.dirname, 'fixtures', 'inspect', f)))).findings);
      for (const f of observed) {
        const rule = ruleById(f.rule) as Rule | undefined;
        assert.ok(rule, `unknown rule ${f.rule}`);
        if (rule.severity !== 'error or warning') assert.equal(f.severity, rule.severity, f.rule);
        // Where python/inspect_plugin.py gives a line is its business; ours is declared in the table.
        if (!PYTHON_RULE_IDS.includes(f.rule)) assert.equal(f.line !== undefined, rule.located, `${f.rule} has a position`);
      }
      // info-schema is the safety net for schema keywords the sentences do not cover yet: none today.
      const missing = RULES.map((r) => r.id).filter((id) => id !== 'info-schema' && !observed.some((f) => f.rule === id));
      assert.deepEqual(missing, HAS_PYTHON ? [] : [...PYTHON_RULE_IDS.filter((id) => id !== 'init-missing'), 'python-failed']);
    });

    it('ships the .info JSON Schema under its stable path, with its $id', () => {
      const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'info.schema.json'), 'utf8'));
      assert.equal(schema.$id, 'https://unpkg.com/generator-ifplugin/schemas/info.schema.json');
      const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(pack.status, 0, pack.stderr);
      const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
      for (const f of ['schemas/info.schema.json', 'python/inspect_plugin.py', 'dist/lib/commands/validate.js', 'dist/generators/validate/index.js']) {
        assert.ok(files.includes(f), f);
      }
    });
  });
});
