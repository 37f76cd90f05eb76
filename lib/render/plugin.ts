// What the app command writes, as a map of path (relative to the project root) -> content. Pure: nothing is
// written here, so the generators (and tests) can check the whole plan before touching the disk.
import { appTemplateContext, delegateContext, delegateTemplateContext, pluginContext, type PluginContext } from './context.js';
import { checkInfo } from '../imagefactory/info.js';
import type { AppAnswers } from '../inputs/inputs.js';
import { renderSet, type RenderReport } from './render.js';
import type { ChangelogEntry } from './rpm.js';
import type { TemplateSource } from './template-chain.js';

/** Which template folders to use, and where to report what came from where. */
export interface Rendering {
  sources?: TemplateSource[];
  report?: RenderReport;
}

/** The `.info` problems that make the loader fail; the generator refuses to write a plugin with any. */
export function infoErrors(ctx: PluginContext): string[] {
  return checkInfo(JSON.parse(ctx.infoJson), { stem: ctx.name, folder: ctx.name })
    .filter((f) => f.severity === 'error')
    .map((f) => f.message);
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
  const ctx = pluginContext(answers, history.changelog);
  const errors = infoErrors(ctx);
  if (errors.length) throw new Error(`the .info file would not load: ${errors.join('; ')}`);
  const tokens = { name: ctx.name, module: ctx.moduleName, specFile: ctx.rpm?.specFile ?? '', rpmlintrc: ctx.rpm?.rpmlintrcFile ?? '' };
  const files = renderSet('app', appTemplateContext(ctx), tokens, rendering.sources, rendering.report);
  for (const [path, text] of planDelegate(ctx, ctx.className, history.methods, rendering)) files.set(path, text);
  return files;
}
