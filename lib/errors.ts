// Every error the commands raise on purpose. Each message is one line that says what to do; the hosts (the bin,
// the Yeoman generators) print it as it is and choose the exit status from the class.

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
