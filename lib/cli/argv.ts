import { UsageError } from '../errors.js';
// A small command-line parser driven by declarations, so the bin needs no framework to start.
export interface FlagSpec {
  /** Long name without `--`. */
  name: string;
  type: 'string' | 'boolean';
  alias?: string;
  description: string;
  /** Shown in help as `--name <hint>`. */
  hint?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  variadic?: boolean;
}

export interface CommandSpec {
  /** As typed after `ifplugin`; '' for the default command. */
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  flags: FlagSpec[];
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseArgv(spec: CommandSpec, argv: string[]): ParsedArgs {
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const byAlias = new Map(spec.flags.filter((f) => f.alias).map((f) => [f.alias!, f]));
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  const seeHelp = `see ifplugin ${spec.name ? `${spec.name} ` : ''}--help`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const [rawName, inline] = long ? splitOnce(arg.slice(2), '=') : [arg.slice(1), undefined];
    let flag = long ? byName.get(rawName) : byAlias.get(rawName);
    let negated = false;
    if (!flag && long && rawName.startsWith('no-')) {
      flag = byName.get(rawName.slice(3));
      negated = flag?.type === 'boolean';
      if (!negated) flag = undefined;
    }
    if (!flag) throw new UsageError(`unknown option '${arg.split('=')[0]}' (${seeHelp})`);
    if (flags[flag.name] !== undefined) {
      const both = flag.type === 'boolean' && flags[flag.name] === negated;
      throw new UsageError(both ? `--${flag.name} and --no-${flag.name} are both given: give one of them` : `--${flag.name} is given twice: give it once`);
    }
    if (flag.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${flag.name} takes no value: it is a flag, --${flag.name} or --no-${flag.name}`);
      flags[flag.name] = !negated;
    } else {
      // As node's parseArgs does: the next argument is not taken as the value when it looks like an option,
      // so that `--description --yes` is not a description; --description=-x gives such a value.
      const next = argv[i + 1];
      if (inline === undefined && (next === undefined || (next.startsWith('-') && next !== '-'))) {
        throw new UsageError(`--${flag.name} needs a value (${next === undefined ? seeHelp : `to give one starting with "-", write --${flag.name}=${next}`})`);
      }
      const value = inline ?? argv[++i];
      flags[flag.name] = value;
    }
  }
  const max = spec.positionals.some((p) => p.variadic) ? Infinity : spec.positionals.length;
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument '${positionals[max]}' (${seeHelp})`);
  }
  return { flags, positionals };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Help text: usage, summary, arguments and options, descriptions wrapped to `width`. */
export function formatHelp(spec: CommandSpec, width = 100): string {
  const cmd = `ifplugin${spec.name ? ` ${spec.name}` : ''}`;
  const args = spec.positionals.map((p) => `[${p.name}${p.variadic ? '...' : ''}]`).join(' ');
  const rows: [string, string][] = [
    ...spec.positionals.map((p): [string, string] => [p.name, p.description]),
    ...spec.flags.map((f): [string, string] => [
      `${f.alias ? `-${f.alias}, ` : '    '}--${f.name}${f.type === 'string' ? ` <${f.hint ?? 'value'}>` : ''}`,
      f.description,
    ]),
  ];
  const left = Math.min(34, Math.max(...rows.map(([l]) => l.length)) + 2);
  const wrap = (text: string): string => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      if (line && 2 + left + line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.join(`\n${' '.repeat(2 + left)}`);
  };
  const table = rows.map(([l, r]) => `  ${l.padEnd(left)}${l.length >= left ? `\n  ${' '.repeat(left)}` : ''}${wrap(r)}`);
  return `Usage: ${cmd} ${args ? `${args} ` : ''}[options]\n\n${spec.summary}\n\n${table.join('\n')}\n`;
}
