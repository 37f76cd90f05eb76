// Template customization: per-file overrides, extra files, eject, the lookup chain, strict rendering.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import TemplatesGenerator from '../generators/templates/index.js';
import type { AppAnswers } from '../lib/inputs/inputs.js';
import { delegateContext, pluginContext } from '../lib/render/context.js';
import { INTERFACES } from '../lib/imagefactory/interfaces.js';
import { CONTEXT_DOC, contextMarkdown, TEMPLATE_DESCRIPTIONS } from '../lib/render/catalog.js';
import { builtInTemplateIds } from '../lib/commands/templates.js';
import { ifplugin, tempDir } from './support/cli.js';
import { pythonEnvs, runPluginTests } from './support/python.js';
import { readTree } from './support/tree.js';

const ROOT = join(import.meta.dirname, '..');
const CLOUD = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'vsphere4', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org'];
const HEADER = '# Copyright Example Corp. All rights reserved.\n';

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

function ok(r: { status: number | null; stderr: string; stdout: string }): string {
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout + r.stderr;
}

describe('templates', function () {
  this.timeout(60000);

  describe('catalog', () => {
    it('describes every built-in template, and nothing else', () => {
      assert.deepEqual(builtInTemplateIds().sort(), Object.keys(TEMPLATE_DESCRIPTIONS).sort());
    });

    it('documents exactly the values templates receive', () => {
      const answers: AppAnswers = {
        name: 'X', type: 'os', targets: [['Fedora', null, null]], description: '', maintainerName: '', maintainerEmail: '', maintainerUrl: '',
        pluginVersion: '1.0', license: 'MIT', className: 'X', rpm: false, changelogDate: '2025-11-29',
      };
      const app = { ...pluginContext(answers), ifaces: INTERFACES };
      const delegate = { ...delegateContext(pluginContext(answers), 'X'), ifaces: INTERFACES };
      assert.deepEqual(CONTEXT_DOC.filter((e) => !e.delegateOnly).map((e) => e.name).sort(), Object.keys(app).sort());
      assert.deepEqual(CONTEXT_DOC.map((e) => e.name).sort(), Object.keys(delegate).sort());
      for (const helper of Object.keys(app.h)) assert.ok(CONTEXT_DOC.find((e) => e.name === 'h')!.description.includes(`h.${helper}`), helper);
    });

    it('is the README section on the template context, word for word', () => {
      assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(contextMarkdown()), 'README is out of step: paste contextMarkdown()');
    });

    it('lists every template and the context with --list', () => {
      const out = ok(ifplugin(['templates', '--list'], tempDir()));
      for (const id of builtInTemplateIds()) assert.ok(out.includes(id), id);
      for (const e of CONTEXT_DOC) assert.ok(out.includes(`  ${e.name} `), e.name);
    });
  });

  it('a folder that overrides only the delegate header changes only the delegate module; the plugin tests still pass', function () {
    const dir = tempDir();
    const mine = join(dir, 'mine');
    const builtIn = readFileSync(join(ROOT, 'templates/delegate/src/__name__/__module__.py.ejs'), 'utf8');
    write(join(mine, 'delegate/src/__name__/__module__.py.ejs'), HEADER + builtIn);
    ok(ifplugin([...CLOUD, '--templates', 'mine'], dir));
    const plain = tempDir();
    ok(ifplugin(CLOUD, plain));
    const custom = readTree(join(dir, 'Example'));
    const reference = readTree(join(plain, 'Example'));
    assert.equal(custom['src/Example/Example.py'], HEADER + reference['src/Example/Example.py']);
    for (const path of Object.keys(reference).filter((p) => p !== 'src/Example/Example.py' && p !== '.yo-rc.json')) {
      assert.equal(custom[path], reference[path], path);
    }
    assert.equal(JSON.parse(custom['.yo-rc.json'])['generator-ifplugin'].templates, '../mine');
    const env = pythonEnvs()[0];
    if (env) assert.equal(runPluginTests(env, join(dir, 'Example')).status, 0);
  });

  it('renders a file only the user folder has, tokens and context included, and warns about a near-miss name', () => {
    const dir = tempDir();
    write(join(dir, 'mine/app/LICENSE.ejs'), 'License of <%- name %>: <%- answers.license %>\n');
    write(join(dir, 'mine/app/docs/__name__.md.ejs'), '# <%- h.mdText(info.description) %>\n');
    write(join(dir, 'mine/app/READNE.md.ejs'), 'typo\n');
    const out = ok(ifplugin([...CLOUD, '--templates', 'mine', '--verbose'], dir));
    assert.equal(readFileSync(join(dir, 'Example/LICENSE'), 'utf8'), 'License of Example: Apache-2.0\n');
    assert.equal(readFileSync(join(dir, 'Example/docs/Example.md'), 'utf8'), '# ImageFactory cloud plugin for vsphere4\n');
    assert.match(out, /READNE\.md\.ejs overrides no built-in template and is added as a new file: did you mean app\/README\.md\.ejs\?/);
    assert.match(out, /LICENSE <- --templates mine/);
    assert.match(out, /README\.md <- built-in/);
  });

  it('eject, edit one template, generate with it; the project records the folder for ifplugin delegate', () => {
    const dir = tempDir();
    const eject = ok(ifplugin(['templates'], dir));
    assert.match(eject, /Copied 18 template\(s\) to ifplugin-templates\./);
    assert.match(eject, /ifplugin --templates ifplugin-templates /);
    const module = join(dir, 'ifplugin-templates/delegate/src/__name__/__module__.py.ejs');
    writeFileSync(module, HEADER + readFileSync(module, 'utf8'));
    ok(ifplugin([...CLOUD, '--templates', './ifplugin-templates'], dir));
    assert.ok(readFileSync(join(dir, 'Example/src/Example/Example.py'), 'utf8').startsWith(HEADER));
    // The project records the folder; templates run as code, so one outside the project is used again only when
    // named again (a cloned project's record may point anywhere).
    const refused = ifplugin(['delegate', '--class-name', 'Mirror', '--methods', 'push_image_to_provider'], join(dir, 'Example'));
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /"templates" is \.\.\/ifplugin-templates, which is outside the project: .* with --templates \.\.\/ifplugin-templates/);
    ok(ifplugin(['delegate', '--class-name', 'Mirror', '--methods', 'push_image_to_provider', '--templates', '../ifplugin-templates'], join(dir, 'Example')));
    assert.ok(readFileSync(join(dir, 'Example/src/Example/Mirror.py'), 'utf8').startsWith(HEADER));
    // A folder inside the project is used by later runs without being named, with a notice that it runs.
    cpSync(join(dir, 'ifplugin-templates'), join(dir, 'Example', 'templates'), { recursive: true });
    ok(ifplugin(['--templates', 'templates'], join(dir, 'Example')));
    const inside = ifplugin(['delegate', '--class-name', 'Other', '--methods', 'push_image_to_provider'], join(dir, 'Example'));
    assert.equal(inside.status, 0, inside.stderr);
    assert.match(inside.stderr, /^notice: the templates this project's \.yo-rc\.json names run as code: templates$/m);
    assert.ok(readFileSync(join(dir, 'Example/src/Example/Other.py'), 'utf8').startsWith(HEADER));
    // Ejecting again over an edited template is a conflict, as anywhere else.
    const again = ifplugin(['templates'], dir);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /changed since ifplugin wrote them, and it would change the same lines: delegate\/src\/__name__\/__module__\.py\.ejs; nothing was written: /);
  });

  it('gives templates every documented value, with the real answers, in the app and the delegate command alike', () => {
    const dir = tempDir();
    // One line per documented value; strict rendering makes an undocumented or missing one fail the run.
    const lines = (delegate: boolean) => CONTEXT_DOC.filter((e) => delegate || !e.delegateOnly)
      .map((e) => `${e.name}=<%- typeof ${e.name} === 'object' && ${e.name} !== null ? Object.keys(${e.name}).length : typeof ${e.name} %>`)
      .join('\n');
    const real = 'answers.maintainerName=<%- answers.maintainerName %>\ntargets=<%- h.json(targets) %>\ninfo.version=<%- info.version %>\n' +
      'answers.rpm=<%- answers.rpm %>\nrpm=<%- rpm ? rpm.packageName : null %>\n';
    write(join(dir, 'ctx/app/CONTEXT.txt.ejs'), `${real}${lines(false)}\n`);
    write(join(dir, 'ctx/delegate/CONTEXT-__module__.txt.ejs'), `${real}${lines(true)}\n`);
    ok(ifplugin([...CLOUD.filter((a) => a !== 'vsphere4' && a !== '--targets'), '--targets', 'vsphere4,vsphere5', '--plugin-version', '2.0', '--rpm', '--templates', 'ctx'], dir));
    const project = join(dir, 'Example');
    ok(ifplugin(['delegate', '--class-name', 'Mirror', '--templates', '../ctx'], project));
    const app = readFileSync(join(project, 'CONTEXT.txt'), 'utf8');
    const delegate = readFileSync(join(project, 'CONTEXT-Mirror.txt'), 'utf8');
    const expected = 'answers.maintainerName=Ada\ntargets=[["vsphere4"],["vsphere5"]]\ninfo.version=2.0\nanswers.rpm=true\n' +
      'rpm=python3-imagefactory-plugin-example\n';
    assert.ok(app.startsWith(expected), app);
    assert.ok(delegate.startsWith(expected), delegate);
    for (const e of CONTEXT_DOC) {
      assert.match(delegate, new RegExp(`^${e.name}=(?!undefined)`, 'm'), e.name);
      if (!e.delegateOnly) assert.match(app, new RegExp(`^${e.name}=(?!undefined)`, 'm'), e.name);
    }
  });

  it('takes $IFPLUGIN_TEMPLATES after --templates and .yo-rc.json', () => {
    const dir = tempDir();
    write(join(dir, 'env/app/NOTICE.ejs'), 'from env\n');
    write(join(dir, 'flag/app/NOTICE.ejs'), 'from flag\n');
    ok(ifplugin(CLOUD, dir, { IFPLUGIN_TEMPLATES: join(dir, 'env') }));
    assert.equal(readFileSync(join(dir, 'Example/NOTICE'), 'utf8'), 'from env\n');
    const other = tempDir();
    write(join(other, 'env/app/NOTICE.ejs'), 'from env\n');
    write(join(other, 'flag/app/NOTICE.ejs'), 'from flag\n');
    ok(ifplugin([...CLOUD, '--templates', 'flag'], other, { IFPLUGIN_TEMPLATES: join(other, 'env') }));
    assert.equal(readFileSync(join(other, 'Example/NOTICE'), 'utf8'), 'from flag\n');
  });

  it('refuses a --templates folder that does not exist, naming it', () => {
    const r = ifplugin([...CLOUD, '--templates', 'nope'], tempDir());
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), 'ifplugin: --templates: nope is not a folder of templates (make one with: ifplugin templates nope)');
  });

  describe('strict rendering: a broken template stops the run, names its file and line, and writes nothing', () => {
    const broken: [string, string, RegExp][] = [
      ['an undefined variable', 'line 1\n\n<%- nosuch %>\n', /README\.md\.ejs:3: nosuch is not defined$/],
      ['an unclosed tag', 'line 1\n<%- name\n', /README\.md\.ejs:2: Could not find matching close tag for "<%-"\.$/],
      ['a JavaScript syntax error', 'a\n<% if (true) { %>\n<%- h.pyString( %>\n<% } %>\n', /README\.md\.ejs:3: missing \) after argument list$/],
      ['a throwing helper', 'a\n<%- h.pyString(42) %>\n', /README\.md\.ejs:2: s\.replace is not a function$/],
      ['HTML escaping', 'a\n<%= name %>\n', /README\.md\.ejs:2: <%= is not allowed \(it escapes for HTML\)/],
    ];
    for (const [what, text, message] of broken) {
      for (const existing of [false, true]) {
        it(`${what}${existing ? ', over an existing plugin' : ''}`, () => {
          const dir = tempDir();
          if (existing) ok(ifplugin(CLOUD, dir));
          const before = existsSync(join(dir, 'Example')) ? readTree(join(dir, 'Example')) : undefined;
          write(join(dir, 'bad/app/README.md.ejs'), text);
          const r = ifplugin([...CLOUD, '--templates', 'bad', '--force'], dir);
          assert.equal(r.status, 1);
          assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
          assert.match(r.stderr.trim(), message);
          assert.ok(r.stderr.includes(join(dir, 'bad/app/README.md.ejs')));
          if (before) assert.deepEqual(readTree(join(dir, 'Example')), before);
          else assert.ok(!existsSync(join(dir, 'Example')));
        });
      }
    }
  });

  it('yo ifplugin:templates copies the same files as ifplugin templates', async () => {
    const dir = tempDir();
    ok(ifplugin(['templates', '--only', 'README.md.ejs,__module__.py.ejs'], dir));
    const result = await helpers
      .run(TemplatesGenerator, { resolved: join(ROOT, 'generators/templates/index.ts'), namespace: 'ifplugin:templates' })
      .withOptions({ only: 'README.md.ejs,__module__.py.ejs' } as never);
    assert.deepEqual(readTree(join(result.cwd, 'ifplugin-templates')), readTree(join(dir, 'ifplugin-templates')));
  });
});
