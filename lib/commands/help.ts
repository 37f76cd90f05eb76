// `--help` of a command, made from its declaration, for the bin and for yo alike: usage, what it does, its
// arguments, its flags and examples, wrapped to the terminal (at most 100 columns).
import type { Flag } from '../inputs/flags.js';
import { wrapText } from '../text.js';
import type { CommandSpec } from './specs.js';

export const MAX_HELP_WIDTH = 100;

/** The width help is wrapped to: the terminal's, between 60 and 100 columns; 100 without a terminal. */
export function helpWidth(columns: number | undefined): number {
  return Math.max(60, Math.min(MAX_HELP_WIDTH, columns ?? MAX_HELP_WIDTH));
}

function flagLabel(f: Flag): string {
  const short = f.alias ? `-${f.alias}, ` : '    ';
  const value = f.type === 'string' ? ` <${f.hint ?? 'value'}>` : '';
  const negation = f.type === 'boolean' ? `, --no-${f.name}` : f.negatable ? ` | --no-${f.name}` : '';
  return `${short}--${f.name}${value}${negation}`;
}

/** Rows of `label  text`, the text wrapped beside the labels (or under a label too long for the column). */
function table(rows: [string, string][], width: number): string[] {
  const left = Math.min(30, Math.max(...rows.map(([l]) => l.length)) + 2);
  const pad = ' '.repeat(2 + left);
  return rows.flatMap(([label, text]) => {
    const body = wrapText(text, width - 2 - left).split('\n');
    const first = label.length < left ? `  ${label.padEnd(left)}${body[0]}` : `  ${label}\n${pad}${body[0]}`;
    return [first, ...body.slice(1).map((line) => `${pad}${line}`)];
  });
}

/**
 * The help of `spec`, as `prog` (e.g. `ifplugin delegate` or `yo ifplugin:delegate`) runs it. `extra` adds
 * sections at the end (the bin's list of commands).
 */
export function formatHelp(spec: CommandSpec, prog: string, width = MAX_HELP_WIDTH, extra: string[] = []): string {
  const args = spec.positionals.map((p) => `[${p.name}${p.variadic ? '...' : ''}]`).join(' ');
  const lines = [
    `Usage: ${prog}${args ? ` ${args}` : ''} [options]`,
    '',
    wrapText(spec.description, width),
  ];
  if (spec.positionals.length) lines.push('', 'Arguments:', ...table(spec.positionals.map((p) => [p.name, p.description]), width));
  lines.push('', 'Options:', ...table(spec.flags.map((f) => [flagLabel(f), f.description]), width));
  if (spec.examples.length) {
    lines.push('', 'Examples:');
    for (const [example, what] of spec.examples) lines.push(`  ${prog} ${example}`, wrapText(what, width, '      '));
  }
  for (const section of extra) lines.push('', section);
  return `${lines.join('\n')}\n`;
}
