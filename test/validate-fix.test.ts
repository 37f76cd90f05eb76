// `ifplugin validate --fix` and `--diff`, on copies of plugins written in the 2012 manual's style
// (test/fixtures/fix) and of ImageFactory 1.1.16's own plugins (IMGFAC_SRC): every fixable finding fixed and no
// new one, every byte outside the edits kept, the files compiling (python3 -m py_compile) and loading (json.load),
// and the plugins loading in ImageFactory's real loader (test/support/load_plugins.py, imgfac from IMGFAC_SRC on
// PYTHONPATH); --diff as a patch that `git apply` turns into what --fix writes; the refusals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixFindings } from '../lib/commands/validate-fix.js';
import { InputError } from '../lib/errors.js';
import type { Host } from '../lib/host.js';
import { INTERFACES } from '../lib/imagefactory/interfaces.js';
import { addInfoFixes, planFixes } from '../lib/validate/fix.js';
import type { Edit, Finding } from '../lib/validate/info-file.js';
import { validatePaths, type ValidateResult } from '../lib/validate/validate.js';
import { tempDir } from './support/cli.js';
import { IMGFAC_SRC, needImagefactory, REQUIRE_IMGFAC } from './support/python.js';
import { validate } from './support/validate-cli.js';

const LEGACY = join(import.meta.dirname, 'fixtures', 'fix');
const STOCK = join(IMGFAC_SRC, 'imagefactory_plugins');
const LOADER = join(import.meta.dirname, 'support', 'load_plugins.py');
// What the stock plugins import that this machine does not have (imgfac.FactoryUtils imports guestfs).
const STUBS = ['oz', 'guestfs'];

/** Every file under dir (relative path -> bytes), folders and links left out. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
  }
  return out;
}

/** The edits of `findings` made to `before`, written again here: the test's own, not lib/validate/fix.ts's. */
function splice(before: Buffer, edits: Edit[]): Buffer {
  const unique = edits.filter((e, i) => edits.findIndex((o) => o.start === e.start && o.end === e.end && o.text === e.text) === i);
  let out = before;
  // From the end; insertions at one place keep their order.
  for (const e of [...unique].reverse().sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = Buffer.concat([out.subarray(0, e.start), Buffer.from(e.text), out.subarray(e.end)]);
  }
  return out;
}

/** How many findings of each rule each file has. */
function counts(findings: Pick<Finding, 'file' | 'rule'>[], root: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(`${relative(root, f.file)} ${f.rule}`, (out.get(`${relative(root, f.file)} ${f.rule}`) ?? 0) + 1);
  return out;
}

async function checked(dir: string): Promise<ValidateResult> {
  const result = await validatePaths([dir]);
  addInfoFixes(result.findings);
  return result;
}

interface Loaded { loaded: boolean; error?: string; targets?: Record<string, { class?: string; provides?: string[]; binds?: Record<string, string>; error?: string }> }

