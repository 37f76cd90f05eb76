// What a front end supplies to the commands: where the run is, where its output goes, and, when the run may ask,
// how to ask. The `ifplugin` bin (lib/cli) and the Yeoman generators (lib/yeoman) each implement it once; every
// rule about what to ask, print or write lives in the commands and the write path, never in a host.

/** One entry of a list to choose from. */
export interface Choice {
  value: string;
  /** What a person reads in the list. */
  name: string;
  /** A one-letter answer, for short lists such as the conflict question. */
  key?: string;
}

/**
 * One question, as the commands ask it; a host renders it its own way (readline, or Yeoman's prompts). `name`
 * identifies it (an input's key): Yeoman's prompts, and so yeoman-test's answers, are keyed by it.
 */
export type Question = { name: string; message: string } & (
  | { kind: 'text'; default: string; validate?(text: string): string | undefined }
  | { kind: 'confirm'; default: boolean }
  | { kind: 'select'; choices: Choice[]; default: string }
  | { kind: 'checkbox'; choices: Choice[]; default: string[] }
);

export type Answer<Q extends Question> = Q extends { kind: 'confirm' } ? boolean : Q extends { kind: 'checkbox' } ? string[] : string;

export interface Prompter {
  /** Asks until the answer is valid; rejects with PromptCancelled on Ctrl-C or the end of input. */
  ask<Q extends Question>(question: Q): Promise<Answer<Q>>;
  close(): void;
}

export interface Host {
  /** The folder the command runs in. */
  cwd: string;
  /** Both stdin and stdout are terminals: the default for asking. */
  tty: boolean;
  /** Results: listings, summaries, reports (stdout). */
  out(text: string): void;
  /** Warnings and notices (stderr). */
  err(text: string): void;
  /** Starts asking; called only when the run may ask. */
  prompter(): Prompter;
}
