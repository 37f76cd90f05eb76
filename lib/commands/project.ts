// A plugin project as ifplugin records it: the answers in .yo-rc.json (under this package's name, Yeoman's
// convention), and the defaults that come from the machine (git config).
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';
import type { DefaultContext, Input } from '../inputs/inputs.js';
import { packageVersion } from '../paths.js';
import { reservedNameProblem } from '../render/reserved-names.js';
import { displayPath } from '../text.js';

/** The key of this package's record in .yo-rc.json (Yeoman's convention: the package name). */
export const STORE_KEY = 'generator-ifplugin';
export const YO_RC = '.yo-rc.json';
const YO_RC_LIMIT = MiB;

/** A %changelog entry: the plugin version it is for, its date (YYYY-MM-DD) and who made it. */
export interface ChangelogEntry {
  version: string;
  date: string;
  author: string;
}

/** What an earlier run recorded. Answers stay JSON values: they are checked where they are used, as any input is. */
export interface ProjectRecord {
  /** By input key. */
  answers: Record<string, unknown>;
  /** The --templates folder, relative to the project. */
  templates?: string;
  /** The version of ifplugin that wrote the record. */
  generatorVersion?: string;
  /** Delegate classes `ifplugin delegate` added, with the methods each was made with. */
  delegates?: Record<string, { methods: string[] }>;
  /** The class `ifplugin delegate --export` made the plugin's delegate_class. */
  exported?: string;
  /** The RPM spec's %changelog, oldest first. */
  changelog?: ChangelogEntry[];
  /** A hash of each file as ifplugin last wrote it (lib/write/hash.ts): one that still has it was not edited. */
  written?: Record<string, string>;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The record's keys that are not answers, each with what it must hold. */
const META: Record<string, [(v: unknown) => boolean, string]> = {
  templates: [isText, 'text'],
  generatorVersion: [isText, 'text'],
  exported: [isText, 'text'],
  delegates: [
    (v) => isObject(v) && Object.values(v).every((d) => isObject(d) && Array.isArray(d.methods) && d.methods.every(isText)),
    'an object of {"methods": [...]}',
  ],
  changelog: [
    (v) => Array.isArray(v) && v.every((e) => isObject(e) && isText(e.version) && isText(e.date) && isText(e.author)),
    'a list of {"version", "date", "author"}',
  ],
  written: [(v) => isObject(v) && Object.values(v).every(isText), 'an object of hashes'],
};

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
  const answers: Record<string, unknown> = {};
  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!Object.hasOwn(META, key)) {
      answers[key] = value;
      continue;
    }
    const [valid, expected] = META[key];
    if (!valid(value)) throw new InputError(`${file}: "${STORE_KEY}"."${key}" is ${describe(value)}, not ${expected}: fix or remove it`);
    meta[key] = value;
  }
  return { answers, ...meta } as ProjectRecord;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The answers in the form .yo-rc.json keeps them: text as typed, yes/no as JSON booleans. */
export function storedAnswers<A>(inputs: Input<A>[], answers: A): Record<string, string | boolean> {
  const record = answers as Record<string, unknown>;
  return Object.fromEntries(inputs.filter((i) => i.stored !== false).map((i) => [i.key, i.kind === 'confirm' ? Boolean(record[i.key]) : i.format(record[i.key])]));
}

/**
 * .yo-rc.json with ifplugin's entry updated by `changes` (a key set to undefined is removed), keeping whatever
 * else the file and the entry hold (a newer version's keys, or a user's).
 */
export function yoRcText(root: string, changes: Record<string, unknown>): string {
  const existing = readYoRc(root) ?? {};
  const known = isObject(existing[STORE_KEY]) ? existing[STORE_KEY] : {};
  // The version first, for a person reading the file; it is this run's.
  const merged: Record<string, unknown> = { generatorVersion: undefined, ...known, ...changes };
  merged.generatorVersion = packageVersion();
  // By path, so that the same files make the same text whichever command recorded them last.
  if (isObject(merged.written)) merged.written = Object.fromEntries(Object.entries(merged.written).sort(([a], [b]) => (a < b ? -1 : 1)));
  const entry = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  return `${JSON.stringify({ ...existing, [STORE_KEY]: entry }, null, 2)}\n`;
}

/**
 * Defaults that come from the machine: `git config`, read at most once and only when a default needs it (with
 * node:child_process, loaded only then).
 */
export function defaultContext(destinationName?: string): DefaultContext {
  let identity: Map<string, string> | undefined;
  return {
    destinationName,
    reserved: reservedNameProblem,
    git(key) {
      if (!identity) {
        identity = new Map();
        try {
          // One spawn for both keys; -z: values may hold anything but NUL. Synchronous: measured, a spawn in the
          // background costs the run more than it saves (its pipes), ~5 ms either way.
          const { execFileSync } = process.getBuiltinModule('node:child_process');
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
