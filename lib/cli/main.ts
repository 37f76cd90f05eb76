// The `ifplugin` bin: picks the command, parses its flags from declarations, and turns failures into one line
// and an exit code. Each command is loaded only when it runs, so a run loads only what it needs.
import { InputError, PromptCancelled, UsageError } from '../errors.js';
import { formatHelp, parseArgv, type CommandSpec, type ParsedArgs } from './argv.js';
import type { CliIo } from './common.js';

import { visible } from '../text.js';

export interface CliCommand {
  spec: CommandSpec;
  /** Resolves to the exit code, or nothing for 0. */
  run(args: ParsedArgs, io: CliIo): Promise<number | void>;
}

/** A command that parses its own arguments and reports its own errors (validate). */
type RawCommand = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load?: () => Promise<CliCommand>; raw?: () => Promise<RawCommand> }> = {
  app: { summary: 'a new plugin project (the default command)', load: () => import('./app-command.js') },
  delegate: { summary: 'add or replace a delegate class in a plugin, run inside it', load: () => import('./delegate-command.js') },
  validate: {
    summary: "check .info files and plugin folders against ImageFactory's loader",
    raw: async () => {
      const { validateCommand } = await import('../commands/validate.js');
      return (argv, io) => validateCommand(argv, { stdout: io.out, stderr: io.err, cwd: io.cwd });
    },
  },
  templates: { summary: 'copy the built-in templates to customize them, or --list them', load: () => import('./templates-command.js') },
};

function commandsHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return `Commands:\n${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}${c.summary}`).join('\n')}\n` +
    'Run "ifplugin COMMAND --help" for the options of one.\n';
}

/** Runs the bin; resolves to the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const name = first !== undefined && Object.hasOwn(COMMANDS, first) ? first : 'app';
  const args = name === first ? rest : argv;
  const debug = args.includes('--debug') || Boolean(process.env.IFPLUGIN_DEBUG);
  try {
    const entry = COMMANDS[name];
    if (entry.raw) return await (await entry.raw())(args, io);
    const command = await entry.load!();
    const spec = { ...command.spec, flags: [...command.spec.flags, DEBUG] };
    const parsed = parseArgv(spec, args);
    if (parsed.flags.help) {
      io.out(formatHelp({ ...spec, name: name === 'app' && first !== 'app' ? '' : name }));
      if (name === 'app') io.out(`\n${commandsHelp()}`);
      return 0;
    }
    return (await command.run(parsed, io)) ?? 0;
  } catch (e) {
    const error = e as Error;
    if (debug) io.err(`${error.stack}\n`);
    // One line: our own messages whole, with any control character a value brought in made visible; of an
    // unexpected error, its first line (--debug shows the rest).
    const message = String(error.message);
    const line = error instanceof InputError || error instanceof UsageError ? message : message.split('\n')[0];
    io.err(`ifplugin${name === 'app' ? '' : ` ${name}`}: ${visible(line)}\n`);
    if (error instanceof UsageError) return 2;
    if (error instanceof PromptCancelled) return 130;
    return 1;
  }
}

const DEBUG = { name: 'debug', type: 'boolean' as const, description: 'Print the stack trace of an error' };
