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
  const findings: InfoFinding[] = [];
  if (!validate(value)) findings.push(...schemaFindings(validate.errors ?? [], value));
  if (isObject(value)) findings.push(...targetFindings(value, where.stem), ...documentationFindings(value));
  findings.push(...nameFindings(where));
  return dedupe(findings);
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

function targetName(pointer: string): string {
  const m = /^\/targets\/(\d+)/.exec(pointer);
  return m ? `target ${Number(m[1]) + 1}` : 'the value';
}

// Ajv's errors, turned into sentences that say what the loader does and how to fix it.
function schemaFindings(errors: ErrorObject[], value: unknown): InfoFinding[] {
  return errors.flatMap((e): InfoFinding[] => {
    const p = e.instancePath;
    const data = at(value, p);
    if (p === '' && e.keyword === 'type') return [err('info-not-object', p, 'the file must hold a JSON object with "type" and "targets"')];
    if (p === '' && e.keyword === 'required') {
      const key = (e.params as { missingProperty: string }).missingProperty;
      // Keys are case-sensitive: "Type" is not "type".
      const near = isObject(value) ? Object.keys(value).find((k) => k.toLowerCase() === key) : undefined;
      const hint = near ? `; rename "${near}" to "${key}" (keys are case-sensitive)` : '';
      return [err('info-missing-key', `/${key}`, `"${key}" is missing: the loader marks the plugin as failed ("Invalid metadata ... Missing entry for '${key}'")${hint}`)];
    }
    if (p === '/type') {
      if (typeof data !== 'string') {
        return [err('info-type', p, `"type" is ${JSON.stringify(data)}, not a string: the loader fails on it ('${pythonTypeName(data)}' object has no attribute 'upper'); write "os" or "cloud"`)];
      }
      return [err('info-type', p, `"type" is ${JSON.stringify(data)}: the loader silently skips any plugin whose type is not "os" or "cloud" (in any case)`)];
    }
    if (p === '/targets' && e.keyword === 'type') return [err('info-targets-not-list', p, '"targets" must be a list of target lists, e.g. [["vsphere"]] or [["Fedora", null, null]]')];
    if (p === '/targets' && e.keyword === 'minItems') return [err('info-targets-empty', p, '"targets" is empty: the plugin can never be selected')];
    if (/^\/targets\/\d+$/.test(p) && e.keyword === 'type' && typeof data === 'string') {
      const os = isObject(value) && String(value.type).toLowerCase() === 'os';
      const fix = os ? `[${JSON.stringify(data)}, null, null]` : `[${JSON.stringify(data)}]`;
      return [err('info-target-bare-string', p, `${targetName(p)} is the bare string ${JSON.stringify(data)}: the loader registers it but looks targets up as lists, so it is never found; write ${fix}`)];
    }
    if (/^\/targets\/\d+$/.test(p) && e.keyword === 'type') return [err('info-target-not-list', p, `${targetName(p)} is ${JSON.stringify(data)}, not a list`)];
    if (/^\/targets\/\d+$/.test(p) && (e.keyword === 'minItems' || e.keyword === 'maxItems')) {
      const len = Array.isArray(data) ? data.length : 0;
      const os = isObject(value) && String(value.type).toLowerCase() === 'os';
      return [err('info-target-shape', p, os
        ? `${targetName(p)} has ${len} element(s): Builder looks OS targets up as [name, version, arch], so only 3-element lists ever match`
        : `${targetName(p)} has ${len} elements: cloud targets are one-element lists like ["vsphere"]`)];
    }
    if (/^\/targets\/\d+\/\d+$/.test(p) && e.keyword === 'type') {
      const os = isObject(value) && String(value.type).toLowerCase() === 'os';
      return [err('info-target-non-string', p.replace(/\/\d+$/, ''), `${targetName(p)} contains ${JSON.stringify(data)}: ${os ? 'template values are strings (write "30", not 30) and null means any' : 'cloud target names must be strings'}, so it never matches`)];
    }
    if (p.startsWith('/maintainer/') && e.keyword === 'format') {
      const key = p.slice('/maintainer/'.length);
      return [warn('info-maintainer-format', p, `maintainer ${key} ${JSON.stringify(data)} is not a valid ${key === 'email' ? 'e-mail address' : 'URL'}`)];
    }
    if (e.keyword === 'type' || e.keyword === 'if') {
      if (e.keyword === 'if') return [];
      const type = (e.params as { type: string }).type;
      return [warn('info-doc-type', p, `"${p.slice(1).replace('/', '.')}" is ${JSON.stringify(data)}: it should be ${type === 'object' ? 'an object like {"name": ..., "email": ..., "url": ...}' : `a ${type}`}; the loader ignores it, but \`imagefactory plugins\` shows it as it is`)];
    }
    return [err('info-schema', p, `${p ? `the value of "${p.slice(1).replace(/\//g, '.')}"` : 'the file'} ${e.message ?? 'is invalid'} (schemas/info.schema.json)`)];
  });
}

// Rules about targets that no schema can express: wildcards, duplicates and clashes.
function targetFindings(info: Record<string, unknown>, stem?: string): InfoFinding[] {
  const findings: InfoFinding[] = [];
  if (!Array.isArray(info.targets)) return findings;
  const seen = new Map<string, number>();
  info.targets.forEach((t, i) => {
    const pointer = `/targets/${i}`;
    if (!Array.isArray(t) || t.some((p) => p !== null && typeof p !== 'string')) return;
    if (String(info.type).toLowerCase() === 'os' && t.length === 3) {
      if (t[0] === null) findings.push(err('info-target-null-name', pointer, `target ${i + 1} has no OS name (null): the loader never tries a null name, so it never matches`));
      else if (t[1] === null && t[2] !== null) {
        findings.push(err('info-target-middle-wildcard', pointer, `target ${i + 1} ${JSON.stringify(t)} has a wildcard before a concrete part: the loader only blanks parts from the right, so it never matches; use [${JSON.stringify(t[0])}, null, null] or give the version`));
      }
    }
    const key = JSON.stringify(t);
    if (seen.has(key)) findings.push(warn('info-target-duplicate', pointer, `target ${i + 1} repeats target ${seen.get(key)! + 1}: the loader logs "already registered"; remove one`));
    else seen.set(key, i);
    // A stock plugin's own .info claims its own targets.
    const owners = stockClaimants(t as InfoTarget).filter((name) => name !== stem);
    if (owners.length) {
      findings.push(warn('info-target-stock-clash', pointer, `target ${formatTarget(t as InfoTarget)} is also claimed by the stock ${owners.join(' and ')} plugin${owners.length > 1 ? 's' : ''}: whichever .info the loader lists first wins`));
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

function dedupe(findings: InfoFinding[]): InfoFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
