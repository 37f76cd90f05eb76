// The values templates receive: the answers, what is derived from them, and the escaping helpers.
import * as escape from './escape.js';
import { formatInfo, type PluginInfo } from '../imagefactory/info.js';
import { INTERFACES, type DelegateInterface, type DelegateMethod, type PluginType } from '../imagefactory/interfaces.js';
import { isYes, type Answers } from '../inputs/inputs.js';
import { defLine, pyLiteral, wrapText, type PyValue } from './python-format.js';
import { rpmContext, type RpmContext } from './rpm.js';
import { parseTargets } from '../imagefactory/targets.js';
import type { InfoTarget } from '../imagefactory/types.js';

export const helpers = { ...escape, wrapText, defLine, pyLiteral };

export interface PluginContext {
  answers: Answers;
  /** Plugin name: package folder, .info stem, `imagefactory_plugins.<name>`. */
  name: string;
  type: PluginType;
  targets: InfoTarget[];
  iface: DelegateInterface;
  info: PluginInfo;
  /** The `.info` file's text, written with JSON tools. */
  infoJson: string;
  /** Distribution name in pyproject.toml. */
  distName: string;
  /** The RPM spec's values with --rpm, else null (and the spec is not written). */
  rpm: RpmContext | null;
  /** The class exported as `delegate_class` and its module. */
  className: string;
  moduleName: string;
  /** Per type and method: the arguments Builder passes and whether it calls without checking. */
  builderCalls: PyValue;
  h: typeof helpers;
}

export interface DelegateContext extends PluginContext {
  /** Methods the delegate implements (as stubs to fill in). */
  methods: DelegateMethod[];
  /** Methods left out that Builder calls unguarded: they raise a clear "not supported" error. */
  unsupported: DelegateMethod[];
  /** Methods left out that Builder checks with hasattr or try: simply absent. */
  omitted: DelegateMethod[];
}

export function buildInfo(a: Answers, targets: InfoTarget[]): PluginInfo {
  const maintainer = {
    name: a.maintainerName || undefined,
    email: a.maintainerEmail || undefined,
    url: a.maintainerUrl || undefined,
  };
  return {
    type: a.type as PluginType,
    targets,
    description: a.description,
    maintainer,
    version: a.pluginVersion,
    license: a.license,
  };
}

export function pluginContext(a: Answers): PluginContext {
  const type = a.type as PluginType;
  const { targets } = parseTargets(type, a.targets);
  const info = buildInfo(a, targets);
  const distName = `imagefactory-plugin-${a.name.toLowerCase().replace(/_/g, '-')}`;
  return {
    answers: a,
    name: a.name,
    type,
    targets,
    iface: INTERFACES[type],
    info,
    infoJson: formatInfo(info),
    distName,
    rpm: isYes(a.rpm) ? rpmContext(a, distName) : null,
    className: a.className,
    moduleName: a.className,
    builderCalls: builderCalls(),
    h: helpers,
  };
}

/**
 * The context of a plugin that exists already (a project, or a plugin folder ifplugin did not make), known by
 * its name, type and description: what a delegate rendered into it needs.
 */
export function existingPluginContext(name: string, type: PluginType, description = ''): PluginContext {
  const info: PluginInfo = { type, targets: [], description };
  return {
    answers: { name, type, description },
    name,
    type,
    targets: [],
    iface: INTERFACES[type],
    info,
    infoJson: formatInfo(info),
    distName: `imagefactory-plugin-${name.toLowerCase().replace(/_/g, '-')}`,
    rpm: null,
    className: name,
    moduleName: name,
    builderCalls: builderCalls(),
    h: helpers,
  };
}

function builderCalls(): PyValue {
  // only_for: the template OS names for which the stock cloud plugin that calls the method does (vSphere: RHEL-5).
  const table = (iface: DelegateInterface) =>
    Object.fromEntries(
      iface.methods.map((m) => [m.name, {
        args: m.args, required: m.guard === 'none', interface: m.inInterface,
        ...(m.stockCallers ? { only_for: m.stockCallers.flatMap((c) => c.osNames) } : {}),
      }]),
    );
  return { os: table(INTERFACES.os), cloud: table(INTERFACES.cloud) };
}

/** `chosen`: the method names the delegate implements; undefined means all of them. */
export function delegateContext(plugin: PluginContext, className: string, chosen?: string[]): DelegateContext {
  const all = plugin.iface.methods;
  const picked = (m: DelegateMethod) => chosen === undefined || chosen.includes(m.name);
  return {
    ...plugin,
    className,
    moduleName: className,
    methods: all.filter(picked),
    unsupported: all.filter((m) => !picked(m) && m.guard === 'none'),
    omitted: all.filter((m) => !picked(m) && m.guard !== 'none'),
  };
}
