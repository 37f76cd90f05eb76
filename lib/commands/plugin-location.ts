// Where `ifplugin delegate` works, and what it learns there: the plugin's name, type and answers, the folder its
// files are written under, and where a delegate's test can go.
//   project: a project made by ifplugin (.yo-rc.json with "generator-ifplugin", here or above; src/<Name>/);
//   folder:  a plugin folder ifplugin did not make (__init__.py beside <Name>.info), e.g. a stock plugin;
//   new:     anywhere else, with --type and --name: the current folder, as the plugin folder of <Name>.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { InputError, ValueProblem } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';
import type { InfoTarget, PluginType } from '../imagefactory/types.js';
import { APP_INPUTS, PLUGIN_INPUTS, type AppAnswers, type PluginFacts } from '../inputs/inputs.js';
import { resolveAnswers, valueProblem } from '../inputs/resolve.js';
import { definedNames } from '../python/source.js';
import { displayPath } from '../text.js';
import { loadInfo } from '../validate/info-file.js';
import { defaultContext, readRecord, STORE_KEY, YO_RC, type ProjectRecord } from './project.js';

export interface PluginLocation {
  kind: 'project' | 'folder' | 'new';
  name: string;
  type: PluginType;
  /** The folder the run's files are relative to: the project, or the plugin folder itself. */
  root: string;
  /** The plugin folder (where `__init__.py` is) relative to root: `src/<Name>`, or '' when it is root. */
  pluginPath: string;
  /** Where the delegate's test goes, relative to root; undefined when its support module cannot be imported. */
  testsPath?: string;
  /** Why no test is written, when testsPath is undefined. */
  noTest?: string;
  /** Where the name and type come from, for messages. */
  source: string;
  /** The plugin's `.info` as JSON, when it has a readable one. */
  info?: Record<string, unknown>;
  /** ifplugin's record, in a project. */
  record?: ProjectRecord;
  warnings: string[];
}

export interface Given {
  name?: string;
  type?: string;
}

const NO_TEST = 'no test written: its support module, tests/imagefactory_env.py, only exists in projects made by ifplugin';

/** Finds the plugin for a run in `cwd`; throws an InputError (one line) when there is none or it is ambiguous. */
export function locatePlugin(cwd: string, given: Given): PluginLocation {
  const show = (p: string) => displayPath(cwd, p);
  const infos = infoFiles(cwd);
  if (existsSync(join(cwd, '__init__.py')) && infos.length) {
    // src/<Name>/ of a project is a plugin folder too; the project knows more (where the tests are).
    const root = dirname(dirname(cwd));
    if (basename(dirname(cwd)) === 'src') {
      const record = readRecord(root, cwd);
      if (record?.answers.name === basename(cwd)) return inProject(root, record, given, show);
    }
    return inFolder(cwd, infos, given);
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    const record = readRecord(dir, cwd);
    if (record && Object.keys(record.answers).length) return inProject(dir, record, given, show);
    if (dirname(dir) === dir) break;
  }
  return inNewFolder(cwd, given);
}

function infoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.info') && e.name.length > '.info'.length)
    .map((e) => e.name)
    .sort();
}

/** A `--name` or `--type` given inside a plugin must agree with it. */
function checkGiven(given: Given, name: string, type: PluginType, source: string): void {
  if (given.type !== undefined && given.type !== type) {
    throw new InputError(`--type ${given.type}: ${source} says ${name} is ${type === 'os' ? 'an OS' : 'a cloud'} plugin; leave --type out inside a plugin`);
  }
  if (given.name !== undefined && given.name !== name) {
    throw new InputError(`--name ${given.name}: ${source} says this is the plugin ${name}; leave --name out inside a plugin`);
  }
}

/** A --name or --type value, checked as the app command checks it. */
function checked(key: 'name' | 'type', value: string): string {
  const input = PLUGIN_INPUTS.find((i) => i.key === key)!;
  try {
    return input.parse(value, {}, defaultContext());
  } catch (e) {
    if (e instanceof ValueProblem) throw new InputError(`--${input.option}: ${e.message}`);
    throw e;
  }
}

