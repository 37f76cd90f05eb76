// The `.info` file: building it from answers, writing it with JSON tools, and checking any `.info` against
// the JSON Schema plus the loader rules the schema cannot express. The generator and `validate` share this.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileInfoSchema } from './info-schema.js';
import { PACKAGE_ROOT } from '../paths.js';
import { identifierProblem } from '../python/names.js';
import type { RuleId } from './rules.js';
import { stockClaimants } from './stock.js';
import { formatTarget } from './targets.js';
import type { InfoTarget, PluginInfo, Severity } from './types.js';

export type { PluginInfo };



export interface InfoFinding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** JSON pointer of the value concerned, e.g. /targets/1. */
  pointer: string;
  /** How many more findings of its rule, not worded, this one stands for (see folded). */
  also?: number;
  /** On the finding that tells how many more there are: how many it stands for, itself included. */
  folded?: number;
}

/** The stock files' shape: one key a line, each target on one line, every value written by JSON.stringify. */
export function formatInfo(info: PluginInfo): string {
  const lines = Object.entries(info)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => {
      let text: string;
      if (key === 'targets') {
        text = `[\n${(value as InfoTarget[]).map((t) => `        ${JSON.stringify(t).replace(/,/g, ', ')}`).join(',\n')}\n    ]`;
      } else {
        text = JSON.stringify(value, null, 4).replace(/\n/g, '\n    ');
      }
      return `    ${JSON.stringify(key)}: ${text}`;
    });
  return `{\n${lines.join(',\n')}\n}\n`;
}

let validator: ValidateFunction | undefined;
const PRECOMPILED = join(PACKAGE_ROOT, 'dist', 'info-schema-validator.cjs');

function schemaValidator(): ValidateFunction {
  if (!validator) {
    // The build's precompiled validator; compiling here is the fallback when running from source.
    try {
      validator = createRequire(import.meta.url)(PRECOMPILED) as ValidateFunction;
    } catch {
      validator = compileInfoSchema().validate;
    }
  }
  return validator;
}

/** Every finding for a parsed `.info` value. `stem` is the file name without `.info`, `folder` its folder's name. */
export function checkInfo(value: unknown, where: { stem?: string; folder?: string } = {}): InfoFinding[] {
  const validate = schemaValidator();
  const list = lister();
  // concat, not push(...): a file may have hundreds of thousands of findings, more than a call takes arguments.
  const findings = (validate(value) ? [] : schemaFindings(validate.errors ?? [], value, list)).concat(
    isObject(value) ? targetFindings(value, list, where.stem) : [],
    isObject(value) ? documentationFindings(value) : [],
    nameFindings(where),
  );
  return folded(findings);
}

/**
 * How many findings of one rule a file lists; the rest are told in one more finding. A hostile or generated
 * file can repeat one mistake a hundred thousand times, and a hundred lines say as much (as a compiler's error
 * limit does); keeping them few also keeps validate linear and fast on such files.
 */
export const LISTED_PER_RULE = 100;

type List = (out: InfoFinding[], rule: RuleId, word: () => InfoFinding) => void;

/** Adds findings of the rules that can repeat per target: past what folded lists, they are counted, not worded. */
function lister(): List {
  const seen = new Map<RuleId, { count: number; last?: InfoFinding }>();
  return (out, rule, word) => {
    let s = seen.get(rule);
    if (!s) seen.set(rule, (s = { count: 0 }));
    if (++s.count <= LISTED_PER_RULE + 1) out.push((s.last = word()));
    else s.last!.also = (s.last!.also ?? 0) + 1;
  };
}

/** The first LISTED_PER_RULE findings of each rule, and one finding that tells how many more there are. */
function folded(findings: InfoFinding[]): InfoFinding[] {
  const counts = new Map<RuleId, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1 + (f.also ?? 0));
  if ([...counts.values()].every((n) => n <= LISTED_PER_RULE)) return findings;
  const seen = new Map<RuleId, number>();
  const out: InfoFinding[] = [];
  for (const f of findings) {
    const n = (seen.get(f.rule) ?? 0) + 1;
    seen.set(f.rule, n);
    if (n <= LISTED_PER_RULE) out.push(f);
    else if (n === LISTED_PER_RULE + 1) {
      const more = counts.get(f.rule)! - LISTED_PER_RULE;
      out.push({
        rule: f.rule, severity: f.severity, pointer: f.pointer, folded: more,
        message: `and ${more} more like the ${LISTED_PER_RULE} above, from here on; they are not listed one by one`,
      });
    }
  }
  return out;
}

/** Python's name for the type json.load gives a JSON value, as error messages print it. */
function pythonTypeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return { boolean: 'bool', object: 'dict', string: 'str' }[typeof v as 'boolean' | 'object' | 'string'] ?? typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