/** The plugin folders loaded in ImageFactory's real loader, in one fresh interpreter (PluginManager is a singleton). */
function load(ctx: Mocha.Context, plugins: string[]): Record<string, Loaded> {
  const python = needImagefactory(ctx);
  const root = tempDir('ifplugin-loader-');
  const site = join(root, 'site', 'imagefactory_plugins');
  mkdirSync(site, { recursive: true });
  mkdirSync(join(root, 'plugins.d'));
  writeFileSync(join(site, '__init__.py'), '');
  for (const dir of plugins) {
    const name = dir.split('/').pop()!;
    cpSync(dir, join(site, name), { recursive: true });
    if (existsSync(join(site, name, `${name}.info`))) symlinkSync(join(site, name, `${name}.info`), join(root, 'plugins.d', `${name}.info`));
  }
  const calls = Object.fromEntries(Object.entries(INTERFACES).map(([type, i]) => [type, Object.fromEntries(i.methods.map((m) => [m.name, m.args.length]))]));
  const r = spawnSync(python.command, ['-B', LOADER, join(root, 'site'), join(root, 'plugins.d'), JSON.stringify(calls), ...STUBS], {
    env: { ...python.env, PYTHONPATH: IMGFAC_SRC }, encoding: 'utf8', timeout: 60000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The host of an in-process fixFindings: its output, collected. */
function collectingHost(cwd: string): Host & { said: string[] } {
  const said: string[] = [];
  return { cwd, tty: false, out: (t) => void said.push(t), err: (t) => void said.push(t), prompter: () => assert.fail('asked'), said };
}

describe('ifplugin validate --fix', function () {
  this.timeout(120000);

  describe("plugins in the 2012 manual's style", () => {
    let work: string;
    let original: string;
    let found: ValidateResult;
    let run: { status: number; stdout: string; stderr: string };
    let after: { findings: (Pick<Finding, 'file' | 'rule'> & { fixable: boolean })[] };
    let bytes: { before: Map<string, Buffer>; after: Map<string, Buffer> };
    before(async () => {
      original = tempDir('ifplugin-fix-2012-before-');
      cpSync(LEGACY, original, { recursive: true });
      // Written on Windows: the fixes keep its line ends.
      const crlf = join(original, 'LegacyCloud', 'LegacyCloud.py');
      writeFileSync(crlf, readFileSync(crlf, 'utf8').replace(/\n/g, '\r\n'));
      work = tempDir('ifplugin-fix-2012-');
      cpSync(original, work, { recursive: true });
      found = await checked(work);
      run = await validate(['--fix', '--format', 'json', '.'], work);
      after = JSON.parse(run.stdout);
      bytes = { before: files(original), after: files(work) };
    });

    it('fixes every fixable finding: the imports, the class advice, the signature, the targets, the __init__.py', () => {
      const fixable = found.findings.filter((f) => f.fix).map((f) => `${relative(work, f.file)} ${f.rule}`);
      assert.deepEqual(fixable.sort(), [
        'LateCloud init-missing',
        'LegacyCloud/LegacyCloud.info info-target-bare-string',
        'LegacyCloud/LegacyCloud.info info-target-bare-string',
        'LegacyCloud/LegacyCloud.py delegate-bad-signature',
        'LegacyCloud/LegacyCloud.py py-class-advice',
        'LegacyCloud/__init__.py py-implicit-import',
        'LegacyOS/LegacyOS.info info-target-bare-string',
        'LegacyOS/LegacyOS.py py-class-advice',
        'LegacyOS/LegacyOS.py py-implicit-import',
        'LegacyOS/__init__.py py-implicit-import',
      ]);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /^ {3}create LateCloud\/__init__\.py\n(?: {3}update .*\n){6}fixed 10 findings in 7 files; checking again\n$/);
    });

    it('leaves no fixable finding and no new one: what stays is what --fix cannot decide', () => {
      assert.deepEqual(after.findings.filter((f) => f.fixable), []);
      const remaining = counts(after.findings.map((f) => ({ ...f, file: join(work, f.file) })), work);
      const expected = counts(found.findings.filter((f) => !f.fix), work);
      // LateCloud's delegate is exported now: the same two warnings, now about the class Builder calls.
      assert.deepEqual([...remaining].sort(), [...expected].sort());
      assert.deepEqual([...remaining.keys()].sort(), [
        'LateCloud/late_cloud.py delegate-missing-method',
        'LegacyOS/LegacyOS.info info-target-middle-wildcard',
      ]);
    });

    it('changes only the spans it fixes, every other byte (the CRLF line ends too) as it was', () => {
      const edits = found.findings.flatMap((f) => f.fix ?? []);
      assert.deepEqual([...bytes.after.keys()].sort(), [...bytes.before.keys(), 'LateCloud/__init__.py'].sort());
      for (const [path, old] of bytes.before) {
        const mine = edits.filter((e) => e.file === join(work, path));
        assert.deepEqual(bytes.after.get(path), mine.length ? splice(old, mine) : old, path);
      }
      assert.equal(bytes.after.get('LateCloud/__init__.py')!.toString(), 'from .late_cloud import LateCloud as delegate_class\n');
      const cloud = bytes.after.get('LegacyCloud/LegacyCloud.py')!.toString();
      assert.doesNotMatch(cloud, /[^\r]\n/);
      assert.match(cloud, /\r\nfrom zope\.interface import implementer\r\n/);
      assert.match(cloud, /\r\n\r\n\r\n@implementer\(CloudDelegate\)\r\nclass LegacyCloud\(object\):\r\n\r\n    def __init__/);
      assert.match(cloud, /def snapshot_image_on_provider\(self, builder, provider, credentials, target, template, parameters\):/);
      assert.equal(bytes.after.get('LegacyCloud/__init__.py')!.toString().split('\n')[3], 'from .LegacyCloud import LegacyCloud as delegate_class');
      assert.match(bytes.after.get('LegacyOS/LegacyOS.py')!.toString(), /^from zope\.interface import implementer\nfrom imgfac\.OSDelegate import OSDelegate\nfrom \. import legacy_util\n/m);
      assert.match(bytes.after.get('LegacyOS/LegacyOS.info')!.toString(), /"targets": \[\["LegacyLinux", null, null\], \["OtherLinux", null, "x86_64"\]\],/);
    });

    it('leaves .py files python3 -m py_compile compiles and .info files json.load reads', () => {
      const paths = [...bytes.after.keys()].map((p) => join(work, p));
      // What `python3 -m py_compile FILE` runs for each .py (the .pyc elsewhere), and the loader's json.load.
      const check = 'import json, py_compile, sys\nfor f in sys.argv[2:]:\n    if f.endswith(".py"):\n' +
        '        py_compile.compile(f, cfile=sys.argv[1] + "/x.pyc", doraise=True)\n    else:\n        json.load(open(f))';
      const r = spawnSync('python3', ['-c', check, tempDir('ifplugin-pyc-'), ...paths.filter((p) => /\.(py|info)$/.test(p))], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(paths.filter((p) => /\.(py|info)$/.test(p)).length, 10);
    });

    it('gives plugins that the real loader loads, where it loaded none of them before', function () {
      const names = ['LegacyCloud', 'LegacyOS', 'LateCloud'];
      const was = load(this, names.map((n) => join(original, n)));
      const now = load(this, names.map((n) => join(work, n)));
      // Before: the class advice, the implicit import or the missing delegate_class fails every lookup.
      for (const n of names) assert.ok(Object.values(was[n].targets ?? {}).every((t) => t.error), `${n}: ${JSON.stringify(was[n])}`);
      assert.match(was.LegacyCloud.targets!['"vsphere4"'].error!, /No plugin \.info file loaded for target: vsphere4/);
      assert.match(was.LateCloud.targets!['["latecloud"]'].error!, /AttributeError: .*delegate_class/);
      for (const n of names) {
        const targets = Object.entries(now[n].targets ?? {}).filter(([t]) => t !== '["OtherLinux", null, "x86_64"]');
        assert.ok(now[n].loaded && targets.length, n);
        for (const [target, got] of targets) {
          assert.equal(got.class, `imagefactory_plugins.${n}.${n === 'LateCloud' ? 'late_cloud' : n}.${n}`, `${n} ${target}: ${got.error}`);
          assert.deepEqual(got.provides, [n === 'LegacyOS' ? 'OSDelegate' : 'CloudDelegate']);
          assert.ok(Object.values(got.binds!).every((b) => b === 'ok'), JSON.stringify(got.binds));
        }
      }
      // The middle wildcard is not fixed: still never matched.
      assert.equal(now.LegacyOS.targets!['["OtherLinux", null, "x86_64"]'].error, 'None');
    });

    it('--diff prints a patch that git apply turns into what --fix writes, and writes nothing', async () => {
      const copy = tempDir('ifplugin-diff-');
      cpSync(original, copy, { recursive: true });
      const diff = await validate(['--diff'], copy);
      assert.equal(diff.status, 1, diff.stderr);
      assert.equal(diff.stderr, '--fix would fix 10 findings in 7 files; nothing was written\n');
      assert.deepEqual(files(copy), bytes.before);
      assert.match(diff.stdout, /^--- \/dev\/null\n\+\+\+ b\/LateCloud\/__init__\.py\n@@ -0,0 \+1,1 @@\n/);
      writeFileSync(join(copy, '..', 'fix.patch'), diff.stdout);
      const applied = spawnSync('git', ['apply', '-p1', join(copy, '..', 'fix.patch')], { cwd: copy, encoding: 'utf8' });
      assert.equal(applied.status, 0, applied.stderr);
      assert.deepEqual(files(copy), bytes.after);
      const again = await validate(['--diff'], copy);
      assert.deepEqual([again.status, again.stdout, again.stderr], [0, '', 'nothing to fix\n']);
    });

    it('fixes only the selected rules, and edits a .info through its link in plugins.d', async () => {
      const copy = tempDir('ifplugin-fix-select-');
      cpSync(original, join(copy, 'site'), { recursive: true });
      mkdirSync(join(copy, 'plugins.d'));
      symlinkSync(join(copy, 'site', 'LegacyCloud', 'LegacyCloud.info'), join(copy, 'plugins.d', 'LegacyCloud.info'));
      const r = await validate(['--fix', '--select', 'info-target', 'plugins.d'], copy);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(lstatSync(join(copy, 'plugins.d', 'LegacyCloud.info')).isSymbolicLink());
      const changed = [...files(join(copy, 'site'))].filter(([p, b]) => !b.equals(bytes.before.get(p)!)).map(([p]) => p);
      assert.deepEqual(changed, ['LegacyCloud/LegacyCloud.info']);
      assert.deepEqual(files(join(copy, 'site')).get('LegacyCloud/LegacyCloud.info'), bytes.after.get('LegacyCloud/LegacyCloud.info'));
    });
  });

  describe("ImageFactory 1.1.16's own plugins", () => {
    let work: string;
    let found: ValidateResult;
    let after: { findings: (Pick<Finding, 'file' | 'rule'> & { fixable: boolean })[] };
    let bytes: { before: Map<string, Buffer>; after: Map<string, Buffer> };
    before(async function () {
      if (!existsSync(join(STOCK, 'Docker', 'Docker.py'))) {
        if (REQUIRE_IMGFAC) throw new Error(`IFPLUGIN_REQUIRE_IMGFAC=1, but there are no stock plugins in ${STOCK}`);
        process.stderr.write(`      (skipped: no stock plugins in ${STOCK}; set IMGFAC_SRC)\n`);
        this.skip();
      }
      work = tempDir('ifplugin-fix-stock-');
      cpSync(STOCK, work, { recursive: true });
      bytes = { before: files(work), after: new Map() };
      found = await checked(work);
      // The command's fixing step, in this process (the command line itself is tested above).
      const host = collectingHost(work);
      assert.equal(await fixFindings(found, 'fix', host), true);
      assert.match(host.said.join(''), /^ {3}update Docker\/Docker\.py\n {3}update OpenStack\/OpenStack\.py\nfixed 2 findings in 2 files; checking again\n$/);
      after = { findings: (await checked(work)).findings.map((f) => ({ file: relative(work, f.file), rule: f.rule, fixable: Boolean(f.fix) })) };
      bytes.after = files(work);
    });

    it("fixes Docker's and OpenStack's snapshot_image_on_provider, and nothing else changes", () => {
      const fixable = found.findings.filter((f) => f.fix);
      assert.deepEqual(fixable.map((f) => [relative(work, f.file), f.rule, f.line]), [
        ['Docker/Docker.py', 'delegate-bad-signature', 272],
        ['OpenStack/OpenStack.py', 'delegate-bad-signature', 137],
      ]);
      assert.deepEqual(fixable.map((f) => f.fix!.map((e) => e.text)), [[', target'], [', target']]);
      for (const [path, old] of bytes.before) {
        const mine = fixable.flatMap((f) => f.fix!).filter((e) => e.file === join(work, path));
        assert.deepEqual(bytes.after.get(path), mine.length ? splice(old, mine) : old, path);
      }
      for (const plugin of ['Docker', 'OpenStack']) {
        assert.match(bytes.after.get(`${plugin}/${plugin}.py`)!.toString(), /\n {4}def snapshot_image_on_provider\(self, builder, provider, credentials, target, template, parameters\):\n/);
      }
    });

    it('leaves every other finding as it was, and none new', () => {
      assert.deepEqual(after.findings.filter((f) => f.fixable), []);
      const remaining = counts(after.findings.map((f) => ({ ...f, file: join(work, f.file) })), work);
      assert.deepEqual([...remaining].sort(), [...counts(found.findings.filter((f) => !f.fix), work)].sort());
    });

    it("gives a Docker and an OpenStack that the real loader loads, whose snapshot takes Builder's arguments", function () {
      const now = load(this, ['Docker', 'OpenStack', 'MockCloud'].map((n) => join(work, n)));
      const was = load(this, ['Docker', 'OpenStack'].map((n) => join(STOCK, n)));
      for (const n of ['Docker', 'OpenStack']) {
        const [fixed] = Object.values(now[n].targets!);
        assert.equal(fixed.class, `imagefactory_plugins.${n}.${n}.${n}`, JSON.stringify(now[n]));
        assert.equal(fixed.binds!.snapshot_image_on_provider, 'ok');
        assert.equal(Object.values(was[n].targets!)[0].binds!.snapshot_image_on_provider, 'too many positional arguments');
      }
      assert.ok(Object.values(now.MockCloud.targets!).every((t) => Object.values(t.binds!).every((b) => b === 'ok')));
    });
  });

  describe('what it refuses', () => {
    it('a fix whose file Python would not compile or load: one line, and nothing written', async () => {
      const dir = tempDir('ifplugin-fix-refuse-');
      writeFileSync(join(dir, 'm.py'), 'x = 1\n');
      writeFileSync(join(dir, 'm.info'), '{"type": "cloud", "targets": [["m"]]}\n');
      const result: ValidateResult = {
        findings: [
          { file: join(dir, 'm.py'), line: 1, rule: 'py-implicit-import', severity: 'error', message: 'm', fix: [{ file: join(dir, 'm.py'), start: 0, end: 0, text: 'def (' }] },
          { file: join(dir, 'm.info'), line: 1, rule: 'info-target-bare-string', severity: 'error', message: 'm', fix: [{ file: join(dir, 'm.info'), start: 0, end: 0, text: ',' }] },
        ],
        notices: [], python: null, plugins: [], infoFiles: [], errors: 2, warnings: 0,
      };
      for (const mode of ['fix', 'diff'] as const) {
        await assert.rejects(fixFindings(result, mode, collectingHost(dir)), (e: Error) => {
          assert.ok(e instanceof InputError);
          assert.match(e.message, new RegExp(`^m\\.info would be broken by the fixes: JSONDecodeError: Expecting value: line 1 column 1 \\(char 0\\) \\(and 1 more\\); nothing was ${mode === 'fix' ? 'written' : 'shown'}$`));
          return true;
        });
      }
      assert.equal(readFileSync(join(dir, 'm.py'), 'utf8'), 'x = 1\n');
      assert.deepEqual(readdirSync(dir).sort(), ['m.info', 'm.py']);
    });

    it('edits that clash, or no longer fit the file, or a file that is not UTF-8: those findings stay, the rest are fixed', () => {
      const dir = tempDir('ifplugin-fix-plan-');
      const file = join(dir, 'a.py');
      writeFileSync(file, 'héllo = 1\n');
      writeFileSync(join(dir, 'latin.py'), Buffer.from([0x78, 0x3d, 0xe9, 0x0a]));
      const finding = (edits: Edit[]): Finding => ({ file, rule: 'py-implicit-import', severity: 'error', message: 'm', fix: edits });
      const edit = (start: number, end: number, text: string, at = file): Edit => ({ file: at, start, end, text });
      const plan = planFixes([
        finding([edit(0, 0, '# 1\n'), edit(9, 10, '2')]),
        finding([edit(0, 0, '# 1\n')]), // the same edit again: once
        finding([edit(0, 0, '# 2\n')]), // another insertion at the same place: after the first
        finding([edit(8, 10, '3')]), // overlaps 9-10
        finding([edit(2, 2, 'x')]), // inside the two bytes of é
        finding([edit(40, 40, 'x')]), // past the end
        finding([edit(0, 0, 'x', join(dir, 'latin.py'))]),
      ]);
      assert.deepEqual(plan.files, [{ file, before: 'héllo = 1\n', after: '# 1\n# 2\nhéllo = 2\n' }]);
      assert.deepEqual(plan.skipped.map((s) => s.why), [
        'changes what another fix changes', 'does not fit the file as it is now', 'does not fit the file as it is now',
        `${join(dir, 'latin.py')} is not UTF-8 text`,
      ]);
    });

    it('a .info with more bare strings than are listed: all of them fixed, the count told, every other byte kept', async () => {
      const dir = tempDir('ifplugin-fix-many-');
      mkdirSync(join(dir, 'Many'));
      const targets = Array.from({ length: 5000 }, (_v, i) => (i % 3 ? `"t${i}"` : `["t${i}"]`));
      const before = `{"type": "cloud",\n "targets": [${targets.join(', ')}]}\n`;
      writeFileSync(join(dir, 'Many', 'Many.info'), before);
      const r = await validate(['--fix', '--select', 'info-target-bare-string', 'Many'], dir);
      const bare = targets.filter((t) => t.startsWith('"')).length;
      assert.match(r.stderr, new RegExp(`^fixed ${bare} findings in 1 file; checking again$`, 'm'));
      const after = readFileSync(join(dir, 'Many', 'Many.info'), 'utf8');
      assert.equal(after, `{"type": "cloud",\n "targets": [${targets.map((t) => (t.startsWith('"') ? `[${t}]` : t)).join(', ')}]}\n`);
      assert.deepEqual(JSON.parse(after).targets.filter((t: unknown) => !Array.isArray(t)), []);
    });

    it('--fix with --diff, or without Python: one line, exit status 2', async () => {
      for (const [args, message] of [
        [['--fix', '--diff'], '--fix and --diff: give one (--diff shows what --fix would write)'],
        [['--fix', '--no-python'], '--fix checks every file it fixes with Python first: drop --no-python'],
      ] as const) {
        const r = await validate([...args, LEGACY], LEGACY);
        assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', `ifplugin validate: ${message} (see ifplugin validate --help)\n`]);
      }
    });
  });
});
