// Terminal prompts for the bin, on node:readline: a line for text, a number or name for a choice, y/n for
// yes/no, a comma-separated list for several choices. An invalid answer is explained and asked again.
import { PromptCancelled } from '../errors.js';
import { createInterface, type Interface } from 'node:readline/promises';
import type { Ask } from '../inputs/resolve.js';
import type { Choice, DefaultContext, Input } from '../inputs/inputs.js';

function choicesOf(input: Input, ctx: DefaultContext): Choice[] | undefined {
  const c = input.prompt.choices;
  return typeof c === 'function' ? c(ctx) : c;
}

/** Turns typed text into the answer's text form, or returns why it cannot. */
export function interpret(input: Input, typed: string, defaultValue: string, choices?: Choice[]): { value?: string; problem?: string } {
  const text = typed.trim();
  if (text === '') return { value: defaultValue };
  if (input.boolean) {
    if (/^y(es)?$/i.test(text)) return { value: 'true' };
    if (/^no?$/i.test(text)) return { value: 'false' };
    return { problem: 'answer y or n' };
  }
  if (!choices) return { value: typed };
  const pick = (t: string): string | undefined => {
    const n = Number(t);
    if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1].value;
    return choices.find((c) => c.value === t)?.value;
  };
  const parts = input.multiple ? text.split(',').map((s) => s.trim()).filter(Boolean) : [text];
  const values = parts.map(pick);
  const bad = parts.find((_p, i) => values[i] === undefined);
  if (bad !== undefined) return { problem: `"${bad}" is not one of the choices: type its number or name` };
  return { value: values.join(',') };
}

/** Lists `paths` and asks whether to overwrite them; true on yes. */
export async function askOverwrite(ask: Ask, out: (text: string) => void, paths: string[]): Promise<boolean> {
  out(`These files differ from what ifplugin would write:\n${paths.map((p) => `  ${p}`).join('\n')}\n`);
  const question: Input = {
    key: 'overwrite', option: 'force', boolean: true, description: '', prompt: { message: () => 'Overwrite them?' }, default: () => 'false',
  };
  return (await ask(question, {}, 'false')) === 'true';
}

export function terminalAsk(ctx: DefaultContext, io = { input: process.stdin, output: process.stdout }): { ask: Ask; close(): void } {
  let rl: Interface | undefined;
  let closed: Promise<never> | undefined;
  const line = async (question: string): Promise<string> => {
    if (!rl) {
      const created = createInterface({ input: io.input, output: io.output, terminal: true });
      // Ctrl-C: end the prompt's line, so that the message saying nothing was written starts a line of its own.
      created.on('SIGINT', () => {
        io.output.write('\n');
        created.close();
      });
      // One listener for every question: Ctrl-C or the end of input cancels whichever question is waiting. Once
      // closed, stdin is read no more: unref it, or a pipe still open (nobody writing) would keep the process alive.
      closed = new Promise<never>((_r, reject) => created.once('close', () => {
        (io.input as { unref?: () => void }).unref?.();
        reject(new PromptCancelled('cancelled at a prompt: nothing was written'));
      }));
      closed.catch(() => undefined);
      rl = created;
    }
    return Promise.race([rl.question(question), closed!]);
  };
  const ask: Ask = async (input, answers, defaultValue) => {
    const choices = choicesOf(input, ctx);
    let question = `? ${input.prompt.message(answers)}`;
    if (choices) {
      const marked = new Set(input.multiple ? defaultValue.split(',') : [defaultValue]);
      io.output.write(`${question}\n${choices.map((c, i) => `  ${marked.has(c.value) ? '*' : ' '} ${i + 1}) ${c.name}`).join('\n')}\n`);
      question = input.multiple ? '  numbers or names, comma-separated (Enter: the * ones): ' : '  number or name (Enter: the * one): ';
    } else if (input.boolean) {
      question += defaultValue === 'true' ? ' (Y/n) ' : ' (y/N) ';
    } else {
      question += defaultValue ? ` (${defaultValue}) ` : ' ';
    }
    for (;;) {
      const { value, problem } = interpret(input, await line(question), defaultValue, choices);
      const invalid = problem ?? (value !== undefined ? input.validate?.(value, answers, ctx) : undefined);
      if (!invalid) return value!;
      io.output.write(`  >> ${invalid}\n`);
    }
  };
  return { ask, close: () => rl?.close() };
}
