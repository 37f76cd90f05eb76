// `ifplugin templates`: copies the built-in templates into a folder to edit (eject), or lists them with what
// each template receives. A folder made this way is used with --templates, .yo-rc.json or $IFPLUGIN_TEMPLATES.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Host } from '../host.js';
import { CONTEXT_DOC, TEMPLATE_DESCRIPTIONS } from '../render/catalog.js';
import { BUILT_IN, listFiles } from '../render/template-chain.js';
import { displayPath, shellQuote, visible } from '../text.js';
import { applyPlan } from '../write/apply.js';
import type { Plan } from '../write/plan.js';
import { withPrompter, writeOptions } from './common.js';
import type { Args } from './specs.js';

export const DEFAULT_TEMPLATES_DIR = 'ifplugin-templates';

/** Ids (`<set>/<path>`) of every built-in template. */
export function builtInTemplateIds(): string[] {
  return listFiles(BUILT_IN.dir).filter((p) => p.endsWith('.ejs'));
}

/** The templates `--only` names: full ids, or a unique end of one (README.md.ejs, __module__.py.ejs). */
export function selectTemplates(only?: string): string[] {
  const all = builtInTemplateIds();
  if (only === undefined) return all;
  const picked = new Set<string>();
  for (const want of only.split(',').map((s) => s.trim()).filter(Boolean)) {
    const hits = all.filter((id) => id === want || id.endsWith(`/${want}`));
    if (hits.length === 0) throw new InputError(`--only: "${want}" is not a built-in template; see ifplugin templates --list`);
    if (hits.length > 1 && !hits.includes(want)) throw new InputError(`--only: "${want}" matches ${hits.join(', ')}: give the full name`);
    picked.add(hits.includes(want) ? want : hits[0]);
  }
  if (picked.size === 0) throw new InputError('--only: name at least one template; see ifplugin templates --list');
  return [...picked];
}

/** The files to write into the templates folder: each chosen template, byte for byte. */
export function planEject(root: string, ids: string[]): Plan {
  return { root, files: ids.map((id) => ({ path: id, content: readFileSync(join(BUILT_IN.dir, id), 'utf8'), role: 'generated' })), warnings: [] };
}

export async function run({ flags, positionals }: Args, host: Host): Promise<number> {
  if (flags.list) {
    host.out(`${listing()}\n`);
    return 0;
  }
  const only = typeof flags.only === 'string' ? flags.only : undefined;
  const plan = planEject(resolve(host.cwd, positionals[0] ?? DEFAULT_TEMPLATES_DIR), selectTemplates(only));
  // In a terminal, a template edited since it was copied is asked about; otherwise it is a conflict.
  return withPrompter(host, flags, async (prompter) => {
    const applied = await applyPlan(plan, host, writeOptions(flags, prompter));
    if (!applied.dryRun) host.out(`\n${ejectSummary(displayPath(host.cwd, plan.root), plan.files.length)}\n`);
    return 0;
  });
}

export function listing(): string {
  const ids = builtInTemplateIds();
  const width = Math.max(...ids.map((i) => i.length)) + 2;
  const ctxWidth = Math.max(...CONTEXT_DOC.map((e) => e.name.length)) + 2;
  return [
    'Built-in templates (path tokens: __name__ the plugin name, __module__ the delegate module, __dot__ a leading dot):',
    ...ids.map((id) => `  ${id.padEnd(width)}${TEMPLATE_DESCRIPTIONS[id] ?? ''}`),
    '',
    'Every template receives (delegate templates also methods, unsupported, omitted):',
    ...CONTEXT_DOC.map((e) => `  ${e.name.padEnd(ctxWidth)}${e.type}: ${e.description}`),
    '',
    'Write user text through the h helpers (h.pyString, h.pyDocstring, h.json, ...): templates are EJS, that is',
    'JavaScript, and run with your rights; use <%- %> (raw output) with a helper, never <%= %>.',
  ].join('\n');
}

export function ejectSummary(where: string, count: number): string {
  const dir = shellQuote(where);
  return [
    `Copied ${count} template(s) to ${visible(where)}. Edit the ones you want to change and delete the others: a template`,
    'missing from the folder falls back to the built-in one, file by file. Files you add (ending in .ejs) are',
    'rendered into every new plugin too. Use the folder with:',
    `  ifplugin --templates ${dir} ...        # also recorded in the project's .yo-rc.json for ifplugin delegate`,
    `  IFPLUGIN_TEMPLATES=${dir} ifplugin ...`,
  ].join('\n');
}
