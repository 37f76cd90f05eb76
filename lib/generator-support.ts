// The glue between the input declarations and a Yeoman generator: options, prompts, and writing a plan.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type YeomanGenerator from 'yeoman-generator';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Generator = YeomanGenerator<any, any, any>;
import { InputError, type Ask } from './answers.js';
import type { Answers, DefaultContext, Input } from './inputs.js';
import { SCAFFOLD_FLAGS } from './cli/common.js';

export const STORE_KEY = 'generator-ifplugin';

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function registerInputs(gen: Generator, inputs: Input[]): void {
  for (const input of inputs) {
    // A Boolean option is both --<option> and --no-<option> (yeoman-environment adds the negation).
    gen.option(input.option, { type: input.boolean ? Boolean : String, description: input.description });
  }
  gen.option('yes', { type: Boolean, alias: 'y', description: 'Take the default for everything not given and never prompt' });
  for (const flag of SCAFFOLD_FLAGS.filter((f) => f.name === 'templates' || f.name === 'verbose')) {
    gen.option(flag.name, { type: flag.type === 'boolean' ? Boolean : String, description: flag.description });
  }
  gen.option('interactive', {
    type: Boolean,
    description: 'Ask for missing values (default: only when run in a terminal; --no-interactive never asks)',
  });
}

/** Option values by input key. Yeoman's own parser keys options as declared, the CLI's in camelCase. */
export function givenOptions(gen: Generator, inputs: Input[]): Record<string, string | undefined> {
  const opts = gen.options as Record<string, unknown>;
  return Object.fromEntries(
    inputs.map((i) => {
      const v = opts[i.option] ?? opts[camel(i.option)];
      if ((v === true || v === false) && !i.boolean) throw new InputError(`--${i.option} needs a value`);
      return [i.key, v === undefined ? undefined : String(v)];
    }),
  );
}

/**
 * Drops yeoman-generator's "An error occured while running <task>" line: the runner (our bin, or yo) prints
 * the error itself, and the user should see one line that says what to fix.
 */
export function quietTaskErrors(gen: Generator): void {
  const log = gen.log as unknown as ((...a: unknown[]) => unknown) & Record<string, unknown>;
  if (typeof log?.error !== 'function') return; // help-only instances have no logger
  const error = log.error as (...a: unknown[]) => unknown;
  const wrapped = Object.assign((...a: unknown[]) => log(...a), log, {
    error: (message: unknown, ...rest: unknown[]) =>
      typeof message === 'string' && message.startsWith('An error occured while running') ? wrapped : error.call(log, message, ...rest),
  });
  (gen as unknown as { log: unknown }).log = wrapped;
}

export function isInteractive(gen: Generator): boolean {
  const opts = gen.options as Record<string, unknown>;
  if (opts.yes) return false;
  if (typeof opts.interactive === 'boolean') return opts.interactive;
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** `ctx`: what validators and choices may need beyond the answers (the delegate generator's plugin). */
export function askWith(gen: Generator, ctx?: DefaultContext): Ask {
  return async (input, answers, defaultValue) => {
    const { choices } = input.prompt;
    const listed = typeof choices === 'function' ? (ctx ? choices(ctx) : undefined) : choices;
    const checked = defaultValue.split(',').map((v) => v.trim());
    const question = input.boolean
      ? { type: 'confirm', name: input.key, message: input.prompt.message(answers), default: defaultValue === 'true' }
      : input.multiple
        ? {
          type: 'checkbox',
          name: input.key,
          message: input.prompt.message(answers),
          default: checked,
          choices: listed?.map((c) => ({ ...c, checked: checked.includes(c.value) })),
        }
        : {
          type: listed ? 'list' : 'input',
          name: input.key,
          message: input.prompt.message(answers),
          default: defaultValue,
          choices: listed,
          validate: (v: string) => input.validate?.(String(v), answers, ctx) ?? true,
        };
    const result = await gen.prompt([question] as never);
    const answer = (result as Record<string, unknown>)[input.key];
    if (input.multiple) return Array.isArray(answer) ? answer.join(',') : String(answer ?? '');
    return input.boolean ? String(answer === true || answer === 'true') : String(answer ?? '');
  };
}

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

/** Files of the plan that exist on disk with other content. */
export function conflicts(root: string, files: Map<string, string>): string[] {
  return [...files]
    .filter(([path, text]) => {
      const full = join(root, path);
      return existsSync(full) && readFileSync(full, 'utf8') !== text;
    })
    .map(([path]) => path);
}

/** Puts the plan into Yeoman's in-memory file system; Yeoman writes it all at the end, or nothing. */
export function writePlan(gen: Generator, root: string, files: Map<string, string>, answers: Answers): void {
  for (const [path, text] of files) gen.fs.write(join(root, path), text);
  gen.fs.extendJSON(join(root, '.yo-rc.json'), { [STORE_KEY]: answers });
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
}