function inProject(root: string, record: ProjectRecord, given: Given, show: (p: string) => string): PluginLocation {
  const rc = show(join(root, YO_RC));
  const { name, type } = record.answers;
  if (typeof name !== 'string' || name === '') {
    throw new InputError(`${rc} has no plugin name under "${STORE_KEY}": fix it, or run ifplugin there to re-create the project`);
  }
  if (type !== 'os' && type !== 'cloud') {
    throw new InputError(`${rc} has no plugin type (os or cloud) under "${STORE_KEY}": fix it, or run ifplugin there to re-create the project`);
  }
  checkGiven(given, name, type, rc);
  const pluginPath = `src/${name}`;
  if (!existsSync(join(root, pluginPath, '__init__.py'))) {
    throw new InputError(`${rc} is for the plugin ${name}, but ${show(join(root, pluginPath))}/__init__.py is missing: run ifplugin there to re-create it`);
  }
  const info = loadInfo(join(root, pluginPath, `${name}.info`));
  return {
    kind: 'project', name, type, root, pluginPath, testsPath: 'tests', source: rc, record, warnings: [],
    ...('value' in info && isObject(info.value) ? { info: info.value } : {}),
  };
}

function inFolder(dir: string, infos: string[], given: Given): PluginLocation {
  let file: string;
  if (given.name !== undefined) {
    file = `${given.name}.info`;
    if (!infos.includes(file)) throw new InputError(`--name ${given.name}: this plugin folder has no ${file} (it has ${infos.join(', ')})`);
  } else if (infos.length > 1) {
    throw new InputError(`this folder has several .info files (${infos.join(', ')}): pass --name to say which plugin`);
  } else {
    file = infos[0];
  }
  const name = file.slice(0, -'.info'.length);
  const warnings: string[] = [];
  const loaded = loadInfo(join(dir, file));
  const info = 'value' in loaded && isObject(loaded.value) ? loaded.value : undefined;
  const problem = 'problem' in loaded ? loaded.problem : typeProblem(loaded.value);
  let type: PluginType;
  if (problem === undefined) {
    type = String(info!.type).toLowerCase() as PluginType;
    checkGiven({ type: given.type }, name, type, `./${file}`);
  } else if (given.type !== undefined) {
    type = checked('type', given.type) as PluginType;
    warnings.push(`${file} ${problem}: taking the type from --type ${type}`);
  } else {
    throw new InputError(`cannot tell the plugin's type: ${file} ${problem}; fix it, or pass --type os|cloud`);
  }
  if (basename(dir) !== name) {
    warnings.push(`this folder is ${basename(dir)}/ but the plugin is ${name}: ImageFactory imports imagefactory_plugins.${name}, so install it as ${name}/`);
  }
  // A test imports tests/imagefactory_env.py, which only projects made by ifplugin have: src/<Name>/ and tests/.
  const project = dirname(dirname(dir));
  const inLayout = basename(dirname(dir)) === 'src' && existsSync(join(project, 'tests', 'imagefactory_env.py'));
  const place = inLayout
    ? { root: project, pluginPath: relative(project, dir).split(sep).join('/'), testsPath: 'tests' }
    : { root: dir, pluginPath: '', noTest: NO_TEST };
  return { kind: 'folder', name, type, ...place, source: `./${file}`, warnings, ...(info ? { info } : {}) };
}

