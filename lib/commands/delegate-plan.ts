// What `ifplugin delegate` writes, as a plan relative to the plugin's root: the delegate module and its test
// rendered from templates/delegate (the one way to make a delegate) with the plugin's real answers, placed into
// the plugin found on disk, and `__init__.py` when --export changes it.
import { join } from 'node:path';
import { FileProblem, MiB, readText } from '../files.js';
import type { AppAnswers, DelegateAnswers } from '../inputs/inputs.js';
import { exportEdit, exportLine, type ExportEdit } from '../python/source.js';
import { pluginContext } from '../render/context.js';
import { planDelegate, type Rendering } from '../render/plugin.js';
import { contentHash } from '../write/hash.js';
import type { Plan, PlannedFile } from '../write/plan.js';
import type { PluginLocation } from './plugin-location.js';
import { YO_RC, yoRcText } from './project.js';

export interface DelegatePlan extends Plan {
  /** The delegate module, `<className>.py` beside `__init__.py`, relative to root. */
  modulePath: string;
  initPath: string;
  testPath?: string;
  /** The `__init__.py` edit, with --export. */
  exported?: ExportEdit;
  /** Without --export: __init__.py already makes this class delegate_class. */
  alreadyExported?: boolean;
  /** The line to put in `__init__.py` by hand when the edit is refused. */
  exportLine: string;
}

const INIT_LIMIT = MiB;

export function planDelegateRun(loc: PluginLocation, plugin: AppAnswers, answers: DelegateAnswers, rendering: Rendering = {}): DelegatePlan {
  const { className } = answers;
  const context = pluginContext(plugin, loc.record?.changelog);
  const rendered = planDelegate(context, className, answers.methods, rendering);
  // What the last run wrote for this class, when a project's record knows: the base of a three-way merge. The
  // app command made its own class with every method, unless ifplugin delegate remade it.
  const recorded = loc.record?.delegates?.[className]?.methods ?? (loc.record && className === plugin.className ? undefined : null);
  const before = recorded === null ? undefined : planDelegate(context, className, recorded, { sources: rendering.sources });
  const at = (path: string) => (loc.pluginPath ? `${loc.pluginPath}/${path}` : path);
  const files: PlannedFile[] = [];
  const source = `src/${loc.name}/`;
  const warnings: string[] = [];
  let testPath: string | undefined;
  for (const [path, content] of rendered) {
    let placed: string | undefined;
    if (path.startsWith(source)) placed = at(path.slice(source.length));
    else if (path.startsWith('tests/')) {
      if (loc.testsPath) placed = testPath = `${loc.testsPath}/${path.slice('tests/'.length)}`;
    } else if (loc.kind === 'project') {
      // A file a user added to their delegate templates lands in the project, like the app's extra files.
      placed = path;
    } else {
      warnings.push(`${path} (from the delegate templates) is not written: outside a project there is no place for it`);
    }
    if (placed !== undefined) files.push({ path: placed, content, role: 'generated', base: before?.get(path) });
  }
  const modulePath = at(`${className}.py`);
  const initPath = at('__init__.py');
  if (!files.some((f) => f.path === modulePath)) throw new Error(`templates/delegate renders no src/<name>/${className}.py`);
  const plan: DelegatePlan = { root: loc.root, files, warnings, modulePath, initPath, testPath, exportLine: exportLine(className) };
  if (answers.export) {
    plan.exported = exportEditOf(join(loc.root, initPath), className);
    if ('text' in plan.exported) files.push({ path: initPath, content: plan.exported.text, role: 'edit' });
  } else if (exportEditOf(join(loc.root, initPath), className).action === 'unchanged') {
    plan.alreadyExported = true; // for the summary: no --export needed
  }
  if (loc.kind === 'project' && loc.record) {
    // The project records the class, so that later runs know it: its methods, the export, what was written.
    const record = loc.record;
    const exported = plan.exported && plan.exported.action !== 'refuse' ? className : record.exported;
    const written = { ...record.written };
    for (const f of files) written[f.path] = contentHash(f.content);
    plan.written = record.written;
    files.push({
      path: YO_RC,
      role: 'state',
      content: yoRcText(loc.root, {
        delegates: { ...record.delegates, [className]: { methods: answers.methods } },
        exported: exported === plugin.className ? undefined : exported,
        written,
      }),
    });
  }
  return plan;
}

function exportEditOf(file: string, className: string): ExportEdit {
  let text: string | undefined;
  try {
    // Strict UTF-8, a byte order mark kept: the file must come back byte for byte except for the edited line.
    text = readText(file, INIT_LIMIT);
  } catch (e) {
    if (e instanceof FileProblem) return { action: 'refuse', reason: `it ${e.reason}` };
    throw e;
  }
  return exportEdit(text, className);
}
