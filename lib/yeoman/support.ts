// The glue between the input declarations and a Yeoman generator: options, prompts and quiet errors.
import { InputError } from '../errors.js';
import type YeomanGenerator from 'yeoman-generator';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Generator = YeomanGenerator<any, any, any>;
import { type Ask } from '../inputs/resolve.js';
import type { DefaultContext, Input } from '../inputs/inputs.js';
import { SCAFFOLD_FLAGS } from '../cli/common.js';

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
  if (opts.yes && opts.interactive === true) throw new InputError('--yes and --interactive contradict each other: --yes never asks');
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
          type: listed ? 'select' : 'input', // inquirer's 'list' is deprecated
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
