// The app command: where the project goes, the answers, and every file to write (including .yo-rc.json),
// computed before anything touches the disk; then the shared write path and a summary of what it did.
import { statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Host, Prompter } from '../host.js';
import { givenFrom, type FlagValues } from '../inputs/flags.js';
import { APP_INPUTS, type AppAnswers } from '../inputs/inputs.js';
import { resolveAnswers } from '../inputs/resolve.js';
import { planPlugin } from '../render/plugin.js';
import type { RenderReport } from '../render/render.js';
import { templateSources } from '../render/template-chain.js';
import { displayPath, shellQuote, visible } from '../text.js';
import { applyPlan } from '../write/apply.js';
import { unchanged, type Applied, type Plan, type PlannedFile } from '../write/plan.js';
import { templatesFlag, withPrompter } from './common.js';
import { defaultContext, readRecord, STORE_KEY, storedAnswers, YO_RC, yoRcText } from './project.js';
import type { Args } from './specs.js';

export interface AppRequest {
  cwd: string;
  destination?: string;
  /** --templates: a folder of templates that override or add to the built-in ones. */
  templates?: string;
  flags: FlagValues;
  yes: boolean;
  prompter?: Prompter;
}

export interface AppPlan extends Plan {
  answers: AppAnswers;
  /** Which template each file came from. */
  report: RenderReport;
}

function isFolder(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}

export async function planApp(req: AppRequest): Promise<AppPlan> {
  const { cwd, destination } = req;
  // An empty destination (often an unset shell variable) would mean this folder: say so instead.
  if (destination === '') throw new InputError('destination: the folder name is empty: give a folder, or . for this one');
  // Inside a project made earlier, a run without a destination changes that project.
  const here = destination === undefined ? readRecord(cwd) : undefined;
  const target = destination !== undefined ? resolve(cwd, destination) : here?.answers.name !== undefined ? cwd : undefined;
  if (target !== undefined && isFolder(target) === false) throw new InputError(`destination ${visible(destination ?? '.')}: exists and is not a folder`);
  const record = target === cwd && here ? here : target ? readRecord(target, cwd) : undefined;
  const sources = templateSources({
    flag: req.templates, stored: record?.templates, env: process.env.IFPLUGIN_TEMPLATES, cwd, projectRoot: target,
  });
  const { answers, warnings } = await resolveAnswers<AppAnswers>(APP_INPUTS, {
    given: givenFrom(APP_INPUTS, req.flags),
    stored: record?.answers,
    yes: req.yes,
    prompter: req.prompter,
    ctx: defaultContext(target ? basename(target) : undefined),
  });
  const root = target ?? resolve(cwd, answers.name);
  if (isFolder(root) === false) throw new InputError(`destination ${visible(displayPath(cwd, root))}: exists and is not a folder`);
  // A --templates folder is recorded, relative to the project, for later runs (ifplugin delegate among them).
  const templates = req.templates ? relative(root, resolve(cwd, req.templates)) || '.' : record?.templates;
  const report: RenderReport = { origins: new Map(), warnings: [] };
  const files: PlannedFile[] = [...planPlugin(answers, { sources, report })].map(([path, content]) => ({ path, content, role: 'generated' }));
  const stored = { ...storedAnswers(APP_INPUTS, answers), ...(templates ? { templates } : {}) };
  files.push({ path: YO_RC, content: yoRcText(root, stored), role: 'state' });
  report.origins.set(YO_RC, 'ifplugin');
  return { root, answers, files, warnings: [...warnings, ...report.warnings], report };
}

export async function run({ flags, positionals }: Args, host: Host): Promise<number> {
  return withPrompter(host, flags, async (prompter) => {
    const plan = await planApp({
      cwd: host.cwd, destination: positionals[0], templates: templatesFlag(flags), flags, yes: Boolean(flags.yes), prompter,
    });
    for (const w of plan.warnings) host.err(`warning: ${visible(w)}\n`);
    const applied = await applyPlan(plan, host, { force: Boolean(flags.force), dryRun: Boolean(flags['dry-run']), prompter });
    if (!applied.dryRun) host.out(`\n${appSummary(plan, applied, host.cwd, Boolean(flags.verbose))}\n`);
    return 0;
  });
}

/** The closing lines of a run, from what the write path reports. */
export function appSummary(plan: AppPlan, applied: Applied, cwd: string, verbose = false): string {
  const { answers } = plan;
  const where = displayPath(cwd, plan.root);
  const origins = originLines(plan.report, verbose);
  if (unchanged(applied)) return [...origins, `${answers.name}: every file in ${visible(where)} is already up to date; nothing changed.`].join('\n');
  const kept = applied.files.filter((f) => f.status === 'keep').map((f) => visible(f.path));
  const next: [string, string][] = [
    ...(where === '.' ? [] : [[`cd ${shellQuote(where)}`, ''] as [string, string]]),
    ['python3 -m unittest discover -v', "the plugin's own tests: they pass now"],
    [`$EDITOR ${shellQuote(`src/${answers.name}/${answers.className}.py`)}`, 'implement the methods that raise NotImplementedError'],
    ['sudo make install && sudo make enable', "copy into ImageFactory's imagefactory_plugins/, link the .info into plugins.d"],
    ...(answers.rpm ? [['make rpm', 'or package it: the RPM installs and enables the plugin'] as [string, string]] : []),
  ];
  const width = Math.max(...next.map(([c]) => c.length)) + 2;
  const fresh = applied.files.every((f) => f.status === 'create');
  const written = applied.files.filter((f) => f.status !== 'identical' && f.status !== 'keep').length;
  const counts = fresh ? `${written} files` : `${written} of ${applied.files.length} files changed`;
  return [
    ...origins,
    `${fresh ? 'Created' : 'Updated'} the ${answers.type} plugin ${answers.name} in ${visible(where)} ` +
      `(${counts}; answers in ${YO_RC} under "${STORE_KEY}").`,
    ...(kept.length ? [`Kept as you have them: ${kept.join(', ')}.`] : []),
    '',
    'Next:',
    ...next.map(([c, why]) => `  ${why ? `${c.padEnd(width)}# ${why}` : c}`),
  ].join('\n');
}

/** Where the templates came from: one line per folder, or (verbose) one line per file. */
export function originLines(report: RenderReport, verbose: boolean): string[] {
  if (verbose) return [...report.origins].map(([path, origin]) => `  ${visible(path)} <- ${visible(origin)}`);
  const counts = new Map<string, number>();
  for (const origin of report.origins.values()) counts.set(origin, (counts.get(origin) ?? 0) + 1);
  if ([...counts.keys()].every((o) => o === 'built-in' || o === 'ifplugin')) return [];
  return [`Templates: ${[...counts].filter(([o]) => o !== 'ifplugin').map(([o, n]) => `${n} from ${visible(o)}`).join(', ')} (--verbose lists each file)`];
}

