// The bin's command line, parsed by node:util's parseArgs from a command's flag declarations. parseArgs has no
// --no-<flag> on Node 20, so each boolean (and negatable) flag also declares its negation, folded back here;
// the rules parseArgs leaves to its caller (a flag given twice, both forms of one flag, too many arguments)
// are checked here too. Every problem is a UsageError of one line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { FlagValues } from '../inputs/flags.js';
import type { Args, CommandSpec } from '../commands/specs.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandLine(spec: CommandSpec, argv: string[]): Args {
  const options: Options = {};
  for (const f of spec.flags) {
    options[f.name] = { type: f.type, ...(f.alias ? { short: f.alias } : {}) };
    if (f.type === 'boolean' || f.negatable) options[`no-${f.name}`] = { type: 'boolean' };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(usageProblem(e as NodeJS.ErrnoException, argv));
  }
  const declared = new Set(spec.flags.map((f) => f.name));
  const flags: FlagValues = {};
  const forms = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const negated = !declared.has(token.name);
    const name = negated ? token.name.slice(3) : token.name;
    forms.set(name, [...(forms.get(name) ?? []), token.name]);
    flags[name] = negated ? false : token.value ?? true;
  }
  for (const [name, given] of forms) {
    if (given.length < 2) continue;
    if (new Set(given).size > 1) throw new UsageError(`--${name} and --no-${name} are both given: give one of them`);
    throw new UsageError(`--${given[0]} is given twice: give it once`);
  }
  const max = spec.positionals.some((p) => p.variadic) ? Infinity : spec.positionals.length;
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`);
  return { flags, positionals: parsed.positionals };
}

/** parseArgs' error, said the way this project says things. */
function usageProblem(e: NodeJS.ErrnoException, argv: string[]): string {
  // parseArgs names an option with a short form as '-h, --help': the long form is the one to show.
  const option = /'(?:-\w, )?(--?[^' =]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${option}'`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(e.message)) {
      const name = option.replace(/^--(no-)?/, '');
      return `${option} takes no value: it is a flag, --${name} or --no-${name}`;
    }
    // As the value of a text option, an argument that looks like an option is refused: `--description --yes`
    // must not swallow --yes. --description=-x gives such a value.
    const next = argv[argv.findIndex((a) => a === option || (option.startsWith('--') ? false : a.startsWith(option))) + 1];
    return next === undefined ? `${option} needs a value` : `${option} needs a value (to give one starting with "-", write ${option}=${next})`;
  }
  return e.message.split('\n')[0];
}
