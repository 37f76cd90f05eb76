// The built-in templates as the build precompiles them (scripts/build-templates.mjs) render the same bytes as EJS
// compiling them at run time, for plugins of every shape; anything else is compiled at run time.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERFACES } from '../lib/imagefactory/interfaces.js';
import type { AppAnswers } from '../lib/inputs/inputs.js';
import { MiB, readText } from '../lib/files.js';
import { TEMPLATES_DIR } from '../lib/paths.js';
import { appTemplateContext, delegateContext, delegateTemplateContext, pluginContext } from '../lib/render/context.js';
import { precompiledTemplate, renderTemplate } from '../lib/render/render.js';
import type { ChangelogEntry } from '../lib/render/rpm.js';
import { listFiles } from '../lib/render/template-chain.js';
import { tempDir } from './support/cli.js';

const BASE: AppAnswers = {
  name: 'Example', type: 'cloud', targets: [['vsphere4'], ['vsphere5']], description: 'ImageFactory cloud plugin for vsphere4, vsphere5',
  maintainerName: '', maintainerEmail: '', maintainerUrl: '', pluginVersion: '1.0', license: 'Apache-2.0', className: 'Example', rpm: false,
  changelogDate: '2025-11-29',
};

// Plugins of every shape the templates branch on, with text that needs escaping in each target language.
const PLUGINS: [AppAnswers, ChangelogEntry[]?][] = [
  [BASE],
  [{ ...BASE, rpm: true, maintainerName: 'Ada "the" Lovelace', maintainerEmail: 'ada@example.org', maintainerUrl: 'https://example.org/a?b=1&c=%20' }],
  [{
    ...BASE, name: 'My_OS', type: 'os', className: 'Builder9', targets: [['Fedora', null, null], ['RHEL-7', '7.9', null], ['RHEL-5', '5.11', 'x86_64']],
    description: `Ünïcode — 'quotes' "double" \\back\\slash %{macro} $HOME <%- not ejs %> ${'long '.repeat(60)}`, pluginVersion: '1!2.0rc1.dev3',
    license: 'GPL-2.0-or-later', rpm: true, maintainerName: 'Ö. Ñame',
  }, [{ version: '1.0', date: '2024-01-02', author: 'A <a@b.c>' }, { version: '1!2.0rc1.dev3', date: '2025-11-29', author: 'B' }]],
  [{ ...BASE, targets: Array.from({ length: 300 }, (_, i) => [`cloud${i}`]), description: 'many', className: 'Other' }],
];

const SETS = { app: listFiles(join(TEMPLATES_DIR, 'app')), delegate: listFiles(join(TEMPLATES_DIR, 'delegate')) };

describe('precompiled templates', () => {
  it('exist for every built-in template, with the keys of its context', () => {
    const plugin = pluginContext(BASE);
    const keys = { app: Object.keys(appTemplateContext(plugin)), delegate: Object.keys(delegateTemplateContext(delegateContext(plugin, 'Example'))) };
    for (const [set, files] of Object.entries(SETS) as [keyof typeof SETS, string[]][]) {
      for (const rel of files) {
        const text = readText(join(TEMPLATES_DIR, set, rel), MiB)!;
        assert.ok(precompiledTemplate(text, keys[set]), `${set}/${rel} is not precompiled: run npm run build`);
        assert.equal(precompiledTemplate(text, keys[set].slice(1)), undefined, 'other context keys: compiled at run time');
      }
    }
  });

  it('render every built-in template byte for byte as EJS does at run time', () => {
    let compared = 0;
    for (const [answers, changelog] of PLUGINS) {
      const plugin = pluginContext(answers, changelog);
      const methodSets = [undefined, [INTERFACES[answers.type].methods[0].name], []];
      const contexts = {
        app: [appTemplateContext(plugin)],
        delegate: methodSets.map((methods) => delegateTemplateContext(delegateContext(plugin, answers.className, methods))),
      };
      for (const [set, files] of Object.entries(SETS) as [keyof typeof SETS, string[]][]) {
        for (const rel of files) {
          // The RPM files are made only with --rpm (their names are empty otherwise).
          if (!answers.rpm && /__(specFile|rpmlintrc)__/.test(rel)) continue;
          const file = join(TEMPLATES_DIR, set, rel);
          const compiled = precompiledTemplate(readText(file, MiB)!, Object.keys(contexts[set][0]))!;
          for (const context of contexts[set]) {
            const atRunTime = renderTemplate(file, context, { precompiled: false });
            // Called directly too: renderTemplate would fall back to EJS if the precompiled function failed.
            assert.equal(compiled.render({ ...context }, null, null, null), atRunTime, `${set}/${rel} (${answers.name}, ${answers.type})`);
            assert.equal(renderTemplate(file, context), atRunTime);
            compared++;
          }
        }
      }
    }
    assert.ok(compared >= PLUGINS.length * (SETS.app.length - 2 + 3 * SETS.delegate.length));
  });

  it('are not used for a template that differs from the built-in one by a byte', () => {
    const file = join(tempDir(), 'README.md.ejs');
    writeFileSync(file, `${readFileSync(join(TEMPLATES_DIR, 'app', 'README.md.ejs'), 'utf8')}<%- name %>\n`);
    const context = appTemplateContext(pluginContext(BASE));
    assert.equal(precompiledTemplate(readFileSync(file, 'utf8'), Object.keys(context)), undefined);
    assert.ok(renderTemplate(file, context).endsWith('\nExample\n'));
  });

  it('leave a failing template to EJS, which says where it failed', () => {
    // The same keys, so the precompiled function runs, and fails on the missing interface; EJS says where.
    const context = { ...appTemplateContext(pluginContext(BASE)), iface: undefined };
    const file = join(TEMPLATES_DIR, 'app', 'README.md.ejs');
    assert.ok(precompiledTemplate(readFileSync(file, 'utf8'), Object.keys(context)));
    assert.throws(() => renderTemplate(file, context), (e: Error) => /^\S+README\.md\.ejs:\d+: Cannot read properties of undefined/.test(e.message));
  });
});
