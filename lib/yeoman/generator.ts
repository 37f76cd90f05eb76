// The Yeoman front end, as thin as the bin: a generator registers its command's flags and arguments from the
// same declarations, prints the same help, and runs the same command with a host made of the process's streams
// and Yeoman's prompts. Files are written by the shared write path (lib/write), not by Yeoman's in-memory file
// system, so `yo ifplugin` is all-or-nothing, honours --dry-run and --force, and asks about conflicts exactly as
// the bin does.
import Generator, { type BaseOptions } from 'yeoman-generator';
import { formatHelp, helpWidth } from '../commands/help.js';
import type { Args, CommandSpec } from '../commands/specs.js';
import { errorLine, exitStatus, PromptCancelled, UsageError } from '../errors.js';
import type { Host, Prompter, Question } from '../host.js';
import type { FlagValues } from '../inputs/flags.js';

type Options = BaseOptions & Record<string, unknown>;

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
/** Yeoman converts option values with the declared type: booleans pass through for a text flag, to be checked. */
const textOrBoolean = (v: unknown) => (typeof v === 'boolean' ? v : String(v));

export function commandGenerator(spec: CommandSpec) {
  return class CommandGenerator extends Generator<Record<string, unknown>, Options> {
    constructor(args?: string | string[], options?: Record<string, unknown>) {
      // customInstallTask: a plugin project has no package.json, so Yeoman has nothing to install.
      super(typeof args === 'string' ? [args] : (args ?? []), (options ?? {}) as Options, { customInstallTask: true });
      for (const p of spec.positionals) {
        this.argument(p.name, { type: p.variadic ? Array : String, required: false, description: p.description });
      }
      for (const f of spec.flags) {
        // --help is Yeoman's own option; every other flag is declared as the bin declares it.
        if (f.name === 'help') continue;
        this.option(f.name, {
          type: f.type === 'boolean' ? Boolean : (textOrBoolean as unknown as StringConstructor),
          ...(f.alias ? { alias: f.alias } : {}),
          description: f.description,
        });
      }
      quietTaskErrors(this);
    }

    /** `yo ifplugin[:command] --help`: the bin's help, with yo's command line. */
    override help(): string {
      return formatHelp(spec, yoProg(spec), helpWidth(process.stdout.columns));
    }

    /** The command's only step. Yeoman runs every public method as a step. */
    async ifplugin(): Promise<void> {
      const host: Host = {
        cwd: this.env.cwd,
        tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
        prompter: () => this._commandPrompter(),
      };
      try {
        const unknown = unknownOption(spec, Object.keys((this as unknown as { _options: Record<string, unknown> })._options ?? {}));
        if (unknown) throw new UsageError(`unknown option '${unknown}'`);
        const status = await (await spec.load()).run(this._commandArgs(), host);
        // validate's "findings" status: yo has no other way to end with it.
        if (status !== 0) throw Object.assign(new Error(`ifplugin ${spec.name}: exit status ${status}`), { code: status, quiet: true });
      } catch (e) {
        throw yoError(e as Error, yoProg(spec), Boolean(this.options.debug));
      }
    }

    /** Flag values by flag name, checked as the bin's parser checks them; positionals in order. */
    private _commandArgs(): Args {
      const opts = this.options as Record<string, unknown>;
      const flags: FlagValues = {};
      for (const f of spec.flags) {
        const value = opts[f.name] ?? opts[camel(f.name)];
        if (value === undefined) continue;
        if (f.type === 'string' && value === true) throw new UsageError(`--${f.name} needs a value`);
        if (f.type === 'string' && value === false && !f.negatable) throw new UsageError(`unknown option '--no-${f.name}'`);
        flags[f.name] = value as string | boolean;
      }
      const positionals = spec.positionals.flatMap((p) => {
        const value = opts[p.name];
        return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
      });
      return { flags, positionals };
    }

    private _commandPrompter(): Prompter {
      const ask = async (q: Question): Promise<unknown> => {
        const { name } = q;
        const question =
          q.kind === 'text'
            ? { type: 'input', name, message: q.message, default: q.default, validate: (v: string) => q.validate?.(String(v)) ?? true }
            : q.kind === 'confirm'
              ? { type: 'confirm', name, message: q.message, default: q.default }
              : q.kind === 'checkbox'
                ? { type: 'checkbox', name, message: q.message, choices: q.choices.map((c) => ({ name: c.name, value: c.value, checked: q.default.includes(c.value) })) }
                : q.choices.every((c) => c.key)
                  ? { type: 'expand', name, message: q.message, choices: q.choices, default: q.choices.find((c) => c.value === q.default)?.key }
                  : { type: 'select', name, message: q.message, choices: q.choices.map((c) => ({ name: c.name, value: c.value })), default: q.default };
        try {
          return ((await this.prompt([question] as never)) as Record<string, unknown>)[name];
        } catch (e) {
          // Inquirer's Ctrl-C, or the end of input.
          if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') {
            const cancelled = new PromptCancelled('cancelled at a question: nothing was written');
            // Yeoman's adapter also aborts the whole run with this very error, and yo reports that one: it gets
            // the bin's line and exit status too.
            Object.assign(e as Error, { message: errorLine(cancelled, yoProg(spec)), code: exitStatus(cancelled) });
            throw cancelled;
          }
          throw e;
        }
      };
      return { ask: ask as Prompter['ask'], close: () => undefined };
    }
  };
}

