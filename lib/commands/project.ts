// A plugin project as ifplugin records it: the answers in .yo-rc.json (under this package's name, Yeoman's
// convention), and the defaults that come from the machine (git config).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';
import type { DefaultContext, Input } from '../inputs/inputs.js';
import { packageVersion } from '../paths.js';
import { displayPath } from '../text.js';

/** The key of this package's record in .yo-rc.json (Yeoman's convention: the package name). */
export const STORE_KEY = 'generator-ifplugin';
export const YO_RC = '.yo-rc.json';
const YO_RC_LIMIT = MiB;

/** What an earlier run recorded, as JSON values: it is checked where it is used, as any input is. */
export interface ProjectRecord {
  /** By input key. */
  answers: Record<string, unknown>;
  /** The --templates folder, relative to the project. */
  templates?: string;
  /** The version of ifplugin that wrote the record. */
  generatorVersion?: string;
}

/** Keys of the record that are not answers. */
const META_KEYS = ['templates', 'generatorVersion'];

/** The whole of `<dir>/.yo-rc.json`, or undefined when there is none; an unusable file is an InputError. */
export function readYoRc(dir: string, cwd = dir): Record<string, unknown> | undefined {
  const file = join(dir, YO_RC);
  let text: string | undefined;
  try {
    text = readText(file, YO_RC_LIMIT);
  } catch (e) {
    if (e instanceof FileProblem) throw new InputError(`${displayPath(cwd, file)} ${e.reason}: fix or remove it`);
    throw e;
  }
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${displayPath(cwd, file)} is not valid JSON: fix or remove it`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${displayPath(cwd, file)} does not hold a JSON object: fix or remove it`);
  }
  return value as Record<string, unknown>;
}

/** ifplugin's record in `<dir>/.yo-rc.json`, or undefined when there is none. */
export function readRecord(dir: string, cwd = dir): ProjectRecord | undefined {
  const all = readYoRc(dir, cwd);
  const record = all?.[STORE_KEY];
  if (record === undefined) return undefined;
  const file = displayPath(cwd, join(dir, YO_RC));
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InputError(`${file}: "${STORE_KEY}" is not an object: fix or remove it`);
  }
  const { templates, generatorVersion, ...answers } = record as Record<string, unknown>;
  for (const [key, value] of [['templates', templates], ['generatorVersion', generatorVersion]] as const) {
    if (value !== undefined && typeof value !== 'string') {
      throw new InputError(`${file}: "${STORE_KEY}"."${key}" is ${describe(value)}, not text: fix or remove it`);
    }
  }
  return { answers, templates: templates as string | undefined, generatorVersion: generatorVersion as string | undefined };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The answers in the form .yo-rc.json keeps them: text as typed, yes/no as JSON booleans. */
export function storedAnswers<A>(inputs: Input<A>[], answers: A): Record<string, string | boolean> {
  const record = answers as Record<string, unknown>;
  return Object.fromEntries(inputs.map((i) => [i.key, i.kind === 'confirm' ? Boolean(record[i.key]) : i.format(record[i.key])]));
}

/** .yo-rc.json with `record` as ifplugin's entry, keeping whatever else the file holds. */
export function yoRcText(root: string, record: Record<string, unknown>): string {
  const existing = readYoRc(root) ?? {};
  const known = (existing[STORE_KEY] ?? {}) as Record<string, unknown>;
  // Keys ifplugin does not know (a newer version's, or a user's) are kept too.
  const kept = Object.fromEntries(Object.entries(known).filter(([k]) => !(k in record) && !META_KEYS.includes(k)));
  return `${JSON.stringify({ ...existing, [STORE_KEY]: { generatorVersion: packageVersion(), ...record, ...kept } }, null, 2)}\n`;
}

/** Defaults that come from the machine: `git config`, read at most once and only when a default needs it. */
export function defaultContext(destinationName?: string): DefaultContext {
  let identity: Map<string, string> | undefined;
  return {
    destinationName,
    git(key) {
      if (!identity) {
        identity = new Map();
        try {
          // One spawn for both keys; -z: values may hold anything but NUL.
          const out = execFileSync('git', ['config', '-z', '--get-regexp', '^user\\.(name|email)$'], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          for (const entry of out.split('\0').filter(Boolean)) {
            const [k, ...v] = entry.split('\n');
            identity.set(k, v.join('\n').trim());
          }
        } catch {
          // No git, or no identity configured: the defaults are empty.
        }
      }
      return identity.get(key) || undefined;
    },
  };
}
