// A plugin project on disk as ifplugin knows it: the answers recorded in .yo-rc.json, the defaults that come
// from the machine (git config), and paths as a user reads them. Used by the bin and the generators alike.
import { InputError } from '../errors.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { Answers, DefaultContext } from '../inputs/inputs.js';

/** The key of this package's answers in .yo-rc.json (Yeoman's convention: the package name). */
export const STORE_KEY = 'generator-ifplugin';

export function defaultContext(destinationName?: string): DefaultContext {
  return {
    destinationName,
    git(key) {
      try {
        return execFileSync('git', ['config', '--get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Answers recorded in `<dir>/.yo-rc.json` by an earlier run. */
export function storedAnswers(dir: string): Answers {
  const file = join(dir, '.yo-rc.json');
  if (!existsSync(file)) return {};
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8'))[STORE_KEY];
    if (typeof stored !== 'object' || stored === null) return {};
    // A yes/no answer written by hand as a JSON boolean reads as the text the generator stores.
    return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v])) as Answers;
  } catch {
    throw new InputError(`${file} is not valid JSON: fix or remove it`);
  }
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
}
