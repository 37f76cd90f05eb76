// Resolves the answers from options, stored answers, prompts and defaults, validating each value the same
// way wherever it came from.
import { InputError } from '../errors.js';
import type { Answers, DefaultContext, Input } from './inputs.js';

/** Asks one question; given only when prompting is allowed. */
export type Ask = (input: Input, answers: Answers, defaultValue: string) => Promise<string>;

export interface ResolveOptions {
  /** Values from the command line, by input key. */
  given: Record<string, string | undefined>;
  /** Values from `.yo-rc.json`: the defaults of a re-run. */
  stored?: Answers;
  /** Take every default and never ask. */
  yes?: boolean;
  ask?: Ask;
  ctx: DefaultContext;
}

export interface Resolved {
  answers: Answers;
  warnings: string[];
}

export function optionProblem(input: Input, value: string, answers: Answers, ctx?: DefaultContext): string | undefined {
  if (input.boolean && value !== 'true' && value !== 'false') {
    return `--${input.option}: "${value}" is not a yes/no value: pass --${input.option} or --no-${input.option}`;
  }
  const problem = input.validate?.(value, answers, ctx);
  return problem === undefined ? undefined : `--${input.option}: ${problem}`;
}

export async function resolveAnswers(inputs: Input[], opts: ResolveOptions): Promise<Resolved> {
  const { given, stored = {}, yes = false, ask, ctx } = opts;
  const prompting = Boolean(ask) && !yes;

  // .yo-rc.json is edited by hand too: a stored answer must be text (null counts as not stored).
  for (const input of inputs) {
    const value = stored[input.key] as unknown;
    if (value !== undefined && value !== null && typeof value !== 'string') {
      const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
      throw new InputError(`--${input.option}: the value in .yo-rc.json is ${kind}, not text: fix it or remove it`);
    }
  }

  // Fail fast, before any question: a bad option value, or a required value that nobody can give.
  const early: Answers = { ...stored };
  for (const input of inputs) {
    const value = given[input.key];
    if (value === undefined) continue;
    if (input.key !== 'targets' || early.type !== undefined || given.type !== undefined) {
      const problem = optionProblem(input, value, { ...early, ...given } as Answers, ctx);
      if (problem) throw new InputError(problem);
    }
    early[input.key] = value;
  }
  if (!prompting && !yes) {
    const missing = inputs.filter((i) => i.required && given[i.key] === undefined && stored[i.key] === undefined);
    if (missing.length) {
      const list = missing.map((i) => `--${i.option}`).join(' and ');
      throw new InputError(
        `${list} ${missing.length > 1 ? 'are' : 'is'} required when there is no terminal to ask: ` +
          `pass ${missing.map(hint).join(' ')}, or --yes to take the defaults`,
      );
    }
  }

  const answers: Answers = {};
  const warnings: string[] = [];
  for (const input of inputs) {
    let value = given[input.key];
    let from = '';
    if (value === undefined) {
      const fallback = stored[input.key] ?? input.default(answers, ctx);
      const asking = prompting && (input.prompt.when?.(answers) ?? true);
      value = asking ? await ask!(input, answers, fallback) : fallback;
      if (!asking) from = stored[input.key] !== undefined ? ' (from .yo-rc.json)' : ' (the default)';
    }
    const problem = optionProblem(input, value, answers, ctx);
    if (problem) {
      throw new InputError(`${problem}${from}`);
    }
    answers[input.key] = value;
    warnings.push(...(input.warnings?.(value, answers) ?? []).map((w) => `--${input.option}: ${w}`));
  }
  return { answers, warnings };
}

function hint(input: Input): string {
  const choices = Array.isArray(input.prompt.choices) ? input.prompt.choices.map((c) => c.value).join('|') : undefined;
  return `--${input.option} ${choices ?? `<${input.option}>`}`;
}
