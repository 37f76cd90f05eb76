// Every error the commands raise on purpose. Each message is one line that says what to do; the hosts (the bin,
// the Yeoman generators) print it as it is and choose the exit status from the class.
import { visible } from './text.js';

/** A bad or missing input, or a state of the disk that stops the run: exit status 1. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A bad command line (unknown option, missing value): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Ctrl-C or the end of input at a prompt: exit status 130. */
export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

/** A failure in a template: the message names the template file and line. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Why a value is not allowed, as a sentence fragment ("\"9x\" is not a valid plugin name: ..."): thrown by the
 * parsers of input values and turned into an InputError that names the option.
 */
export class ValueProblem extends Error {
  override name = 'ValueProblem';
}

/**
 * The one line a front end prints for a failure: our own messages whole, of an unexpected error its first line
 * (--debug shows the rest); every character visible; a usage error points at `<prog> --help`.
 */
export function errorLine(error: Error, prog: string): string {
  const mine = error instanceof InputError || error instanceof UsageError || error instanceof PromptCancelled || error instanceof Interrupted;
  const line = visible(mine ? error.message : String(error.message).split('\n')[0]);
  return error instanceof UsageError && !line.includes('--help') ? `${line} (see ${prog} --help)` : line;
}

/** The exit status a failure ends the process with: 2 bad usage, 130 cancelled at a question, 1 otherwise. */
export function exitStatus(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof PromptCancelled) return 130;
  // As a shell reports a process a signal ended: 128 + the signal's number.
  // node:os only then: most runs never need it.
  if (error instanceof Interrupted) return 128 + (process.getBuiltinModule('node:os').constants.signals[error.signal] ?? 0);
  return 1;
}

/** A signal ended the run while it was writing; what it had written was put back. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signal: NodeJS.Signals, when: string) {
    super(`interrupted by ${signal} ${when}: nothing was changed`);
  }
}
