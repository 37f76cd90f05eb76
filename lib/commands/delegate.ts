// The delegate command, shared by `yo ifplugin:delegate` and the `ifplugin` bin: find the plugin, resolve the
// answers, plan the files, and say what happened. Nothing here writes.
import { dirname } from 'node:path';
import { resolveAnswers, type Ask } from '../inputs/resolve.js';
import { delegateContext, existingPluginContext } from '../render/context.js';
import { planDelegateRun, type DelegatePlan } from './delegate-plan.js';
import { defaultContext, displayPath, storedAnswers } from './project.js';
import type { RenderReport } from '../render/render.js';
import { templateSources } from '../render/template-chain.js';
import { APP_INPUTS, DELEGATE_INPUTS, methodList, type Answers, type DefaultContext } from '../inputs/inputs.js';
import { locatePlugin, pluginFacts, type Given, type PluginLocation } from './plugin-location.js';

/** --name and --type, declared once for the app; for a delegate they matter only outside a plugin. */
export const PLUGIN_INPUTS = APP_INPUTS.filter((i) => i.key === 'name' || i.key === 'type');

/** How --name and --type are described for the delegate command. */
export function pluginInputHelp(description: string): string {
  return `${description}. Only outside a plugin, where --type and --name make the current folder a plugin folder; ` +
    'inside one, the plugin says it (and these must agree)';
}

export interface DelegateRequest {
  cwd: string;
  /** --name and --type. */
  plugin: Given;
  /** The delegate inputs given as options, by key. */
  given: Record<string, string | undefined>;
  yes: boolean;
  force: boolean;
  /** --templates: a folder of templates that override or add to the built-in ones. */
  templates?: string;
  /** Makes the prompt, given what validators and choices need; absent: nothing is asked. */
  askWith?: (ctx: DefaultContext) => Ask;
}

export interface DelegateRun {
  location: PluginLocation;
  answers: Answers;
  /** Warnings about the plugin and the answers, in that order. */
  warnings: string[];
  plan: DelegatePlan;
  /** Which template each file came from. */
  report: RenderReport;
}

export async function prepareDelegate(req: DelegateRequest): Promise<DelegateRun> {
  const location = locatePlugin(req.cwd, req.plugin);
  // Checked before any question: --templates, then the project's recorded folder, then $IFPLUGIN_TEMPLATES.
  const sources = templateSources({
    flag: req.templates,
    stored: location.projectRoot ? storedAnswers(location.projectRoot).templates : undefined,
    env: process.env.IFPLUGIN_TEMPLATES,
    cwd: req.cwd,
    projectRoot: location.projectRoot,
  });
  const ctx: DefaultContext = { ...defaultContext(), plugin: pluginFacts(location, req.force) };
  const { answers, warnings } = await resolveAnswers(DELEGATE_INPUTS, {
    given: req.given,
    yes: req.yes,
    ask: req.askWith?.(ctx),
    ctx,
  });
  const report: RenderReport = { origins: new Map(), warnings: [] };
  const plan = planDelegateRun(location, answers, { sources, report });
  return { location, answers, warnings: [...location.warnings, ...warnings, ...report.warnings], plan, report };
}

/** The message for files that differ without --force and with nobody to ask. */
export function conflictMessage(run: DelegateRun, show: (path: string) => string): string {
  const { changed } = run.plan;
  return `${changed.length} file(s) differ from what ifplugin would write for ${run.answers.className}: ` +
    `${changed.map(show).join(', ')}; pass --force to overwrite them`;
}

export interface Outcome {
  /** Planned files that hold the planned content now. */
  written: ReadonlySet<string>;
  /** Every planned file already held its content before the run. */
  unchanged: boolean;
  dryRun: boolean;
}

export interface Summary {
  /** The first line: the class and its files. */
  ok: string;
  /** What the class does and what happened, a line each. */
  details: string[];
  warnings: string[];
  /** The "Next:" block, or '' when there is nothing to run. */
  next: string;
}

/** The closing lines of a run: what the class does, what happened to `__init__.py`, what to do next. */
export function delegateSummary(run: DelegateRun, cwd: string, outcome: Outcome): Summary {
  const { location: loc, answers, plan } = run;
  const { className } = answers;
  const show = (p: string) => displayPath(cwd, p);
  const d = delegateContext(existingPluginContext(loc.name, loc.type), className, methodList(answers.methods));
  const names = (ms: { name: string }[]) => ms.map((m) => m.name).join(', ');
  const files = [...plan.files.keys()].filter((p) => p !== plan.initFile);
  const details: string[] = [];
  const warnings: string[] = [];

  if (outcome.unchanged) details.push('every file is already up to date: nothing changed');
  if (d.methods.length) details.push(`implements ${names(d.methods)} (stubs to fill in)`);
  if (d.unsupported.length) details.push(`raises "not supported" in ${names(d.unsupported)} (called without a check that it exists)`);
  if (d.omitted.length) details.push(`leaves out ${names(d.omitted)} (its callers check for it or ignore its absence)`);
  if (loc.noTest) details.push(loc.noTest);
  if (loc.kind === 'new') {
    details.push(`this folder has no ${loc.name}.info yet: ImageFactory loads no plugin without one ` +
      `(\`ifplugin --name ${loc.name} --type ${loc.type} --targets ...\` makes a whole project instead)`);
  }
  const kept = [...plan.files.keys()].filter((p) => !outcome.written.has(p));
  if (!outcome.dryRun && kept.length) warnings.push(`kept as they were: ${kept.map(show).join(', ')}`);

  const exported = plan.exported;
  const init = show(plan.initFile);
  if (!exported) {
    details.push(`delegate_class is unchanged: pass --export to make ${className} the plugin's delegate_class`);
  } else if (exported.action === 'refuse') {
    warnings.push(
      `--export: ${init} was left as it is, because ${exported.reason}. To make ${className} the plugin's ` +
        `delegate_class, bind delegate_class there with this line instead:\n    ${plan.exportLine}`,
    );
  } else if (exported.action === 'unchanged') {
    details.push(`${init} already exports ${className} as delegate_class (line ${exported.line})`);
  } else if (outcome.written.has(plan.initFile)) {
    const how = { create: 'a new file', append: `line ${exported.line} added`, rewrite: `line ${exported.line} rewritten` }[exported.action];
    details.push(`${init}: delegate_class is now ${className} (${how})`);
  }

  const next: [string, string][] = [];
  if (loc.testsDir) {
    const root = dirname(loc.testsDir);
    const cd = root === cwd ? '' : `cd ${show(root)} && `;
    next.push([`${cd}python3 -m unittest discover -v`, "the plugin's tests, the new one included"]);
  }
  if (d.methods.length) next.push([`$EDITOR ${show(plan.moduleFile)}`, 'implement the methods that raise NotImplementedError']);
  const width = Math.max(0, ...next.map(([c]) => c.length)) + 2;
  const kind = loc.type === 'os' ? 'OS' : 'Cloud';
  return {
    ok: `${kind} delegate ${className} for the plugin ${loc.name}: ${files.map(show).join(', ')}`,
    details,
    warnings,
    next: next.length && !outcome.dryRun ? `Next:\n${next.map(([c, why]) => `  ${c.padEnd(width)}# ${why}`).join('\n')}` : '',
  };
}