function inNewFolder(dir: string, given: Given): PluginLocation {
  if (given.type === undefined) {
    throw new InputError(
      `no plugin here: found no ${YO_RC} of ${STORE_KEY} in ${dir} or above, and no __init__.py with a <Name>.info in ${dir}; ` +
        'run this in a plugin project or a plugin folder, or pass --type os|cloud and --name <Name> to make this folder a plugin folder',
    );
  }
  const type = checked('type', given.type) as PluginType;
  if (given.name === undefined) {
    throw new InputError(`--name is required with --type outside a plugin: it names the plugin whose folder ${dir} becomes`);
  }
  const name = checked('name', given.name);
  const warnings = basename(dir) === name
    ? []
    : [`this folder is ${basename(dir)}/ but the plugin is ${name}: ImageFactory imports imagefactory_plugins.${name}, so install it as ${name}/`];
  return { kind: 'new', name, type, root: dir, pluginPath: '', source: '--name and --type', warnings, noTest: NO_TEST };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why a `.info` value gives no plugin type (the loader compares it upper-cased), or undefined. */
function typeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'does not hold a JSON object';
  const { type } = value;
  if (typeof type !== 'string') return type === undefined ? 'has no "type"' : `has "type": ${JSON.stringify(type)}, not "os" or "cloud"`;
  const lower = type.toLowerCase();
  return lower === 'os' || lower === 'cloud' ? undefined : `has "type": ${JSON.stringify(type)}, not "os" or "cloud"`;
}

/**
 * The plugin's answers, for the templates a delegate is rendered with: a project's recorded answers; otherwise
 * what the plugin's `.info` says where the app command would accept it, and the defaults for the rest.
 */
export async function pluginAnswers(loc: PluginLocation): Promise<AppAnswers> {
  const ctx = defaultContext(loc.name);
  if (loc.record) {
    const preset = { name: loc.name, type: loc.type };
    return (await resolveAnswers<AppAnswers>(APP_INPUTS, { given: {}, stored: loc.record.answers, yes: true, preset, ctx })).answers;
  }
  // A plugin ifplugin did not make keeps its own name (a stock one's, or one that is no identifier), and the
  // targets its .info lists, whatever their form: none of them is checked as an answer.
  const info = loc.info ?? {};
  const targets = Array.isArray(info.targets)
    ? info.targets.filter((t): t is InfoTarget => Array.isArray(t) && t.every((p) => p === null || typeof p === 'string'))
    : [];
  const preset: Partial<AppAnswers> = { name: loc.name, type: loc.type, className: loc.name, targets };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const maintainer = isObject(info.maintainer) ? info.maintainer : {};
  const candidates: Record<string, string | undefined> = {
    description: text(info.description),
    maintainerName: text(maintainer.name),
    maintainerEmail: text(maintainer.email),
    maintainerUrl: text(maintainer.url),
    pluginVersion: text(info.version),
    license: text(info.license),
  };
  const stored = Object.fromEntries(APP_INPUTS.filter((i) => {
    const value = candidates[i.key];
    return value !== undefined && valueProblem(i, value, preset, ctx) === undefined;
  }).map((i) => [i.key, candidates[i.key]]));
  return (await resolveAnswers<AppAnswers>(APP_INPUTS, { given: {}, stored, yes: true, preset, ctx })).answers;
}

/** Python files of the plugin folder and its subpackages (folders with an __init__.py), relative to it. */
function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && existsSync(join(full, '__init__.py'))) walk(full);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const PY_LIMIT = 4 * MiB;

/** What the delegate inputs check a class name against. `force`: --force, which allows a name defined elsewhere. */
export function pluginFacts(loc: PluginLocation, force: boolean): PluginFacts {
  const dir = join(loc.root, loc.pluginPath);
  const defined = new Map<string, string[]>();
  for (const file of pythonFiles(dir)) {
    let text: string | undefined;
    try {
      text = readText(join(dir, file), PY_LIMIT);
    } catch (e) {
      if (e instanceof FileProblem) continue;
      throw e;
    }
    for (const [name, lines] of definedNames(text ?? '')) {
      defined.set(name, [...(defined.get(name) ?? []), ...lines.map((line) => `${file}:${line}`)]);
    }
  }
  const entries = readdirSync(dir, { withFileTypes: true });
  const isDir = (name: string) => {
    try {
      return statSync(join(dir, name)).isDirectory();
    } catch {
      return false;
    }
  };
  return {
    name: loc.name,
    type: loc.type,
    defined,
    files: new Set(entries.filter((e) => !isDir(e.name)).map((e) => e.name)),
    folders: new Set(entries.filter((e) => isDir(e.name)).map((e) => e.name)),
    force,
  };
}
