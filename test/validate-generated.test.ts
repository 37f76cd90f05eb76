// Every plugin the generator can write passes `ifplugin validate` with no errors: a matrix of OS and cloud plugins
// with several targets and odd but valid names and texts, planned like the CLI plans them (lib/commands/app.ts) and
// written to temp folders; one is made and checked by the real bin end to end.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { planApp } from '../lib/commands/app.js';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { validatePaths } from '../lib/validate/validate.js';
import { ifplugin, tempDir } from './support/cli.js';

interface Case {
  title: string;
  destination: string;
  given: Record<string, string>;
}

const ODD_TEXT = 'Quotes \' " """ \'\'\' and \\ backslashes, \\n, </script>, ${x}, %s, {{x}}, tabs\tand ünïcødé 😀';

const CASES: Case[] = [
  { title: 'the README cloud example', destination: 'Example', given: { name: 'Example', type: 'cloud', targets: 'vsphere4,vsphere5' } },
  {
    title: 'an OS plugin with every target form and its own class name', destination: 'MyOS',
    given: {
      name: 'MyOS', type: 'os', targets: 'Fedora,Ubuntu:22.04,RHEL-7:7.9:x86_64', className: 'Builder_',
      maintainerName: 'Ada', maintainerEmail: 'ada@example.org', maintainerUrl: 'https://example.org/os?a=1&b=2#x',
      pluginVersion: '2.1rc1', license: 'GPL-2.0-or-later',
    },
  },
  {
    title: 'a cloud plugin with case variants, stock targets and punctuation in targets', destination: 'odd',
    given: {
      name: '_x9', type: 'cloud', targets: 'OVA,ova,ec2,a.b-c_d,x\'y"z\\,ünï', className: 'Delegate_',
      description: ODD_TEXT, maintainerName: 'Zoë "Z" O\'Brien \\', maintainerEmail: 'z+tag@sub.example.org', license: ODD_TEXT,
    },
  },
  {
    title: 'the longest name, no maintainer at all', destination: 'long',
    given: { name: `P${'x'.repeat(63)}`, type: 'os', targets: 'Windows:10:x86_64,X:1', maintainerName: '', maintainerEmail: '' },
  },
  { title: 'a name taken from an odd folder name', destination: 'odd-dir.name', given: { type: 'os', targets: 'odd_dir_name' } },
  { title: 'a cloud plugin with an RPM spec', destination: 'Rpm', given: { name: 'RpmCloud', type: 'cloud', targets: 'rpmcloud', rpm: 'true' } },
  { title: 'an OS plugin named like a keyword with a suffix', destination: 'kw', given: { name: 'class_plugin', type: 'OS'.toLowerCase(), targets: 'class' } },
];

// Named like real top-level modules, among them those the delegate imports from: Python 3 imports are absolute, so
// `from imgfac.CloudDelegate import ...` in a plugin named imgfac is ImageFactory's (validated together, at once).
const NAMED: Case[] = [
  ...[
    ['imgfac', 'os'], ['zope', 'cloud'], ['tests', 'cloud'], ['test', 'os'], ['json', 'cloud'], ['unittest', 'os'],
    ['imagefactory_plugins', 'cloud'], ['oz', 'os'], ['guestfs', 'os'],
  ].map(([name, type]) => ({ title: name, destination: `named-${name}`, given: { name, type, targets: `${name}-target` } })),
  { title: 'class zope', destination: 'cls-zope', given: { name: 'Cls', type: 'cloud', targets: 'cls', className: 'zope' } },
  { title: 'class imgfac', destination: 'cls-imgfac', given: { name: 'ClsOS', type: 'os', targets: 'ClsOS', className: 'imgfac' } },
];

/** Warnings a generated plugin may get: an empty maintainer field, or a target a stock plugin also claims. */
const ALLOWED_WARNINGS = /^(info-missing-doc: "maintainer\.(name|email|url)" is missing|info-target-stock-clash: )/;

describe('generated plugins pass ifplugin validate', function () {
  this.timeout(60000);
  const root = tempDir('ifplugin-validate-gen-');

  for (const c of CASES) {
    it(c.title, async () => {
      const flags = Object.fromEntries(APP_INPUTS.map((i) => [i.option, (c.given as Record<string, string>)[i.key]]));
      const plan = await planApp({ cwd: root, destination: c.destination, flags, yes: true });
      for (const { path, content } of plan.files) {
        mkdirSync(dirname(join(plan.root, path)), { recursive: true });
        writeFileSync(join(plan.root, path), content);
      }
      const result = await validatePaths([plan.root]);
      assert.deepEqual(result.plugins.map((p) => relative(plan.root, p.dir)), [`src/${plan.answers.name}`]);
      assert.equal(result.plugins[0].type, c.given.type);
      const errors = result.findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], errors.map((f) => `${f.file}:${f.line}: ${f.message} (${f.rule})`).join('\n'));
      for (const w of result.findings) assert.match(`${w.rule}: ${w.message}`, ALLOWED_WARNINGS);
      if (result.python) {
        // The Python rules ran and found the exported delegate class.
        const [delegate] = result.plugins[0].delegates as { class: string; exported: boolean }[];
        assert.deepEqual([delegate.class, delegate.exported], [plan.answers.className, true]);
      }
    });
  }

  it(`plugins named like real modules: ${NAMED.map((c) => c.title).join(', ')}`, async () => {
    const roots: string[] = [];
    for (const c of NAMED) {
      const flags = Object.fromEntries(APP_INPUTS.map((i) => [i.option, (c.given as Record<string, string>)[i.key]]));
      const plan = await planApp({ cwd: root, destination: c.destination, flags, yes: true });
      for (const { path, content } of plan.files) {
        mkdirSync(dirname(join(plan.root, path)), { recursive: true });
        writeFileSync(join(plan.root, path), content);
      }
      roots.push(plan.root);
    }
    const result = await validatePaths(roots);
    assert.equal(result.plugins.length, NAMED.length);
    const errors = result.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], errors.map((f) => `${f.file}:${f.line}: ${f.message} (${f.rule})`).join('\n'));
    for (const w of result.findings) assert.match(`${w.rule}: ${w.message}`, ALLOWED_WARNINGS);
  });

  it('end to end: the bin writes a plugin, then validates it with exit 0', () => {
    const dir = tempDir('ifplugin-validate-e2e-');
    const made = ifplugin(['--yes', '--name', 'E2E', '--type', 'os', '--targets', 'E2E,E2E-Special:7:x86_64', 'E2E'], dir);
    assert.equal(made.status, 0, made.stderr);
    const checked = ifplugin(['validate', 'E2E'], dir);
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    // Only the maintainer fields the machine's git config may leave empty can be warned about.
    for (const line of checked.stdout.split('\n').filter(Boolean)) {
      assert.match(line, /^E2E\/src\/E2E\/E2E\.info:\d+:\d+: warning: "maintainer\.(name|email|url)" is missing: .* \(info-missing-doc\)$/);
    }
    assert.match(checked.stderr, /^0 errors, \d warnings? \(1 plugin folder, 0 other \.info files/);
  });
});
