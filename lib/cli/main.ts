// The `ifplugin` bin, a thin front end: picks the command, parses its flags from the declarations, runs it with a
// host made of the process's streams and readline questions, and turns a failure into one line and an exit status.
import { COMMANDS, type CommandName, type CommandSpec } from '../commands/specs.js';
import { formatHelp, helpWidth } from '../commands/help.js';
import { errorLine, exitStatus, UsageError } from '../errors.js';
import type { Host } from '../host.js';
import { packageVersion } from '../paths.js';
import { editDistance } from '../text.js';
import { parseCommandLine } from './argv.js';
import { terminalPrompter } from './prompt.js';

export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Both stdin and stdout are terminals. */
  tty: boolean;
  /** The terminal's width, when there is one. */
  columns?: number;
}

function commandsSection(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "ifplugin COMMAND --help" for the options of one; "ifplugin --version" prints the version.',
  ].join('\n');
}

/** The command and its arguments: a known command name first, or the app command. */
function pick(argv: string[]): { spec: CommandSpec; args: string[]; named: boolean } {
  const [first, ...rest] = argv;
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return { spec: COMMANDS[first as CommandName], args: rest, named: true };
  // `ifplugin delegat --yes` would scaffold a plugin named delegat: a near miss of a command is refused.
  const near = first !== undefined && !first.startsWith('-') && !first.includes('/')
    ? Object.keys(COMMANDS).find((n) => editDistance(n, first.toLowerCase()) <= 2)
    : undefined;
  if (near) {
    throw new UsageError(`unknown command '${first}': did you mean ${near}? (to make a plugin in a folder of that name, write ifplugin app ${first})`);
  }
  return { spec: COMMANDS.app, args: argv, named: false };
}

/** Runs the bin; resolves to the process exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  let prog = 'ifplugin';
  const debug = argv.includes('--debug') || Boolean(process.env.IFPLUGIN_DEBUG);
  try {
    const { spec, args, named } = pick(argv);
    prog = named ? `ifplugin ${spec.name}` : 'ifplugin';
    const parsed = parseCommandLine(spec, args);
    if (parsed.flags.help) {
      io.out(formatHelp(spec, prog, helpWidth(io.columns), spec.name === 'app' && !named ? [commandsSection()] : []));
      return 0;
    }
    const host: Host = {
      cwd: io.cwd,
      // Read when needed: the bin finds it out only then (bin/ifplugin.ts).
      get tty() {
        return io.tty;
      },
      out: io.out,
      err: io.err,
      prompter: () => terminalPrompter(),
    };
    return await (await spec.load()).run(parsed, host);
  } catch (e) {
    return report(e as Error, prog, io, debug);
  }
}

/** One line on stderr for a failure, and its exit status: 2 bad usage, 130 cancelled, 1 otherwise. */
export function report(error: Error, prog: string, io: Pick<CliIo, 'err'>, debug: boolean): number {
  if (debug) io.err(`${error.stack}\n`);
  io.err(`${prog}: ${errorLine(error, prog)}\n`);
  return exitStatus(error);
}
