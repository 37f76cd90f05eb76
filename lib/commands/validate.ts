// The validate command: checks the paths given (or `.`, or one .info on stdin), keeps the rules selected, prints
// the findings in the format asked for on stdout and, for the text and github formats, a summary on stderr.
// --fix and --diff: lib/commands/validate-fix.ts. Exit status: 0 no errors (and no more warnings than allowed),
// 1 errors or too many warnings, 2 bad usage (a UsageError).
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Host } from '../host.js';
import type { FlagValues } from '../inputs/flags.js';
import { rulesMarkdown } from '../imagefactory/rules.js';
import { displayPath, visible } from '../text.js';
import { findSettings, type FoundSettings } from '../validate/config.js';
import { addInfoFixes } from '../validate/fix.js';
import { FORMATS, githubAnnotations, type Format } from '../validate/formats.js';
import { INFO_EXTENSION } from '../validate/info-file.js';
import { formatFinding, jsonReport, summaryLine } from '../validate/report.js';
import { sarifLog } from '../validate/sarif.js';
import { applySelection, ruleEntries, type Selection } from '../validate/select.js';
import { readStdin, validateStdin } from '../validate/stdin.js';
import { validatePaths, type ValidateResult } from '../validate/validate.js';
import type { Args } from './specs.js';
import { fixFindings } from './validate-fix.js';

interface Options {
  paths: string[];
  /** `-`: one .info on stdin, as the file `name` (absolute) when --stdin-filename gives one. */
  stdin?: { name?: string };
  format: Format;
  selection: Selection;
  maxWarnings?: { value: number; given: string };
  /** Warnings fail the run: who says so (--strict, or the setting and where it is). */
  strict?: string;
  python?: string | false;
  mode?: 'fix' | 'diff';
  settings?: FoundSettings;
}

export async function run({ flags, positionals }: Args, host: Host): Promise<number> {
  if (flags.rules) {
    host.out(`${rulesMarkdown()}\n`);
    return 0;
  }
  const o = options(flags, positionals, host.cwd);
  const check = async (): Promise<ValidateResult> => {
    const found = o.stdin
      ? validateStdin(await readStdin(), o.stdin.name)
      : await validatePaths(o.paths, { cwd: host.cwd, python: o.python });
    const result = applySelection(found, o.selection);
    // A fix is made to a file: the text on stdin has none (even when --stdin-filename names one).
    if (!o.stdin) addInfoFixes(result.findings);
    return result;
  };
  let result = await check();
  if (o.mode) {
    const changed = await fixFindings(result, o.mode, host, o.python || undefined);
    if (o.mode === 'diff') return changed ? 1 : 0;
    // What remains, checked again from the disk.
    if (changed) result = await check();
  }
  return report(result, o, host);
}

