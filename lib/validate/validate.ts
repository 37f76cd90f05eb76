// `ifplugin validate`: finds the plugins under the given paths and checks them against ImageFactory's loader
// contract: each `.info` file (lib/validate/info-file.ts), each plugin folder's layout, and its Python code
// (python/inspect_plugin.py, through lib/validate/python-rules.ts). No Yeoman here: the bin calls this directly.
import { UsageError } from '../errors.js';
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { FileProblem, MiB, readBytes } from '../files.js';
import { checkInfoFile, INFO_EXTENSION, type Finding } from './info-file.js';
import type { PluginType } from '../imagefactory/interfaces.js';
import { inspectFolders, PYTHON_TIMEOUT_MS, startPython, type InspectRequest, type Python } from './python-rules.js';
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
  /** How long a Python process may take to start or to analyse one folder. */
  pythonTimeoutMs?: number;
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
/** Folders each Python process gets at least, before a second one is started. */
const FOLDERS_PER_WORKER = 16;
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
  const timeoutMs = options.pythonTimeoutMs ?? PYTHON_TIMEOUT_MS;
  // Python starts while Node checks the .info files; nothing is printed before both are done.
  const starting = needed ? choosePython(options.python, notices, timeoutMs) : Promise.resolve(null);
  starting.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  const seen = new Set<string>();
  const fresh = (p: string): boolean => {
    const real = realpathSync(p);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  const infoFiles: string[] = [];
  const plugins: PluginResult[] = [];
  for (const item of found) {
    if (item.kind === 'info') {
      if (!fresh(item.file)) continue;
      infoFiles.push(item.file);
      append(findings, checkInfoFile(item.file, item.folder).findings);
    } else {
      if (!fresh(item.dir)) continue;
      const plugin = checkPluginFolder(item.dir, findings);
      plugins.push(plugin);
      for (const f of plugin.infoFiles) fresh(f);
    }
  }
  const started = await starting;
  const python = started?.python ?? null;
  if (started) {
    const requests = plugins.map((p): InspectRequest => ({ dir: p.dir, type: p.type, targets: p.targets ? distinctTargets(p.targets) : null }));
    // A second process pays off only when there are enough folders to share.
    const workers = Math.min(availableParallelism(), Math.ceil(requests.length / FOLDERS_PER_WORKER));
    const reports = await inspectFolders(started.python, started.first, requests, { workers, timeoutMs });
    reports.forEach((report, i) => {
      append(findings, report.findings);
      plugins[i].delegates = report.delegates;
    });
  } else {
    // python/inspect_plugin.py reports init-missing itself; without Python the folder check still must.
    for (const p of plugins) if (!existsSync(join(p.dir, '__init__.py'))) findings.push(initMissing(p.dir));
  }

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

async function choosePython(option: string | false | undefined, notices: string[], timeoutMs: number) {
  if (option === false) {
    notices.push(`the Python rules (${PYTHON_RULE_IDS.join(', ')}) were skipped (--no-python)`);
    return null;
  }
  const started = await startPython(option ?? 'python3', timeoutMs);
  if ('problem' in started) {
    if (option !== undefined) throw new UsageError(`--python ${option}: ${started.problem}`);
    notices.push(`${started.problem}: the Python rules (${PYTHON_RULE_IDS.join(', ')}) were skipped; install python3 or pass --python PY`);
    return null;
  }
  return started;
}

/** Appends in a loop: a file may have more findings than a call takes arguments (push(...) would throw). */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return []; // unreadable: nothing to find in it
  }
}

/** Anything but a folder: a FIFO or a device named X.info is checked too, and reported as unreadable. */
function notFolder(dir: string, e: Dirent): boolean {
  if (!e.isSymbolicLink()) return !e.isDirectory();
  try {
    return !statSync(join(dir, e.name)).isDirectory(); // plugins.d holds symlinks to .info files
  } catch {
    return false; // a dangling link: nothing to read
  }
}

function infoFilesIn(dir: string): string[] {
  return entries(dir).filter((e) => e.name.endsWith(INFO_EXTENSION) && notFolder(dir, e)).map((e) => join(dir, e.name));
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
    // Bytes as Latin-1: any encoding of the file spells the ASCII name the same way.
    return /\bdelegate_class\b/.test(readBytes(init, 4 * MiB)?.toString('latin1') ?? '');
  } catch (e) {
    if (e instanceof FileProblem) return false; // a FIFO or /dev/zero is not read; the Python rules report it
    throw e;
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
function checkPluginFolder(dir: string, findings: Finding[]): PluginResult {
  const name = basename(dir);
  const infoFiles = infoFilesIn(dir);
  const types = new Set<PluginType>();
  const targets: unknown[][] = [];
  for (const file of infoFiles) {
    const { findings: found, value } = checkInfoFile(file, name);
    append(findings, found);
    const info = value as { type?: unknown; targets?: unknown } | undefined;
    if (typeof info?.type === 'string' && ['os', 'cloud'].includes(info.type.toLowerCase())) types.add(info.type.toLowerCase() as PluginType);
    if (Array.isArray(info?.targets)) targets.push(info.targets);
  }
  if (!infoFiles.length) {
    findings.push({
      file: join(dir, '__init__.py'), rule: 'plugin-no-info', severity: 'warning',
      message: `${name} exports delegate_class but has no ${name}.info: ImageFactory only loads plugins whose .info is in plugins.d, ` +
        `so nothing can enable this one; add ${name}.info with "type" and "targets" next to __init__.py`,
    });
  }
  return { dir, type: types.size === 1 ? [...types][0] : null, infoFiles, targets: targets.length === 1 ? targets[0] : null };
}

function initMissing(dir: string): Finding {
  const name = basename(dir);
  return {
    file: dir, rule: 'init-missing', severity: 'error',
    message: `${name} has ${name}.info but no __init__.py: the loader registers its targets, but imagefactory_plugins.${name} ` +
      `has no delegate_class, so every build for them fails with AttributeError; create __init__.py with ` +
      `\`from .<Module> import <Class> as delegate_class\``,
  };
}

/** The targets the Python rules can use (lists of strings and nulls), each once: a .info may repeat thousands. */
function distinctTargets(targets: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const t of targets) {
    if (Array.isArray(t) && t.every((p) => p === null || typeof p === 'string')) seen.set(JSON.stringify(t), t);
  }
  return [...seen.values()];
}
