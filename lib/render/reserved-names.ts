// Names a delegate class cannot take because the generated delegate module itself uses them: a class named
// `logging` replaces the module its constructor calls, one named `NotImplementedError` turns every stub's
// `raise NotImplementedError(...)` into a call of the class. The list is read from the built-in delegate template,
// rendered for both plugin types, so it follows the template (test/reserved-names.test.ts checks it against
// Python's own symtable).
import { join } from 'node:path';
import { INTERFACES } from '../imagefactory/interfaces.js';
import type { PluginType } from '../imagefactory/types.js';
import { TEMPLATES_DIR } from '../paths.js';
import { PYTHON_KEYWORDS } from '../python/names.js';
import { scanPython } from '../python/source.js';
import { delegateContext, delegateTemplateContext, pluginContext } from './context.js';
import { renderTemplate } from './render.js';

/** Why a name is taken: the module imports it, or it is one of Python's built-ins the module calls. */
export type ReservedReason = 'imported' | 'builtin';

// A class name no template uses, so that it cannot hide a name the module uses.
const PROBE = 'IfpluginReservedNameProbe';
const IDENTIFIER = /[A-Za-z_]\w*/g;

let modules: string[] | undefined;
let reserved: Map<string, ReservedReason> | undefined;

/** The built-in delegate module, rendered for each plugin type with every method and a class no template names. */
function probeModules(): string[] {
  if (!modules) {
    const template = join(TEMPLATES_DIR, 'delegate', 'src', '__name__', '__module__.py.ejs');
    // With every method (the test also renders the other shapes and checks they use no other name).
    modules = (Object.keys(INTERFACES) as PluginType[]).map((type) => {
      const plugin = pluginContext({
        name: PROBE, type, targets: [], description: '', maintainerName: '', maintainerEmail: '', maintainerUrl: '',
        pluginVersion: '1.0', license: '', className: PROBE, rpm: false, changelogDate: '2000-01-01',
      });
      return renderTemplate(template, delegateTemplateContext(delegateContext(plugin, PROBE)));
    });
  }
  return modules;
}

/** Every name the generated delegate module binds or reads globally, besides its own class. */
export function reservedNames(): ReadonlyMap<string, ReservedReason> {
  if (!reserved) {
    reserved = new Map();
    for (const module of probeModules()) {
      for (const [name, reason] of namesOf(module)) {
        if (!reserved.has(name)) reserved.set(name, reason);
      }
    }
  }
  return reserved;
}

/**
 * The module-level names of Python source that a class statement could shadow: names its imports bind, and
 * names it reads that nothing in it binds (built-ins such as object). Reads logical lines (strings emptied,
 * comments dropped); the generated module is plain enough for that.
 */
export function namesOf(source: string): Map<string, ReservedReason> {
  const imported = new Set<string>();
  const local = new Set<string>([PROBE]);
  const read = new Set<string>();
  for (const line of scanPython(source).lines) {
    const code = line.code;
    const fromImport = /^from\s+\S+\s+import\s+\(?(.*?)\)?$/.exec(code);
    const plainImport = /^import\s+(.*)$/.exec(code);
    if (fromImport || plainImport) {
      for (const alias of (fromImport ?? plainImport)![1].split(',')) {
        const [name, as] = alias.trim().split(/\s+as\s+/);
        imported.add(as ?? (fromImport ? name : name.split('.')[0]));
      }
      continue;
    }
    const def = /^(?:async\s+)?def\s+(\w+)\s*\((.*)\)/.exec(code);
    if (def) {
      local.add(def[1]);
      for (const param of def[2].split(',')) local.add(param.trim().replace(/^\*+/, '').split(/[:=\s]/)[0]);
      continue;
    }
    const cls = /^class\s+(\w+)/.exec(code);
    if (cls) local.add(cls[1]);
    for (const m of code.matchAll(IDENTIFIER)) {
      const before = code[m.index - 1];
      const after = code.slice(m.index + m[0].length);
      // Attributes (x.name), keyword arguments (f(name=...)) and string prefixes are not names.
      if (before === '.' || /^\s*=(?!=)/.test(after) || /^['"]/.test(after) || /^\d/.test(m[0])) continue;
      // Dunder names cannot be class names (lib/python/names.ts refuses them).
      if (!PYTHON_KEYWORDS.has(m[0]) && !/^__.*__$/.test(m[0])) read.add(m[0]);
    }
  }
  const names = new Map<string, ReservedReason>();
  for (const name of imported) names.set(name, 'imported');
  for (const name of read) if (!imported.has(name) && !local.has(name)) names.set(name, 'builtin');
  return names;
}

/** Why `name` cannot be the delegate class (or the plugin, whose name is the default class name), or undefined. */
export function reservedNameProblem(name: string, what: 'class' | 'plugin' = 'class'): string | undefined {
  // A name the module uses is in its text: most names are not, and need no reading of the module (~2 ms).
  if (!probeModules().some((module) => module.includes(name))) return undefined;
  const reason = reservedNames().get(name);
  if (!reason) return undefined;
  const uses = reason === 'imported' ? `imports ${name}` : `uses Python's built-in ${name}`;
  const shadow = what === 'plugin' ? `the default class name, ${name}, would replace it` : `a class named ${name} would replace it`;
  return `the generated delegate module ${uses}, and ${shadow}, breaking the delegate`;
}
