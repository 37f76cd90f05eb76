// The app command: where the project goes, the answers, and every file to write (including .yo-rc.json),
// computed before anything touches the disk; then the shared write path and a summary of what it did.
import { statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { InputError, TemplateError } from '../errors.js';
import type { Host, Prompter } from '../host.js';
import { givenFrom, type FlagValues } from '../inputs/flags.js';
import { APP_INPUTS, type AppAnswers } from '../inputs/inputs.js';
import { resolveAnswers, withoutFollowers } from '../inputs/resolve.js';
import { planPlugin, type PluginHistory, type Rendering } from '../render/plugin.js';
import { changelogAuthor, type ChangelogEntry } from '../render/rpm.js';
import { exportEdit } from '../python/source.js';
import { contentHash } from '../write/hash.js';
import type { RenderReport } from '../render/render.js';
import { templateSources } from '../render/template-chain.js';
import { displayPath, shellQuote, visible } from '../text.js';
import { applyPlan } from '../write/apply.js';
import { unchanged, wrote, type Applied, type Plan, type PlannedFile, type Removal } from '../write/plan.js';
import { projectTemplatesNotice, templatesFlag, withPrompter, writeOptions } from './common.js';
import { defaultContext, readRecord, STORE_KEY, storedAnswers, YO_RC, yoRcText, type ProjectRecord } from './project.js';
import type { Args } from './specs.js';

export interface AppRequest {
  cwd: string;
  destination?: string;
  /** --templates: a folder of templates that override or add to the built-in ones. */
  templates?: string;
  flags: FlagValues;
  yes: boolean;
  prompter?: Prompter;
  /** Says a line before any template runs (a project's own template folder). */
  announce?: (line: string) => void;
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
  const known = target === cwd && here ? here : target ? readRecord(target, cwd) : undefined;
  const sourcesFor = (record?: ProjectRecord, projectRoot?: string) => templateSources({
    flag: req.templates, stored: record?.templates, env: process.env.IFPLUGIN_TEMPLATES, cwd, projectRoot,
  });
  let sources = sourcesFor(known, target);
  const announced = projectTemplatesNotice(sources, cwd);
  if (announced) req.announce?.(announced);
  const ctx = defaultContext(target ? basename(target) : undefined);
  let last = known ? await lastRun(known, sources, ctx) : undefined;
  const { answers, warnings } = await resolveAnswers<AppAnswers>(APP_INPUTS, {
    given: givenFrom(APP_INPUTS, req.flags),
    stored: known && last ? withoutFollowers(APP_INPUTS, known.answers, last.answers, ctx) : known?.answers,
    yes: req.yes,
    prompter: req.prompter,
    ctx,
  });
  const root = target ?? resolve(cwd, answers.name);
  if (isFolder(root) === false) throw new InputError(`destination ${visible(displayPath(cwd, root))}: exists and is not a folder`);
  // Run from outside with the project's name: its record is found only now. The answers given are this run's;
  // what it recorded still says what was written there, and the templates it uses.
  const record = known ?? readRecord(root, cwd);
  if (record && !known) {
    sources = sourcesFor(record, root);
    const late = projectTemplatesNotice(sources, cwd);
    if (late) req.announce?.(late);
    last = await lastRun(record, sources, ctx);
  }
  // A --templates folder is recorded, relative to the project, for later runs (ifplugin delegate among them).
  const templates = req.templates ? relative(root, resolve(cwd, req.templates)) || '.' : record?.templates;
  const report: RenderReport = { origins: new Map(), warnings: [] };
  // The class ifplugin delegate --export made the delegate_class stays so, unless the class name changes.
  const renamed = last !== undefined && last.answers.className !== answers.className;
  const exported = !renamed && record?.exported ? record.exported : answers.className;
  const changelog = nextChangelog(record?.changelog ?? last?.changelog ?? [], answers);
  const rendered = render(answers, { sources, report }, { changelog, methods: renamed ? undefined : record?.delegates?.[answers.className]?.methods }, exported);
  const files: PlannedFile[] = [...rendered].map(([path, content]) => ({ path, content, role: 'generated', base: last?.files.get(path) }));
  const written = Object.fromEntries(Object.entries(record?.written ?? {}).filter(([path]) => !last?.files.has(path)));
  for (const file of files) written[file.path] = contentHash(file.content);
  const entry = {
    ...storedAnswers(APP_INPUTS, answers),
    // Recorded by versions that kept the first entry's date as an answer; the changelog holds it now.
    changelogDate: undefined,
    templates,
    delegates: record?.delegates,
    exported: exported === answers.className ? undefined : exported,
    changelog: changelog.length ? changelog : undefined,
    written,
  };
  files.push({ path: YO_RC, content: yoRcText(root, entry), role: 'state' });
  report.origins.set(YO_RC, 'ifplugin');
  return { root, answers, files, removals: removals(last, rendered, answers), written: record?.written, warnings: [...warnings, ...report.warnings], report };
}

/** The plugin's files for `answers`, with `exported` as the delegate_class in __init__.py. */
function render(answers: AppAnswers, rendering: Rendering, history: PluginHistory, exported: string): Map<string, string> {
  const files = planPlugin(answers, rendering, history);
  const init = `src/${answers.name}/__init__.py`;
  const text = files.get(init);
  if (exported !== answers.className && text !== undefined) {
    const edit = exportEdit(text, exported);
    if (edit.action === 'rewrite') files.set(init, edit.text);
  }
  return files;
}

interface LastRun {
  answers: AppAnswers;
  changelog: ChangelogEntry[];
  /** What the recorded answers produce, by path: the base of each file's three-way merge. */
  files: Map<string, string>;
}

/**
 * What the last run's recorded answers produce with these templates. When the record comes from another version
 * of ifplugin, or the templates changed since, this can differ from what was written; the record's hashes tell
 * which files nobody edited, and in the others a line the templates changed is taken as the author's, so it is
 * merged, never lost. Undefined when the record cannot be rendered (it will fail the run as the new answers'
 * problem, with a message naming it).
 */
async function lastRun(record: ProjectRecord, sources: Rendering['sources'], ctx: ReturnType<typeof defaultContext>): Promise<LastRun | undefined> {
  try {
    const { answers } = await resolveAnswers<AppAnswers>(APP_INPUTS, { given: {}, stored: record.answers, yes: true, ctx });
    // A record from before changelogs were kept has one entry: its version, dated by its changelogDate.
    const date = typeof record.answers.changelogDate === 'string' ? record.answers.changelogDate : answers.changelogDate;
    const changelog = record.changelog ?? (answers.rpm ? [{ version: answers.pluginVersion, date, author: changelogAuthor(answers) }] : []);
    const files = render({ ...answers, changelogDate: date }, { sources }, { changelog, methods: record.delegates?.[answers.className]?.methods }, record.exported ?? answers.className);
    return { answers, changelog, files };
  } catch (e) {
    if (e instanceof InputError || e instanceof TemplateError) return undefined;
    throw e;
  }
}

/** The %changelog with an entry for this run's version, when the spec is written and the version is new to it. */
function nextChangelog(recorded: ChangelogEntry[], answers: AppAnswers): ChangelogEntry[] {
  if (!answers.rpm || recorded.at(-1)?.version === answers.pluginVersion) return recorded;
  return [...recorded, { version: answers.pluginVersion, date: answers.changelogDate, author: changelogAuthor(answers) }];
}

/**
 * The files the last run wrote that these answers do not make: ifplugin's own are removed if nobody changed them;
 * the author's (a delegate module after a class rename, and its test) always stay, with a notice.
 */
function removals(last: LastRun | undefined, rendered: Map<string, string>, answers: AppAnswers): Removal[] {
  if (!last) return [];
  const old = last.answers.className;
  const module = `src/${last.answers.name}/${old}.py`;
  const test = `tests/test_${old}.py`;
  return [...last.files].filter(([path]) => !rendered.has(path)).map(([path, base]): Removal => {
    if (path !== module && path !== test) {
      return { path, base, notice: `${visible(path)} stays, as you changed it, although these answers no longer make it: delete it if you do not need it` };
    }
    // One notice for the class's module and its test.
    const notice = path !== module ? '' : `${visible(module)} and ${visible(test)} stay: the delegate class is now ` +
      `${answers.className} (src/${answers.name}/${answers.className}.py); move what you wrote in ${old} there, then delete them`;
    return { path, base, authors: true, notice };
  });
}

export async function run({ flags, positionals }: Args, host: Host): Promise<number> {
  return withPrompter(host, flags, async (prompter) => {
    const plan = await planApp({
      cwd: host.cwd, destination: positionals[0], templates: templatesFlag(flags), flags, yes: Boolean(flags.yes), prompter,
      announce: (line) => host.err(`notice: ${line}\n`),
    });
    for (const w of plan.warnings) host.err(`warning: ${visible(w)}\n`);
    const applied = await applyPlan(plan, host, writeOptions(flags, prompter));
    if (!applied.dryRun) host.out(`\n${appSummary(plan, applied, host.cwd, Boolean(flags.verbose))}\n`);
    return 0;
  });
}

/** The closing lines of a run, from what the write path reports. */
export function appSummary(plan: AppPlan, applied: Applied, cwd: string, verbose = false): string {
  const { answers } = plan;
  const where = displayPath(cwd, plan.root);
  const origins = originLines(plan.report, verbose);
  const notes = applied.notices.map((n) => `Note: ${n}`);
  if (unchanged(applied)) return [...origins, `${answers.name}: every file in ${visible(where)} is already up to date; nothing changed.`, ...notes].join('\n');
  const kept = applied.files.filter((f) => f.status === 'keep').map((f) => visible(f.path));
  const merged = applied.files.filter((f) => f.status === 'merge').map((f) => visible(f.path));
  const next: [string, string][] = [
    ...(where === '.' ? [] : [[`cd ${shellQuote(where)}`, ''] as [string, string]]),
    ['python3 -m unittest discover -v', "the plugin's own tests: they pass now"],
    [`$EDITOR ${shellQuote(`src/${answers.name}/${answers.className}.py`)}`, 'implement the methods that raise NotImplementedError'],
    ['sudo make install && sudo make enable', "copy into ImageFactory's imagefactory_plugins/, link the .info into plugins.d"],
    ...(answers.rpm ? [['make rpm', 'or package it: the RPM installs and enables the plugin'] as [string, string]] : []),
  ];
  const width = Math.max(...next.map(([c]) => c.length)) + 2;
  const fresh = applied.files.every((f) => f.status === 'create');
  const written = applied.files.filter((f) => wrote(f.status)).length;
  const counts = fresh ? `${written} files` : `${written} of ${applied.files.length} files changed`;
  return [
    ...origins,
    `${fresh ? 'Created' : 'Updated'} the ${answers.type} plugin ${answers.name} in ${visible(where)} ` +
      `(${counts}; answers in ${YO_RC} under "${STORE_KEY}").`,
    ...(kept.length ? [`Kept as you have them: ${kept.join(', ')}.`] : []),
    ...(merged.length ? [`Merged with your changes: ${merged.join(', ')}.`] : []),
    ...notes,
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

