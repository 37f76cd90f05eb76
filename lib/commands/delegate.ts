// The delegate command: find the plugin, resolve the answers, plan the files, apply the plan through the shared
// write path, and say what happened from what it reports.
import { join } from 'node:path';
import type { Host, Prompter } from '../host.js';
import { givenFrom, type FlagValues } from '../inputs/flags.js';
import { DELEGATE_INPUTS, PLUGIN_INPUTS, type DelegateAnswers, type DefaultContext } from '../inputs/inputs.js';
import { resolveAnswers } from '../inputs/resolve.js';
import { methodPartition } from '../render/context.js';
import type { RenderReport } from '../render/render.js';
import { templateSources } from '../render/template-chain.js';
import { displayPath, shellQuote, visible } from '../text.js';
import { applyPlan } from '../write/apply.js';
import { holdsPlanned, unchanged, type Applied } from '../write/plan.js';
import { projectTemplatesNotice, templatesFlag, withPrompter, writeOptions } from './common.js';
import { planDelegateRun, type DelegatePlan } from './delegate-plan.js';
import { locatePlugin, pluginAnswers, pluginFacts, type PluginLocation } from './plugin-location.js';
import { defaultContext } from './project.js';
import type { Args } from './specs.js';

export interface DelegateRun {
  location: PluginLocation;
  answers: DelegateAnswers;
  plan: DelegatePlan;
  /** Which template each file came from. */
  report: RenderReport;
}

export async function prepareDelegate(cwd: string, flags: FlagValues, prompter?: Prompter, announce?: (line: string) => void): Promise<DelegateRun> {
  const plugin = givenFrom(PLUGIN_INPUTS, flags) as { name?: string; type?: string };
  const location = locatePlugin(cwd, plugin);
  // Checked before any question: --templates, then the project's recorded folder, then $IFPLUGIN_TEMPLATES.
  const sources = templateSources({
    flag: templatesFlag(flags),
    stored: location.record?.templates,
    env: process.env.IFPLUGIN_TEMPLATES,
    cwd,
    projectRoot: location.kind === 'project' ? location.root : undefined,
  });
  const announced = projectTemplatesNotice(sources, cwd);
  if (announced) announce?.(announced);
  const pluginAnswersP = pluginAnswers(location);
  const ctx: DefaultContext = { ...defaultContext(), plugin: pluginFacts(location, Boolean(flags.force)) };
  const { answers, warnings } = await resolveAnswers<DelegateAnswers>(DELEGATE_INPUTS, {
    given: givenFrom(DELEGATE_INPUTS, flags),
    yes: Boolean(flags.yes),
    prompter,
    ctx,
  });
  const report: RenderReport = { origins: new Map(), warnings: [] };
  const plan = planDelegateRun(location, await pluginAnswersP, answers, { sources, report });
  plan.warnings.unshift(...location.warnings, ...warnings, ...report.warnings);
  return { location, answers, plan, report };
}

export async function run({ flags }: Args, host: Host): Promise<number> {
  return withPrompter(host, flags, async (prompter) => {
    const delegate = await prepareDelegate(host.cwd, flags, prompter, (line) => host.err(`notice: ${line}\n`));
    for (const w of delegate.plan.warnings) host.err(`warning: ${visible(w)}\n`);
    const applied = await applyPlan(delegate.plan, host, writeOptions(flags, prompter));
    const summary = delegateSummary(delegate, applied, host.cwd);
    host.out(`\n${summary.ok}\n${summary.details.map((l) => `  ${l}\n`).join('')}`);
    for (const w of summary.warnings) host.err(`warning: ${w}\n`);
    if (summary.next) host.out(`\n${summary.next}\n`);
    return 0;
  });
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

/** The closing lines of a run, from what the write path reports: what the class does, what happened, what next. */
export function delegateSummary(run: DelegateRun, applied: Applied, cwd: string): Summary {
  const { location: loc, answers, plan } = run;
  const { className } = answers;
  const show = (p: string) => visible(displayPath(cwd, join(plan.root, p)));
  const d = methodPartition(loc.type, answers.methods);
  const names = (ms: { name: string }[]) => ms.map((m) => m.name).join(', ');
  const details: string[] = [];
  const warnings: string[] = [];

  if (!applied.dryRun && unchanged(applied)) details.push('every file is already up to date: nothing changed');
  if (d.methods.length) details.push(`implements ${names(d.methods)} (stubs to fill in)`);
  if (d.unsupported.length) details.push(`raises "not supported" in ${names(d.unsupported)} (called without a check that it exists)`);
  if (d.omitted.length) details.push(`leaves out ${names(d.omitted)} (its callers check for it or ignore its absence)`);
  if (loc.noTest) details.push(loc.noTest);
  if (loc.kind === 'new') {
    details.push(`this folder has no ${loc.name}.info yet: ImageFactory loads no plugin without one ` +
      `(\`ifplugin --name ${loc.name} --type ${loc.type} --targets ...\` makes a whole project instead)`);
  }
  const kept = applied.files.filter((f) => f.status === 'keep').map((f) => show(f.path));
  if (kept.length) warnings.push(`kept as they were: ${kept.join(', ')}`);

  const exported = plan.exported;
  const init = show(plan.initPath);
  if (!exported && plan.alreadyExported) {
    details.push(`${init} exports ${className} as delegate_class`);
  } else if (!exported) {
    details.push(`delegate_class is unchanged: pass --export to make ${className} the plugin's delegate_class`);
  } else if (exported.action === 'refuse') {
    warnings.push(
      `--export: ${init} was left as it is, because ${exported.reason}. To make ${className} the plugin's ` +
        `delegate_class, bind delegate_class there with this line instead:\n    ${plan.exportLine}`,
    );
  } else if (exported.action === 'unchanged') {
    details.push(`${init} already exports ${className} as delegate_class (line ${exported.line})`);
  } else if (holdsPlanned(applied, plan.initPath)) {
    const how = { create: 'a new file', append: `line ${exported.line} added`, rewrite: `line ${exported.line} rewritten` }[exported.action];
    details.push(`${init}: delegate_class is now ${className} (${how})`);
  }

  const next: [string, string][] = [];
  if (loc.testsPath) {
    const where = displayPath(cwd, plan.root);
    const cd = where === '.' ? '' : `cd ${shellQuote(where)} && `;
    next.push([`${cd}python3 -m unittest discover -v`, "the plugin's tests, the new one included"]);
  }
  if (d.methods.length) next.push([`$EDITOR ${shellQuote(displayPath(cwd, join(plan.root, plan.modulePath)))}`, 'implement the methods that raise NotImplementedError']);
  const width = Math.max(0, ...next.map(([c]) => c.length)) + 2;
  const kind = loc.type === 'os' ? 'OS' : 'Cloud';
  const files = plan.files.filter((f) => f.path !== plan.initPath).map((f) => show(f.path));
  return {
    ok: `${kind} delegate ${className} for the plugin ${loc.name}: ${files.join(', ')}`,
    details,
    warnings,
    next: next.length && !applied.dryRun ? `Next:\n${next.map(([c, why]) => `  ${c.padEnd(width)}# ${why}`).join('\n')}` : '',
  };
}