const err = (rule: RuleId, pointer: string, message: string): InfoFinding => ({ rule, severity: 'error', pointer, message });
const warn = (rule: RuleId, pointer: string, message: string): InfoFinding => ({ rule, severity: 'warning', pointer, message });

// Ajv's errors, turned into sentences that say what the loader does and how to fix it. Errors about a target can
// come by the hundred thousand, each twice (the type's branch of the schema and the common part) and once per
// bad part: each target gets one finding per rule, and those go through the lister. The others are few.
function schemaFindings(errors: ErrorObject[], value: unknown, list: List): InfoFinding[] {
  const os = isObject(value) && String(value.type).toLowerCase() === 'os';
  const targets = isObject(value) && Array.isArray(value.targets) ? value.targets : [];
  const findings: InfoFinding[] = [];
  // Which targets have a finding of each rule already: a byte per target, not a Set of hundreds of thousands.
  const targetsSeen = new Map<RuleId, Uint8Array>();
  const others = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue; // its branch's own errors say what is wrong
    const p = e.instancePath;
    const t = p.startsWith('/targets/') ? p.slice(9).split('/') : undefined;
    if (t && t.length <= 2 && t.every((n) => /^\d+$/.test(n))) {
      const index = Number(t[0]);
      const part = t.length === 2;
      const target = targets[index];
      const data = part ? (target as unknown[] | undefined)?.[Number(t[1])] : target;
      const rule = targetRule(e.keyword, part, data);
      if (rule) {
        let seen = targetsSeen.get(rule);
        if (!seen) targetsSeen.set(rule, (seen = new Uint8Array(targets.length)));
        if (seen[index]) continue;
        seen[index] = 1;
        list(findings, rule, () => targetSchemaFinding(rule, `/targets/${index}`, index, part ? data : target, os));
        continue;
      }
    }
    const finding = otherSchemaFinding(e, p, value, at(value, p));
    const key = `${finding.rule}|${finding.pointer}`;
    if (others.has(key)) continue;
    others.add(key);
    findings.push(finding);
  }
  return findings;
}

/** Which rule an error about target N (or about its part M) is, before it is worded; undefined: not a target rule. */
function targetRule(keyword: string, part: boolean, data: unknown): RuleId | undefined {
  if (part) return keyword === 'type' ? 'info-target-non-string' : undefined;
  if (keyword === 'type') return typeof data === 'string' ? 'info-target-bare-string' : 'info-target-not-list';
  if (keyword === 'minItems' || keyword === 'maxItems') return 'info-target-shape';
  return undefined;
}

/** `data`: the target, or for info-target-non-string the part that is not a string. */
function targetSchemaFinding(rule: RuleId, pointer: string, index: number, data: unknown, os: boolean): InfoFinding {
  const name = `target ${index + 1}`;
  switch (rule) {
    case 'info-target-bare-string': {
      const fix = os ? `[${JSON.stringify(data)}, null, null]` : `[${JSON.stringify(data)}]`;
      return err(rule, pointer, `${name} is the bare string ${JSON.stringify(data)}: the loader registers it but looks targets up as lists, so it is never found; write ${fix}`);
    }
    case 'info-target-not-list':
      return err(rule, pointer, `${name} is ${JSON.stringify(data)}, not a list`);
    case 'info-target-shape': {
      const len = Array.isArray(data) ? data.length : 0;
      return err(rule, pointer, os
        ? `${name} has ${len} element(s): Builder looks OS targets up as [name, version, arch], so only 3-element lists ever match`
        : `${name} has ${len} elements: cloud targets are one-element lists like ["vsphere"]`);
    }
    default:
      return err(rule, pointer, `${name} contains ${JSON.stringify(data)}: ${os ? 'template values are strings (write "30", not 30) and null means any' : 'cloud target names must be strings'}, so it never matches`);
  }
}

