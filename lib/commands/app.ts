// The app command, shared by `yo ifplugin` and the `ifplugin` bin: where the project goes, the answers, and
// every file to write (including .yo-rc.json), computed before anything touches the disk.
import { InputError } from '../errors.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { resolveAnswers, type Ask } from '../inputs/resolve.js';
import { defaultContext, STORE_KEY, storedAnswers } from './project.js';
import { APP_INPUTS, isYes, type Answers } from '../inputs/inputs.js';
import { planPlugin } from '../render/plugin.js';
import type { RenderReport } from '../render/render.js';
import { templateSources } from '../render/template-chain.js';

export const YO_RC = '.yo-rc.json';

export interface AppRequest {
  cwd: string;
  destination?: string;
  /** --templates: a folder of templates that override or add to the built-in ones. */
  templates?: string;
  given: Record<string, string | undefined>;
  yes: boolean;
  ask?: Ask;
}

export interface AppPlan {
  root: string;
  answers: Answers;
  warnings: string[];
  /** Relative to root; includes .yo-rc.json. */
  files: Map<string, string>;
  /** Which template each file came from, and warnings about user templates. */
  report: RenderReport;
}

export async function planApp(req: AppRequest): Promise<AppPlan> {
  const { cwd, destination } = req;
  // Inside a project made earlier, a run without a destination regenerates that project.
  const here = destination === undefined && existsSync(join(cwd, YO_RC)) && storedAnswers(cwd).name ? cwd : undefined;
  const target = destination !== undefined ? resolve(cwd, destination) : here;
  if (target !== undefined && existsSync(target) && !statSync(target).isDirectory()) {
    throw new InputError(`destination ${destination}: exists and is not a folder`);
  }
  const stored = target ? storedAnswers(target) : {};
  const sources = templateSources({
    flag: req.templates, stored: stored.templates, env: process.env.IFPLUGIN_TEMPLATES, cwd, projectRoot: target,
  });
  const { answers, warnings } = await resolveAnswers(APP_INPUTS, {
    given: req.given,
    stored,
    yes: req.yes,
    ask: req.ask,
    ctx: defaultContext(target ? basename(target) : undefined),
  });
  const root = target ?? resolve(cwd, answers.name);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new InputError(`destination ${root}: exists and is not a folder`);
  // A --templates folder is recorded, relative to the project, for later runs (ifplugin delegate among them).
  const templates = req.templates ? relative(root, resolve(cwd, req.templates)) || '.' : stored.templates;
  if (templates) answers.templates = templates;
  const report: RenderReport = { origins: new Map(), warnings: [] };
  const files = planPlugin(answers, { sources, report });
  files.set(YO_RC, yoRcText(root, answers));
  report.origins.set(YO_RC, 'ifplugin');
  return { root, answers, warnings: [...warnings, ...report.warnings], files, report };
}

/** .yo-rc.json with this run's answers, keeping whatever else the file held. */
export function yoRcText(root: string, answers: Answers): string {
  const file = join(root, YO_RC);
  let existing: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new InputError(`${file} is not valid JSON: fix or remove it`);
    }
  }
  return `${JSON.stringify({ ...existing, [STORE_KEY]: answers }, null, 2)}\n`;
}

/** The closing lines of a successful run. */
export function appSummary(plan: AppPlan, where: string, unchanged: boolean, verbose = false): string {
  const { answers } = plan;
  const origins = originLines(plan.report, verbose);
  if (unchanged) return [...origins, `${answers.name}: every file in ${where} is already up to date; nothing changed.`].join('\n');
  const next: [string, string][] = [
    [`cd ${where}`, ''],
    ['python3 -m unittest discover -v', "the plugin's own tests: they pass now"],
    [`$EDITOR src/${answers.name}/${answers.className}.py`, 'implement the methods that raise NotImplementedError'],
    ['make install && sudo make enable', 'install into imagefactory_plugins/, link the .info into plugins.d'],
    ...(isYes(answers.rpm) ? [['make rpm', 'or package it: the RPM installs and enables the plugin'] as [string, string]] : []),
  ];
  const width = Math.max(...next.map(([c]) => c.length)) + 2;
  return [
    ...origins,
    `Created the ${answers.type} plugin ${answers.name} in ${where} (${plan.files.size} files; answers in ${YO_RC} under "${STORE_KEY}").`,
    '',
    'Next:',
    ...next.map(([c, why]) => `  ${why ? `${c.padEnd(width)}# ${why}` : c}`),
  ].join('\n');
}

/** Where the templates came from: one line per folder, or (verbose) one line per file. */
export function originLines(report: RenderReport, verbose: boolean): string[] {
  if (verbose) return [...report.origins].map(([path, origin]) => `  ${path} <- ${origin}`);
  const counts = new Map<string, number>();
  for (const origin of report.origins.values()) counts.set(origin, (counts.get(origin) ?? 0) + 1);
  if ([...counts.keys()].every((o) => o === 'built-in' || o === 'ifplugin')) return [];
  return [`Templates: ${[...counts].filter(([o]) => o !== 'ifplugin').map(([o, n]) => `${n} from ${o}`).join(', ')} (--verbose lists each file)`];
}
