// `ifplugin validate`: finds the plugins under the given paths and checks them against ImageFactory's loader
// contract: each `.info` file (lib/validate/info-file.ts), each plugin folder's layout, and its Python code
// (python/inspect_plugin.py, through lib/validate/python-rules.ts). No Yeoman here: the bin calls this directly.
import { UsageError } from '../errors.js';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { checkInfoFile, INFO_EXTENSION, type Finding } from './info-file.js';
import type { PluginType } from '../imagefactory/interfaces.js';
import { findPython, inspectFolder, type Python } from './python-rules.js';
import { PYTHON_RULE_IDS } from '../imagefactory/rules.js';

export type { Finding } from './info-file.js';

export interface ValidateOptions {
  /** Folder that relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
  /**
   * The interpreter for the Python rules. undefined: `python3` from PATH, skipped with a notice if there is
   * none; a string: that interpreter, a UsageError if it does not work; false: skip the Python rules.
   */
  python?: string | false;
}

export interface PluginResult {
  dir: string;
  type: PluginType | null;
  infoFiles: string[];
  /** From python/inspect_plugin.py; absent when the Python rules did not run. */
  delegates?: unknown[];
  /** The targets of its one readable .info, for the Python rules; null if unknown. */
  targets?: unknown[] | null;
}

export interface ValidateResult {
  findings: Finding[];
  /** One-line remarks that are not findings, e.g. that the Python rules were skipped. */
  notices: string[];
  python: Python | null;
  plugins: PluginResult[];
  /** `.info` files checked on their own (not in a plugin folder). */
  infoFiles: string[];
  errors: number;
  warnings: number;
}

/** Folders the recursive search never enters (besides any folder whose name starts with a dot). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '__pycache__']);
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', '.yo-rc.json'];

type Found = { kind: 'info'; file: string; folder?: string } | { kind: 'plugin'; dir: string };

export async function validatePaths(paths: string[], options: ValidateOptions = {}): Promise<ValidateResult> {
  if (paths.length === 0) throw new UsageError('no path given: ifplugin validate PATH... (a .info file, a plugin folder or a folder to search)');
  const cwd = options.cwd ?? process.cwd();
  const findings: Finding[] = [];
  const found: Found[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      const before = found.length;
      search(path, found);
      if (found.length === before) {
        findings.push({
          file: path, rule: 'path-no-plugin', severity: 'error',
          message: 'no .info file and no plugin folder (__init__.py exporting delegate_class, or <Name>.info) found here, so nothing was checked',
        });
      }
    } else if (path.endsWith(INFO_EXTENSION)) {
      found.push({ kind: 'info', file: path, folder: isPluginFolder(dirname(path)) ? basename(dirname(path)) : undefined });
    } else {
      throw new UsageError(`${given}: not a .info file or a folder`);
    }
  }

  const notices: string[] = [];
  // Only plugin folders have Python to analyse: no interpreter is looked for (or missed) without one.
  const needed = found.some((f) => f.kind === 'plugin') || typeof options.python === 'string';
  const python = needed ? choosePython(options.python, notices) : null;
  const seen = new Set<string>();
  const fresh = (p: string): boolean => {
    const real = realpathSync(p);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  const infoFiles: string[] = [];
  const plugins: PluginResult[] = [];
  const inspections: (() => Promise<void>)[] = [];
  for (const item of found) {
    if (item.kind === 'info') {
      if (!fresh(item.file)) continue;
      infoFiles.push(item.file);
      findings.push(...checkInfoFile(item.file, item.folder).findings);
    } else {
      if (!fresh(item.dir)) continue;
      const plugin = checkPluginFolder(item.dir, findings, python === null);
      plugins.push(plugin);
      for (const f of plugin.infoFiles) fresh(f);
      if (python) {
        inspections.push(async () => {
          const report = await inspectFolder(python, item.dir, plugin.type, plugin.targets ?? null);
          findings.push(...report.findings);
          plugin.delegates = report.delegates;
        });
      }
    }
  }
  await runLimited(inspections, Math.max(2, availableParallelism()));

  const order = (f: Finding) => [f.file, f.line ?? 0, f.col ?? 0] as const;
  findings.sort((a, b) => {
    const [fa, la, ca] = order(a);
    const [fb, lb, cb] = order(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
  });
  return {
    findings,
    notices,
    python,
    plugins,
    infoFiles,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

function choosePython(option: string | false | undefined, notices: string[]): Python | null {
  if (option === false) {
    notices.push(`the Python rules (${PYTHON_RULE_IDS.join(', ')}) were skipped (--no-python)`);
    return null;
  }
  const found = findPython(option ?? 'python3');
  if ('problem' in found) {
    if (option !== undefined) throw new UsageError(`--python ${option}: ${found.problem}`);
    notices.push(`${found.problem}: the Python rules (${PYTHON_RULE_IDS.join(', ')}) were skipped; install python3 or pass --python PY`);
    return null;
  }
  return found;
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return []; // unreadable: nothing to find in it
  }
}

function isFile(dir: string, e: Dirent): boolean {
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, e.name)).isFile(); // plugins.d holds symlinks to .info files
  } catch {
    return false;
  }
}

function infoFilesIn(dir: string): string[] {
  return entries(dir).filter((e) => e.name.endsWith(INFO_EXTENSION) && isFile(dir, e)).map((e) => join(dir, e.name));
}

/**
 * A plugin folder holds `__init__.py` and a `.info`, or `<folder>.info` alone (an __init__.py is missing), or an
 * `__init__.py` that binds delegate_class (the .info is missing). Anything else with `.info` files in it, such
 * as plugins.d, holds `.info` files on their own.
 */