function otherSchemaFinding(e: ErrorObject, p: string, value: unknown, data: unknown): InfoFinding {
  if (p === '' && e.keyword === 'type') return err('info-not-object', p, 'the file must hold a JSON object with "type" and "targets"');
  if (p === '' && e.keyword === 'required') {
    const key = (e.params as { missingProperty: string }).missingProperty;
    // Keys are case-sensitive: "Type" is not "type".
    const near = isObject(value) ? Object.keys(value).find((k) => k.toLowerCase() === key) : undefined;
    const hint = near ? `; rename "${near}" to "${key}" (keys are case-sensitive)` : '';
    return err('info-missing-key', `/${key}`, `"${key}" is missing: the loader marks the plugin as failed ("Invalid metadata ... Missing entry for '${key}'")${hint}`);
  }
  if (p === '/type') {
    if (typeof data !== 'string') {
      return err('info-type', p, `"type" is ${JSON.stringify(data)}, not a string: the loader fails on it ('${pythonTypeName(data)}' object has no attribute 'upper'); write "os" or "cloud"`);
    }
    return err('info-type', p, `"type" is ${JSON.stringify(data)}: the loader silently skips any plugin whose type is not "os" or "cloud" (in any case)`);
  }
  if (p === '/targets' && e.keyword === 'type') return err('info-targets-not-list', p, '"targets" must be a list of target lists, e.g. [["vsphere"]] or [["Fedora", null, null]]');
  if (p === '/targets' && e.keyword === 'minItems') return err('info-targets-empty', p, '"targets" is empty: the plugin can never be selected');
  if (p.startsWith('/maintainer/') && e.keyword === 'format') {
    const key = p.slice('/maintainer/'.length);
    return warn('info-maintainer-format', p, `maintainer ${key} ${JSON.stringify(data)} is not a valid ${key === 'email' ? 'e-mail address' : 'URL'}`);
  }
  if (e.keyword === 'type') {
    const type = (e.params as { type: string }).type;
    return warn('info-doc-type', p, `"${p.slice(1).replace('/', '.')}" is ${JSON.stringify(data)}: it should be ${type === 'object' ? 'an object like {"name": ..., "email": ..., "url": ...}' : `a ${type}`}; the loader ignores it, but \`imagefactory plugins\` shows it as it is`);
  }
  return err('info-schema', p, `${p ? `the value of "${p.slice(1).replace(/\//g, '.')}"` : 'the file'} ${e.message ?? 'is invalid'} (schemas/info.schema.json)`);
}

// Rules about targets that no schema can express: wildcards, duplicates and clashes.
function targetFindings(info: Record<string, unknown>, list: List, stem?: string): InfoFinding[] {
  const findings: InfoFinding[] = [];
  if (!Array.isArray(info.targets)) return findings;
  const os = String(info.type).toLowerCase() === 'os';
  const seen = new Map<string, number>();
  info.targets.forEach((t, i) => {
    const pointer = `/targets/${i}`;
    if (!Array.isArray(t) || t.some((p) => p !== null && typeof p !== 'string')) return;
    if (os && t.length === 3) {
      if (t[0] === null) list(findings, 'info-target-null-name', () => err('info-target-null-name', pointer, `target ${i + 1} has no OS name (null): the loader never tries a null name, so it never matches`));
      else if (t[1] === null && t[2] !== null) {
        list(findings, 'info-target-middle-wildcard', () => err('info-target-middle-wildcard', pointer, `target ${i + 1} ${JSON.stringify(t)} has a wildcard before a concrete part: the loader only blanks parts from the right, so it never matches; use [${JSON.stringify(t[0])}, null, null] or give the version`));
      }
    }
    const key = JSON.stringify(t);
    const first = seen.get(key);
    if (first !== undefined) list(findings, 'info-target-duplicate', () => warn('info-target-duplicate', pointer, `target ${i + 1} repeats target ${first + 1}: the loader logs "already registered"; remove one`));
    else seen.set(key, i);
    // A stock plugin's own .info claims its own targets.
    const owners = stockClaimants(t as InfoTarget).filter((name) => name !== stem);
    if (owners.length) {
      list(findings, 'info-target-stock-clash', () => warn('info-target-stock-clash', pointer, `target ${formatTarget(t as InfoTarget)} is also claimed by the stock ${owners.join(' and ')} plugin${owners.length > 1 ? 's' : ''}: whichever .info the loader lists first wins`));
    }
  });
  return findings;
}

function documentationFindings(info: Record<string, unknown>): InfoFinding[] {
  const missing = ['description', 'version', 'license'].filter((k) => info[k] === undefined);
  const m = info.maintainer;
  if (m === undefined) missing.push('maintainer');
  else if (isObject(m)) missing.push(...['name', 'email', 'url'].filter((k) => m[k] === undefined).map((k) => `maintainer.${k}`));
  return missing.map((k) => warn('info-missing-doc', `/${k.replace('.', '/')}`, `"${k}" is missing: the loader does not need it, but \`imagefactory plugins\` shows it to users`));
}

function nameFindings({ stem, folder }: { stem?: string; folder?: string }): InfoFinding[] {
  const findings: InfoFinding[] = [];
  if (stem !== undefined && folder !== undefined && stem !== folder) {
    findings.push(err('info-stem-folder', '', `the file is ${stem}.info but its folder is ${folder}: the loader imports imagefactory_plugins.${stem}, so both must be spelled the same`));
  }
  const problem = stem !== undefined ? identifierProblem(stem) : undefined;
  if (problem) findings.push(warn('info-stem-identifier', '', `the plugin name "${stem}" is not a Python identifier (${problem}): the import still works but the package cannot be imported by normal Python code`));
  return findings;
}
