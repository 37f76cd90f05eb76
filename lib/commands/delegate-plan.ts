// What `ifplugin delegate` writes, as absolute path -> content: the delegate module and its test rendered by
// planDelegate (templates/delegate, the one way to make a delegate), placed into the plugin found on disk, and
// `__init__.py` when --export changes it. Pure apart from reading the files it would replace.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { existingPluginContext } from '../render/context.js';
import { isYes, methodList, type Answers } from '../inputs/inputs.js';
import { planDelegate, type Rendering } from '../render/plugin.js';
import type { PluginLocation } from './plugin-location.js';
import { exportEdit, exportLine, type ExportEdit } from '../python/source.js';

export interface DelegatePlan {
  /** Files to write: the module, its test when there is a place for it, and `__init__.py` when it changes. */
  files: Map<string, string>;
  /** Files that exist with other content, which need --force or a confirmation; `__init__.py` is never one. */
  changed: string[];
  /** The delegate module, `<className>.py` beside `__init__.py`. */
  moduleFile: string;
  initFile: string;
  /** The `__init__.py` edit, with --export. */
  exported?: ExportEdit;
  /** The line to put in `__init__.py` by hand when the edit is refused. */
  exportLine: string;
}

export function planDelegateRun(loc: PluginLocation, answers: Answers, rendering: Rendering = {}): DelegatePlan {
  const { className } = answers;
  const rendered = planDelegate(existingPluginContext(loc.name, loc.type, loc.description), className, methodList(answers.methods), rendering);
  const files = new Map<string, string>();
  const source = `src/${loc.name}/`;
  for (const [path, text] of rendered) {
    if (path.startsWith(source)) files.set(join(loc.pluginDir, path.slice(source.length)), text);
    else if (path.startsWith('tests/')) {
      if (loc.testsDir) files.set(join(loc.testsDir, path.slice('tests/'.length)), text);
    } else if (loc.projectRoot) {
      // A file a user added to their delegate templates lands in the project, like the app's extra files.
      files.set(join(loc.projectRoot, path), text);
    } else {
      rendering.report?.warnings.push(`${path} (from the delegate templates) is not written: outside a project there is no place for it`);
    }
  }
  // Only files count: a folder in the way is refused, with its name, when the plan is written (lib/cli/write.ts).
  const changed = [...files].filter(([path, text]) => isFile(path) && readFileSync(path, 'utf8') !== text).map(([path]) => path);
  const initFile = join(loc.pluginDir, '__init__.py');
  const moduleFile = join(loc.pluginDir, `${className}.py`);
  if (!files.has(moduleFile)) throw new Error(`templates/delegate renders no src/<name>/${className}.py`);
  const plan: DelegatePlan = { files, changed, moduleFile, initFile, exportLine: exportLine(className) };
  if (isYes(answers.export)) {
    plan.exported = exportEditOf(initFile, className);
    if ('text' in plan.exported) files.set(initFile, plan.exported.text);
  }
  return plan;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function exportEditOf(file: string, className: string): ExportEdit {
  if (!existsSync(file)) return exportEdit(undefined, className);
  if (!isFile(file)) return { action: 'refuse', reason: 'it is not a regular file' };
  let text: string;
  try {
    // Strict, and keeping a byte order mark: the file must come back byte for byte except for the edited line.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(file));
  } catch {
    return { action: 'refuse', reason: 'it is not UTF-8 text' };
  }
  return exportEdit(text, className);
}