export function isPluginFolder(dir: string): boolean {
  const init = join(dir, '__init__.py');
  const infos = infoFilesIn(dir);
  if (existsSync(init)) return infos.length > 0 || exportsDelegate(init);
  return infos.some((f) => basename(f) === `${basename(dir)}${INFO_EXTENSION}`);
}

function exportsDelegate(init: string): boolean {
  try {
    return /\bdelegate_class\b/.test(readFileSync(init, 'utf8'));
  } catch {
    return false;
  }
}

function search(dir: string, found: Found[]): void {
  if (isPluginFolder(dir)) {
    found.push({ kind: 'plugin', dir });
    return; // its subpackages belong to it
  }
  for (const file of infoFilesIn(dir)) found.push({ kind: 'info', file });
  const subdirs = entries(dir).filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name));
  // In a project (generated or not), the plugin lives under src/; build/ and dist/ hold copies of it.
  const project = subdirs.some((e) => e.name === 'src') && PROJECT_MARKERS.some((m) => existsSync(join(dir, m)));
  for (const e of project ? subdirs.filter((s) => s.name === 'src') : subdirs) search(join(dir, e.name), found);
}

/** The `.info` checks and the layout cross-checks of one plugin folder. */
function checkPluginFolder(dir: string, findings: Finding[], withoutPython: boolean): PluginResult {
  const name = basename(dir);
  const infoFiles = infoFilesIn(dir);
  const types = new Set<PluginType>();
  const targets: unknown[][] = [];
  for (const file of infoFiles) {
    const { findings: found, value } = checkInfoFile(file, name);
    findings.push(...found);
    const info = value as { type?: unknown; targets?: unknown } | undefined;
    if (typeof info?.type === 'string' && ['os', 'cloud'].includes(info.type.toLowerCase())) types.add(info.type.toLowerCase() as PluginType);
    if (Array.isArray(info?.targets)) targets.push(info.targets);
  }
  const hasInit = existsSync(join(dir, '__init__.py'));
  if (!infoFiles.length) {
    findings.push({
      file: join(dir, '__init__.py'), rule: 'plugin-no-info', severity: 'warning',
      message: `${name} exports delegate_class but has no ${name}.info: ImageFactory only loads plugins whose .info is in plugins.d, ` +
        `so nothing can enable this one; add ${name}.info with "type" and "targets" next to __init__.py`,
    });
  }
  // python/inspect_plugin.py reports init-missing itself; without Python the folder check still must.
  if (!hasInit && withoutPython) {
    findings.push({
      file: dir, rule: 'init-missing', severity: 'error',
      message: `${name} has ${name}.info but no __init__.py: the loader registers its targets, but imagefactory_plugins.${name} ` +
        `has no delegate_class, so every build for them fails with AttributeError; create __init__.py with ` +
        `\`from .<Module> import <Class> as delegate_class\``,
    });
  }
  return { dir, type: types.size === 1 ? [...types][0] : null, infoFiles, targets: targets.length === 1 ? targets[0] : null };
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
