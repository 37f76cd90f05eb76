// Where `ifplugin delegate` works, and what it learns there: the plugin's name and type, its folder, and where a
// delegate's test can go.
//   project: a project made by ifplugin (.yo-rc.json with "generator-ifplugin", here or above; src/<Name>/);
//   folder:  a plugin folder ifplugin did not make (__init__.py beside <Name>.info), e.g. a stock plugin;
//   new:     anywhere else, with --type and --name: the current folder, as the plugin folder of <Name>.
import { InputError } from '../errors.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { optionProblem } from '../inputs/resolve.js';
import { displayPath, STORE_KEY, storedAnswers } from './project.js';
import { APP_INPUTS, type PluginFacts } from '../inputs/inputs.js';
import type { PluginType } from '../imagefactory/interfaces.js';
import { identifierProblem } from '../python/names.js';
import { definedNames } from '../python/source.js';

export interface PluginLocation {
  kind: 'project' | 'folder' | 'new';
  name: string;
  type: PluginType;
  /** The folder of `__init__.py`: the delegate module goes here. */
  pluginDir: string;
  /** Where the delegate's test goes; undefined when there is no place its support module can be imported from. */
  testsDir?: string;
  /** Why no test is written, when testsDir is undefined. */
  noTest?: string;
  /** Where the name and type come from, for messages. */
  source: string;
  /** The plugin's description from its .info, for the module docstring. */
  description?: string;
  /** The project folder (with .yo-rc.json) when the plugin is part of one. */
  projectRoot?: string;
  warnings: string[];
}

export interface Given {
  name?: string;
  type?: string;
}

const input = (key: string) => APP_INPUTS.find((i) => i.key === key)!;

/** Finds the plugin for a run in `cwd`; throws an InputError (one line) when there is none or it is ambiguous. */
export function locatePlugin(cwd: string, given: Given): PluginLocation {
  const show = (p: string) => displayPath(cwd, p);
  const infos = infoFiles(cwd);
  if (existsSync(join(cwd, '__init__.py')) && infos.length) {
    // src/<Name>/ of a project is a plugin folder too; the project knows more (where the tests are).
    const root = dirname(dirname(cwd));
    if (basename(dirname(cwd)) === 'src' && isProject(root) && storedAnswers(root).name === basename(cwd)) {
      return inProject(root, given, show);
    }
    return inFolder(cwd, infos, given);
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (isProject(dir)) return inProject(dir, given, show);
    if (dirname(dir) === dir) break;
  }
  return inNewFolder(cwd, given);
}