/**
 * Drops yeoman-generator's "An error occured while running <task>" line: yo prints the error itself, and a user
 * should see the one line that says what to fix, as from the bin.
 */
function quietTaskErrors(gen: { log: unknown }): void {
  const log = gen.log as ((...a: unknown[]) => unknown) & Record<string, unknown>;
  if (typeof log?.error !== 'function') return; // an instance made only for --help has no logger
  const error = log.error as (...a: unknown[]) => unknown;
  const wrapped = Object.assign((...a: unknown[]) => log(...a), log, {
    error: (message: unknown, ...rest: unknown[]) =>
      typeof message === 'string' && message.startsWith('An error occured while running') ? wrapped : error.call(log, message, ...rest),
  });
  gen.log = wrapped;
}

/** yo's own options (its usage text, and meow's): yo takes them before it runs a generator. */
const YO_OPTIONS = ['help', 'force', 'f', 'version', 'color', 'no-color', 'generators', 'local-only', 'environment-version', 'insight', 'no-insight'];

/**
 * The first option typed on yo's command line that neither the command nor yo nor Yeoman knows. Yeoman passes
 * unknown options to a generator without a word, so `yo ifplugin --nmae Foo` would make a plugin named by default;
 * the bin refuses it, and so does this. Only under yo itself (process.argv is yo's), never when embedded.
 */
function unknownOption(spec: CommandSpec, registered: string[]): string | undefined {
  const [script = '', command, ...rest] = process.argv.slice(1);
  if (!/(^|[\\/])yo(\.js)?$|[\\/]yo[\\/]lib[\\/]cli\.js$/.test(script) || command !== yoProg(spec).slice('yo '.length)) return undefined;
  const known = new Set([...YO_OPTIONS, ...registered]);
  for (const f of spec.flags) {
    known.add(f.name);
    if (f.type === 'boolean' || f.negatable) known.add(`no-${f.name}`);
    if (f.alias) known.add(f.alias);
  }
  for (const arg of rest) {
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0];
      if (!known.has(name)) return `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (const letter of arg.slice(1)) if (!known.has(letter)) return `-${letter}`;
    }
  }
  return undefined;
}

/** How yo runs a command: `yo ifplugin`, `yo ifplugin:delegate`. */
function yoProg(spec: CommandSpec): string {
  return `yo ifplugin${spec.name === 'app' ? '' : `:${spec.name}`}`;
}

/**
 * The error as yo reports it: yo prints "Error <arguments>", then the message, and exits with error.code. The
 * message is the one line the bin prints, and the code the bin's exit status.
 */
function yoError(error: Error, prog: string, debug: boolean): Error {
  if ((error as { quiet?: boolean }).quiet) return error;
  const out = new Error(errorLine(error, prog));
  if (debug) out.stack = error.stack;
  return Object.assign(out, { code: exitStatus(error) });
}
