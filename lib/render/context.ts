// The values templates receive: the answers, what is derived from them, and the escaping helpers.
import { formatInfo } from '../imagefactory/info.js';
import { INTERFACES, type DelegateInterface, type DelegateMethod } from '../imagefactory/interfaces.js';
import type { InfoTarget, PluginInfo, PluginType } from '../imagefactory/types.js';
import type { AppAnswers } from '../inputs/inputs.js';
import { wrapText } from '../text.js';
import * as escape from './escape.js';
import { defLine, pyLiteral, type PyValue } from './python-format.js';
import { rpmContext, type ChangelogEntry, type RpmContext } from './rpm.js';

export const helpers = { ...escape, wrapText, defLine, pyLiteral };

export interface PluginContext {
  /** Every answer of the plugin, typed. */
  answers: AppAnswers;
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

export function buildInfo(a: AppAnswers): PluginInfo {
  const maintainer = {
    name: a.maintainerName || undefined,
    email: a.maintainerEmail || undefined,
    url: a.maintainerUrl || undefined,
  };
  return {
    type: a.type,
    targets: a.targets,
    description: a.description,
    maintainer,
    version: a.pluginVersion,
    license: a.license,
  };
}

/** `changelog`: the RPM spec's %changelog as recorded so far (see rpmContext). */
export function pluginContext(a: AppAnswers, changelog?: ChangelogEntry[]): PluginContext {
  const info = buildInfo(a);
  const distName = `imagefactory-plugin-${a.name.toLowerCase().replace(/_/g, '-')}`;
  return {
    answers: a,
    name: a.name,
    type: a.type,
    targets: a.targets,
    iface: INTERFACES[a.type],
    info,
    infoJson: formatInfo(info),
    distName,
    rpm: a.rpm ? rpmContext(a, distName, changelog) : null,
    className: a.className,
    moduleName: a.className,
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

/** The interface's methods split by `chosen` (the names the delegate implements; undefined means all of them). */
export function methodPartition(type: PluginType, chosen?: string[]): Pick<DelegateContext, 'methods' | 'unsupported' | 'omitted'> {
  const all = INTERFACES[type].methods;
  const picked = (m: DelegateMethod) => chosen === undefined || chosen.includes(m.name);
  return {
    methods: all.filter(picked),
    unsupported: all.filter((m) => !picked(m) && m.guard === 'none'),
    omitted: all.filter((m) => !picked(m) && m.guard !== 'none'),
  };
}

export function delegateContext(plugin: PluginContext, className: string, chosen?: string[]): DelegateContext {
  return { ...plugin, className, moduleName: className, ...methodPartition(plugin.type, chosen) };
}

/** What each template of the app set receives: the plugin's context and both interfaces. */
export function appTemplateContext(plugin: PluginContext): PluginContext & { ifaces: typeof INTERFACES } {
  return { ...plugin, ifaces: INTERFACES };
}

/** What each template of the delegate set receives. */
export function delegateTemplateContext(delegate: DelegateContext): DelegateContext & { ifaces: typeof INTERFACES } {
  return { ...delegate, ifaces: INTERFACES };
}