function isProject(dir: string): boolean {
  return existsSync(join(dir, '.yo-rc.json')) && Object.keys(storedAnswers(dir)).length > 0;
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

function inProject(root: string, given: Given, show: (p: string) => string): PluginLocation {
  const rc = show(join(root, '.yo-rc.json'));
  const { name, type } = storedAnswers(root);
  if (typeof name !== 'string' || identifierProblem(name)) {
    throw new InputError(`${rc} has no valid plugin name under "${STORE_KEY}": fix it, or run ifplugin there to re-create the project`);
  }
  if (type !== 'os' && type !== 'cloud') {
    throw new InputError(`${rc} has no plugin type (os or cloud) under "${STORE_KEY}": fix it, or run ifplugin there to re-create the project`);
  }
  checkGiven(given, name, type, rc);
  const pluginDir = join(root, 'src', name);
  if (!existsSync(join(pluginDir, '__init__.py'))) {
    throw new InputError(`${rc} is for the plugin ${name}, but ${show(pluginDir)}/__init__.py is missing: run ifplugin there to re-create it`);
  }
  const info = readInfo(join(pluginDir, `${name}.info`));
  return { kind: 'project', name, type, pluginDir, testsDir: join(root, 'tests'), source: rc, description: info.description, projectRoot: root, warnings: [] };
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
  const info = readInfo(join(dir, file));
  let type: PluginType;
  if (info.type) {
    type = info.type;
    checkGiven({ type: given.type }, name, type, `./${file}`);
  } else if (given.type !== undefined) {
    const problem = optionProblem(input('type'), given.type, {});
    if (problem) throw new InputError(problem);
    type = given.type as PluginType;
    warnings.push(`${file} ${info.problem}: taking the type from --type ${type}`);
  } else {
    throw new InputError(`cannot tell the plugin's type: ${file} ${info.problem}; fix it, or pass --type os|cloud`);
  }
  if (basename(dir) !== name) {
    warnings.push(`this folder is ${basename(dir)}/ but the plugin is ${name}: ImageFactory imports imagefactory_plugins.${name}, so install it as ${name}/`);
  }
  // A test imports tests/imagefactory_env.py, which only projects made by ifplugin have: src/<Name>/ and tests/.
  const root = dirname(dirname(dir));
  const envFile = join(root, 'tests', 'imagefactory_env.py');
  const inLayout = basename(dirname(dir)) === 'src' && existsSync(envFile);
  return {
    kind: 'folder', name, type, pluginDir: dir, source: `./${file}`, description: info.description, warnings,
    ...(inLayout
      ? { testsDir: join(root, 'tests') }
      : { noTest: 'no test written: its support module, tests/imagefactory_env.py, only exists in projects made by ifplugin' }),
  };
}

function inNewFolder(dir: string, given: Given): PluginLocation {
  if (given.type === undefined) {
    throw new InputError(
      `no plugin here: found no .yo-rc.json of ${STORE_KEY} in ${dir} or above, and no __init__.py with a <Name>.info in ${dir}; ` +
        'run this in a plugin project or a plugin folder, or pass --type os|cloud and --name <Name> to make this folder a plugin folder',
    );
  }
  const typeProblem = optionProblem(input('type'), given.type, {});
  if (typeProblem) throw new InputError(typeProblem);
  if (given.name === undefined) {
    throw new InputError(`--name is required with --type outside a plugin: it names the plugin whose folder ${dir} becomes`);
  }
  const nameProblem = optionProblem(input('name'), given.name, {});
  if (nameProblem) throw new InputError(nameProblem);
  const warnings = basename(dir) === given.name
    ? []
    : [`this folder is ${basename(dir)}/ but the plugin is ${given.name}: ImageFactory imports imagefactory_plugins.${given.name}, so install it as ${given.name}/`];
  return {
    kind: 'new', name: given.name, type: given.type as PluginType, pluginDir: dir, source: '--name and --type', warnings,
    noTest: 'no test written: its support module, tests/imagefactory_env.py, only exists in projects made by ifplugin',
  };
}

interface InfoRead {
  type?: PluginType;
  description?: string;
  /** Why there is no type, e.g. 'is not valid JSON'. */
  problem?: string;
}

/** The type and description of a `.info`, read as the loader reads them (it compares the type upper-cased). */
function readInfo(file: string): InfoRead {
  if (!existsSync(file)) return { problem: 'does not exist' };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { problem: `is not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'does not hold a JSON object' };
  const { type, description } = value as Record<string, unknown>;
  const described = typeof description === 'string' ? { description } : {};
  if (typeof type !== 'string') return { ...described, problem: type === undefined ? 'has no "type"' : `has "type": ${JSON.stringify(type)}, not "os" or "cloud"` };
  const lower = type.toLowerCase();
  if (lower !== 'os' && lower !== 'cloud') return { ...described, problem: `has "type": ${JSON.stringify(type)}, not "os" or "cloud"` };
  return { ...described, type: lower };
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

/** What the delegate inputs check a class name against. `force`: --force, which allows a name defined elsewhere. */
export function pluginFacts(loc: PluginLocation, force: boolean): PluginFacts {
  const defined = new Map<string, string[]>();
  for (const file of pythonFiles(loc.pluginDir)) {
    let text: string;
    try {
      text = readFileSync(join(loc.pluginDir, file), 'utf8');
    } catch {
      continue;
    }
    for (const [name, lines] of definedNames(text)) {
      defined.set(name, [...(defined.get(name) ?? []), ...lines.map((line) => `${file}:${line}`)]);
    }
  }
  const entries = readdirSync(loc.pluginDir, { withFileTypes: true });
  return {
    name: loc.name,
    type: loc.type,
    defined,
    files: new Set(entries.filter((e) => !e.isDirectory()).map((e) => e.name)),
    folders: new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name)),
    force,
  };
}