/** The flags, the paths and the project's settings, checked: every problem is a one-line UsageError. */
function options(flags: FlagValues, positionals: string[], cwd: string): Options {
  const text = (name: string): string | undefined => {
    const value = flags[name];
    if (value === '') throw new UsageError(`--${name} needs a value`);
    return typeof value === 'string' ? value : undefined;
  };
  const stdin = positionals.includes('-');
  if (stdin && positionals.length > 1) throw new UsageError('- (a .info read from stdin) goes alone: give it, or paths, not both');
  const stdinName = text('stdin-filename');
  if (stdinName !== undefined && !stdin) throw new UsageError('--stdin-filename names the .info read from stdin: it goes with - as the path');
  if (stdinName !== undefined && !stdinName.endsWith(INFO_EXTENSION)) throw new UsageError(`--stdin-filename ${stdinName}: validate reads only a .info from stdin`);

  const asked = text('format');
  if (asked !== undefined && !(FORMATS as readonly string[]).includes(asked)) {
    throw new UsageError(`--format ${asked}: the formats are ${FORMATS.join(', ')}`);
  }
  if (flags.json && asked !== undefined && asked !== 'json') throw new UsageError(`--json and --format ${asked} contradict each other: --json is --format json`);
  const format = (flags.json ? 'json' : asked ?? 'text') as Format;

  if (flags.fix && flags.diff) throw new UsageError('--fix and --diff: give one (--diff shows what --fix would write)');
  const mode = flags.fix ? 'fix' : flags.diff ? 'diff' : undefined;
  if (mode && stdin) throw new UsageError(`--${mode} works on files: it cannot change a .info read from stdin`);
  if (mode === 'diff' && format !== 'text') throw new UsageError(`--diff prints a diff: it takes no --format ${format}`);
  if (flags.python === '') throw new UsageError('--python needs an interpreter, e.g. --python python3 or --python /usr/bin/python3');
  const python = flags.python === false ? false : (flags.python as string | undefined);
  if (mode && python === false) throw new UsageError(`--${mode} checks every file it fixes with Python first: drop --no-python`);

  const settings = findSettings(cwd, (p) => displayPath(cwd, p));
  const entries = (name: 'select' | 'ignore'): string[] | undefined => {
    const given = text(name);
    if (given !== undefined) return ruleEntries(given.split(','), `--${name}`);
    const set = settings?.settings[name];
    return set && ruleEntries(set, `${settings!.where[name]}: [tool.ifplugin.validate] ${name}`);
  };
  const selection: Selection = { select: entries('select'), ignore: entries('ignore') };

  const limit = text('max-warnings');
  if (limit !== undefined && !/^\d+$/.test(limit)) throw new UsageError(`--max-warnings ${limit}: give a whole number of 0 or more`);
  const fromSettings = settings?.settings.maxWarnings;
  const maxWarnings = limit !== undefined ? { value: Number(limit), given: `--max-warnings ${limit}` }
    : fromSettings !== undefined ? { value: fromSettings, given: `max-warnings = ${fromSettings} (${settings!.where.maxWarnings})` } : undefined;
  const strict = typeof flags.strict === 'boolean' ? (flags.strict ? '--strict' : undefined)
    : settings?.settings.strict ? `strict = true (${settings.where.strict})` : undefined;

  return {
    paths: positionals.length ? positionals : ['.'],
    ...(stdin ? { stdin: stdinName === undefined ? {} : { name: resolve(cwd, stdinName) } } : {}),
    format, selection, maxWarnings, strict, python, mode, settings,
  };
}

/** Prints the result in its format; resolves to the exit status. */
function report(result: ValidateResult, o: Options, host: Host): number {
  if (o.format !== 'github') for (const notice of result.notices) host.err(`notice: ${visible(notice)}\n`);
  let lines: string[] = [];
  if (o.format === 'json') lines = [JSON.stringify(jsonReport(result, host.cwd), null, 2)];
  else if (o.format === 'sarif') lines = [JSON.stringify(sarifLog(result, host.cwd), null, 2)];
  else if (o.format === 'github') lines = githubAnnotations(result, host.cwd);
  else lines = result.findings.map((f) => formatFinding(f, host.cwd));
  // One write per thousand lines, not per line: a hostile file can have hundreds of thousands of findings.
  for (let i = 0; i < lines.length; i += 1000) host.out(lines.slice(i, i + 1000).map((l) => `${l}\n`).join(''));

  const tooMany = result.errors === 0 && result.warnings > 0
    ? o.strict ? `${o.strict}: warnings fail the run`
      : o.maxWarnings && result.warnings > o.maxWarnings.value ? `more warnings than ${o.maxWarnings.given} allows` : undefined
    : undefined;
  if (o.format === 'text' || o.format === 'github') {
    const fixable = result.findings.filter((f) => f.fix?.length).length;
    const extra = [
      ...(fixable ? [`${fixable} fixable with --fix (--diff shows how)`] : []),
      ...(o.settings ? [`settings from ${displayPath(host.cwd, o.settings.file)}`] : []),
    ];
    host.err(`${[summaryLine(result), ...extra].join('; ')}\n`);
  }
  if (tooMany) host.err(`ifplugin validate: ${tooMany}\n`);
  return result.errors || tooMany ? 1 : 0;
}
