// What the app command writes, as a map of path (relative to the project root) -> content. Pure: nothing is
// written here, so the generators (and tests) can check the whole plan before touching the disk.
import { appTemplateContext, delegateContext, delegateTemplateContext, pluginContext, type PluginContext } from './context.js';
import type { AppAnswers } from '../inputs/inputs.js';
import { renderSet, type RenderReport } from './render.js';
import type { ChangelogEntry } from './rpm.js';
import type { TemplateSource } from './template-chain.js';

/** Which template folders to use, and where to report what came from where. */
export interface Rendering {
  sources?: TemplateSource[];
  report?: RenderReport;
}

export function planDelegate(ctx: PluginContext, className: string, methods?: string[], rendering: Rendering = {}): Map<string, string> {
  const dctx = delegateContext(ctx, className, methods);
  return renderSet('delegate', delegateTemplateContext(dctx), { name: ctx.name, module: className }, rendering.sources, rendering.report);
}

/** What the plugin's history adds to its answers: the RPM %changelog, and the methods of its delegate class. */
export interface PluginHistory {
  changelog?: ChangelogEntry[];
  /** The methods `ifplugin delegate` gave the class; undefined: all of them. */
  methods?: string[];
}

export function planPlugin(answers: AppAnswers, rendering: Rendering = {}, history: PluginHistory = {}): Map<string, string> {
  // The .info is made from typed answers, whose inputs refuse whatever would make it fail to load (its type, its
  // targets' shapes, wildcards and duplicates; the name is its folder's): it is not checked again here, which would
  // load the schema validator on every run. test/info-from-answers.test.ts holds them to that.
  const ctx = pluginContext(answers, history.changelog);
  const tokens = { name: ctx.name, module: ctx.moduleName, specFile: ctx.rpm?.specFile ?? '', rpmlintrc: ctx.rpm?.rpmlintrcFile ?? '' };
  const files = renderSet('app', appTemplateContext(ctx), tokens, rendering.sources, rendering.report);
  for (const [path, text] of planDelegate(ctx, ctx.className, history.methods, rendering)) files.set(path, text);
  return files;
}
