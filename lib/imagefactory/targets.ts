// Turning the `--targets` text into the `.info` target lists that ImageFactory's loader can match.
// OS targets: `name[:version[:arch]]` -> [name, version|null, arch|null]; the loader only blanks parts
// from the right, so a wildcard may only be followed by wildcards. Cloud targets: `name` -> [name],
// never the bare string, which registers but is never found.
import type { InfoTarget, PluginType } from './types.js';
import { stockClaimants } from './stock.js';
import { ValueProblem } from '../errors.js';
import { CONTROL_CLASS, quoted, SEPARATOR_CLASS } from '../text.js';

export interface ParsedTargets {
  targets: InfoTarget[];
  warnings: string[];
}

// Characters that would make a target impossible to type on the command line or to see in a log.
const UNPRINTABLE = new RegExp(`[${CONTROL_CLASS}${SEPARATOR_CLASS}]`);
const MAX_TARGET_LENGTH = 100;

export const TARGET_SYNTAX: Record<PluginType, string> = {
  os: 'OS targets are name[:version[:arch]], e.g. Fedora or Ubuntu:22.04 or RHEL-7:7.9:x86_64',
  cloud: 'cloud targets are names, e.g. vsphere or openstack-kvm',
};

/** Parses a comma-separated target list; throws a ValueProblem that names the offending target. */
export function parseTargets(type: PluginType, text: string): ParsedTargets {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '') throw new ValueProblem(`no targets given: ${TARGET_SYNTAX[type]}`);
  const targets: InfoTarget[] = [];
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (item === '') throw new ValueProblem(`target ${i + 1} is empty: remove the extra comma`);
    const target = type === 'os' ? parseOsTarget(item) : parseCloudTarget(item);
    const key = JSON.stringify(target);
    if (seen.has(key)) throw new ValueProblem(`${quoted(item)} is listed twice`);
    seen.add(key);
    targets.push(target);
  }
  return { targets, warnings: stockWarnings(targets) };
}

/** A warning for each target a stock plugin claims already: the loader would pick whichever it lists first. */
export function stockWarnings(targets: InfoTarget[]): string[] {
  return targets.flatMap((t) => {
    const owners = stockClaimants(t);
    return owners.length
      ? [`target ${formatTarget(t)} is already claimed by the stock ${owners.join(' and ')} plugin${owners.length > 1 ? 's' : ''}; ` +
          'ImageFactory will use whichever plugin it lists first']
      : [];
  });
}

function checkPart(item: string, part: string): void {
  if (UNPRINTABLE.test(part)) throw new ValueProblem(`${quoted(item)} contains a control character`);
  if (/\s/.test(part)) throw new ValueProblem(`${quoted(item)} contains white space, which a template never matches`);
  if (part.length > MAX_TARGET_LENGTH) throw new ValueProblem(`${quoted(item)} is longer than ${MAX_TARGET_LENGTH} characters`);
}

function parseOsTarget(item: string): InfoTarget {
  const parts = item.split(':');
  if (parts.length > 3) throw new ValueProblem(`${quoted(item)} has ${parts.length} parts: ${TARGET_SYNTAX.os}`);
  parts.forEach((p) => checkPart(item, p));
  if (parts[0] === '') throw new ValueProblem(`${quoted(item)} has no OS name: the loader never matches a wildcard name`);
  const target: InfoTarget = [parts[0], parts[1] || null, parts[2] || null];
  if (target[1] === null && target[2] !== null) {
    throw new ValueProblem(
      `${quoted(item)} has a wildcard version before a concrete arch: the loader only blanks parts from the right, ` +
        `so it would never match; use "${parts[0]}" (any version and arch) or give the version`,
    );
  }
  return target;
}

function parseCloudTarget(item: string): InfoTarget {
  checkPart(item, item);
  if (item.includes(':')) throw new ValueProblem(`${quoted(item)} contains ":": ${TARGET_SYNTAX.cloud} (name:version:arch is for OS plugins)`);
  return [item];
}

/** The way a person reads a target: `Fedora:*:*` for OS, the plain name for cloud. */
export function formatTarget(target: InfoTarget): string {
  return target.length === 1 ? String(target[0]) : `${target[0]}:${target[1] ?? '*'}:${target[2] ?? '*'}`;
}

/** The command-line form of parsed targets, the inverse of parseTargets. */
export function targetsToText(targets: InfoTarget[]): string {
  return targets.map((t) => t.map((p) => p ?? '').join(':').replace(/:+$/, '')).join(',');
}
