// Resolves the answers from options, stored answers, questions and defaults. Every value, wherever it comes from,
// goes through its input's parse, so an option, a stored answer and a typed answer are checked the same way. An
// option that is not given never replaces a stored answer.
import { InputError, ValueProblem } from '../errors.js';
import type { Prompter, Question } from '../host.js';
import type { DefaultContext, Input } from './inputs.js';

export interface ResolveOptions {
  /** Option values by input key: text, or a boolean for a yes/no input; undefined when not given. */
  given: Record<string, string | boolean | undefined>;
  /** Answers recorded by an earlier run (`.yo-rc.json`), as JSON values by input key. */
  stored?: Record<string, unknown>;
  /** Take every default and never ask. */
  yes?: boolean;
  /** Present when the run may ask. */
  prompter?: Prompter;
  ctx: DefaultContext;
  /** Answers known already, taken as they are (their inputs are skipped). */
  preset?: Record<string, unknown>;
}

export interface Resolved<A> {
  answers: A;
  warnings: string[];
}

type Source = 'option' | 'stored' | 'default' | 'answer';
const FROM: Record<Source, string> = { option: '', stored: ' (from .yo-rc.json)', default: ' (the default)', answer: '' };

/** The text of a value as it came: booleans as 'true'/'false', lists comma-separated. */
function textOf(input: Input, raw: unknown, source: Source): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean' && input.kind === 'confirm') return String(raw);
  if (Array.isArray(raw) && input.kind === 'checkbox' && raw.every((v) => typeof v === 'string')) return raw.join(',');
  const kind = Array.isArray(raw) ? 'a list' : typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
  if (source === 'stored') {
    throw new InputError(`.yo-rc.json: "generator-ifplugin"."${input.key}" is ${kind}, not text (the answer to --${input.option}): fix it or remove it`);
  }
  throw new InputError(`--${input.option} needs a value`);
}

function parse<A>(input: Input<A>, text: string, answers: Partial<A>, ctx: DefaultContext, source: Source): unknown {
  try {
    return input.parse(text, answers, ctx);
  } catch (e) {
    if (e instanceof ValueProblem) throw new InputError(`--${input.option}: ${e.message}${FROM[source]}`);
    throw e;
  }
}

export async function resolveAnswers<A>(allInputs: Input<A>[], opts: ResolveOptions): Promise<Resolved<A>> {
  const { given, stored = {}, yes = false, prompter, ctx, preset = {} } = opts;
  const inputs = allInputs.filter((i) => !(i.key in preset));
  const asking = Boolean(prompter) && !yes;
  const known = new Map<string, { text: string; source: Source }>();
  for (const input of inputs) {
    const option = textOf(input, given[input.key], 'option');
    const recorded = textOf(input, stored[input.key], 'stored');
    if (option !== undefined) known.set(input.key, { text: option, source: 'option' });
    else if (recorded !== undefined) known.set(input.key, { text: recorded, source: 'stored' });
  }

  // Fail fast, before any question: every given or stored value whose inputs it needs are known is checked now.
  const early: Record<string, unknown> = { ...preset };
  for (const input of inputs) {
    const value = known.get(input.key);
    if (value && (input.needs ?? []).every((k) => k in early)) {
      early[input.key] = parse(input, value.text, early as Partial<A>, ctx, value.source);
    }
  }
  if (!asking && !yes) {
    const missing = inputs.filter((i) => i.required && !known.has(i.key));
    if (missing.length) {
      const list = missing.map((i) => `--${i.option}`).join(' and ');
      throw new InputError(
        `${list} ${missing.length > 1 ? 'are' : 'is'} required when there is no terminal to ask: ` +
          `pass ${missing.map(hint).join(' ')}, or --yes to take the defaults`,
      );
    }
  }

  const answers: Record<string, unknown> = { ...preset };
  const warnings: string[] = [];
  for (const input of inputs) {
    const partial = answers as Partial<A>;
    const value = known.get(input.key);
    let answer: unknown;
    if (asking && input.asked !== false && value?.source !== 'option') {
      // A question's default is the stored answer, or the input's default.
      const fallback = value?.text ?? input.format(input.default(partial, ctx));
      answer = parse(input, await ask(prompter!, input, partial, ctx, fallback), partial, ctx, 'answer');
    } else if (value) {
      answer = input.key in early ? early[input.key] : parse(input, value.text, partial, ctx, value.source);
    } else {
      // A default is checked too: a folder named like a stock plugin makes a name that is not allowed.
      answer = parse(input, input.format(input.default(partial, ctx)), partial, ctx, 'default');
    }
    answers[input.key] = answer;
    warnings.push(...(input.warnings?.(answer, partial) ?? []).map((w) => `--${input.option}: ${w}`));
  }
  return { answers: answers as A, warnings };
}

/** Asks for one input; resolves to the answer's text, which the input's parse accepts. */
async function ask<A>(prompter: Prompter, input: Input<A>, answers: Partial<A>, ctx: DefaultContext, fallback: string): Promise<string> {
  const { key: name } = input;
  const message = input.message(answers);
  const choices = typeof input.choices === 'function' ? input.choices(ctx) : input.choices;
  let question: Question;
  if (input.kind === 'confirm') question = { name, kind: 'confirm', message, default: fallback === 'true' };
  else if (input.kind === 'select') question = { name, kind: 'select', message, choices: choices ?? [], default: fallback };
  else if (input.kind === 'checkbox') {
    question = { name, kind: 'checkbox', message, choices: choices ?? [], default: fallback.split(',').filter(Boolean) };
  } else {
    question = {
      name,
      kind: 'text',
      message,
      default: fallback,
      validate: (text) => valueProblem(input, text, answers, ctx),
    };
  }
  const answer = await prompter.ask(question);
  return Array.isArray(answer) ? answer.join(',') : String(answer);
}

/**
 * The recorded answers without those that follow their inputs (Input.follows) and were the default when they
 * were recorded: the new answers give them their default anew.
 */
export function withoutFollowers<A>(inputs: Input<A>[], stored: Record<string, unknown>, recorded: A, ctx: DefaultContext): Record<string, unknown> {
  const out = { ...stored };
  for (const input of inputs) {
    if (input.follows && stored[input.key] === input.format(input.default(recorded as Partial<A>, ctx))) delete out[input.key];
  }
  return out;
}

/** Why `text` is not a value of `input`, as a fragment, or undefined when it is one. */
export function valueProblem<A>(input: Input<A>, text: string, answers: Partial<A>, ctx: DefaultContext): string | undefined {
  try {
    input.parse(text, answers, ctx);
    return undefined;
  } catch (e) {
    if (e instanceof ValueProblem) return e.message;
    throw e;
  }
}

function hint(input: Input): string {
  const choices = Array.isArray(input.choices) ? input.choices.map((c) => c.value).join('|') : undefined;
  return `--${input.option} ${choices ?? `<${input.option}>`}`;
}
