// The bin's questions, on node:readline: a line for text, a number, name or key for a choice, y/n for yes/no, a
// comma-separated list for several choices. An invalid answer is explained and asked again. Lines are read
// through readline's async iterator, which buffers them, so answers piped in ahead of the questions are not lost;
// readline's terminal mode (cursor codes) is used only when both ends are terminals.
import type { Interface } from 'node:readline';
import { PromptCancelled } from '../errors.js';
import type { Choice, Prompter, Question } from '../host.js';
import { visible } from '../text.js';

interface Streams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; unref?(): void };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Turns typed text into a choice's value, or says why it cannot. */
export function pickChoice(choices: Choice[], typed: string): string | undefined {
  const n = Number(typed);
  if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1].value;
  return choices.find((c) => c.value === typed || c.key === typed)?.value;
}

export function terminalPrompter(streams: Streams = { input: process.stdin, output: process.stdout }): Prompter {
  const { input, output } = streams;
  let rl: Interface | undefined;
  let lines: AsyncIterator<string> | undefined;
  const terminal = Boolean(input.isTTY && output.isTTY);
  // Ctrl-C: end the question's line, so that the message saying nothing was written starts a line of its own.
  const cancel = () => {
    output.write('\n');
    rl?.close();
  };
  const readLine = async (question: string): Promise<string> => {
    if (!rl) {
      // Loaded at the first question: a run that asks nothing (--yes, --help) does not pay for readline.
      rl = process.getBuiltinModule('node:readline').createInterface({ input, output, terminal });
      // In a terminal readline reads Ctrl-C as a key; otherwise it arrives as a signal, handled while asking.
      rl.on('SIGINT', cancel);
      // Once closed, stdin is read no more: unref it, or a pipe still open (nobody writing) keeps the process alive.
      rl.once('close', () => input.unref?.());
      lines = rl[Symbol.asyncIterator]();
    }
    rl.setPrompt(question);
    rl.prompt();
    if (!terminal) process.once('SIGINT', cancel);
    const next = await lines!.next().finally(() => process.removeListener('SIGINT', cancel));
    if (next.done) throw new PromptCancelled('cancelled at a question: nothing was written');
    // Out of a terminal, nothing echoes the answer and its line end: end the question's line ourselves.
    if (!terminal) output.write('\n');
    return next.value;
  };
  const say = (text: string) => void output.write(text);

  async function ask(q: Question): Promise<string | boolean | string[]> {
    const message = `? ${visible(q.message)}`;
    if (q.kind === 'text') {
      for (;;) {
        const typed = await readLine(`${message}${q.default ? ` (${visible(q.default)})` : ''} `);
        const value = typed.trim() === '' ? q.default : typed;
        const problem = q.validate?.(value);
        if (!problem) return value;
        say(`  >> ${visible(problem)}\n`);
      }
    }
    if (q.kind === 'confirm') {
      for (;;) {
        const typed = (await readLine(`${message} (${q.default ? 'Y/n' : 'y/N'}) `)).trim();
        if (typed === '') return q.default;
        if (/^y(es)?$/i.test(typed)) return true;
        if (/^no?$/i.test(typed)) return false;
        say('  >> answer y or n\n');
      }
    }
    const defaults = new Set(q.kind === 'checkbox' ? q.default : [q.default]);
    const keyed = q.choices.every((c) => c.key);
    say(`${message}\n${q.choices.map((c, i) => `  ${defaults.has(c.value) ? '*' : ' '} ${keyed ? c.key : i + 1}) ${visible(c.name)}`).join('\n')}\n`);
    for (;;) {
      if (q.kind === 'select') {
        const typed = (await readLine(`  ${keyed ? 'letter' : 'number or name'} (Enter: the * one): `)).trim();
        const value = typed === '' ? q.default : pickChoice(q.choices, typed);
        if (value !== undefined) return value;
        say(`  >> ${visible(JSON.stringify(typed))} is not one of the choices: type its ${keyed ? 'letter' : 'number or name'}\n`);
        continue;
      }
      const typed = (await readLine('  numbers or names, comma-separated (Enter: the * ones): ')).trim();
      if (typed === '') return q.default;
      const parts = typed.split(',').map((s) => s.trim()).filter(Boolean);
      const values = parts.map((p) => pickChoice(q.choices, p));
      const bad = parts.find((_p, i) => values[i] === undefined);
      if (bad === undefined) return values as string[];
      say(`  >> ${visible(JSON.stringify(bad))} is not one of the choices: type its number or name\n`);
    }
  }

  return {
    ask: ask as Prompter['ask'],
    close: () => rl?.close(),
  };
}
