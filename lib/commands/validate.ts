// The `ifplugin validate` command line: options, output (one line per finding, or --json) and exit status.
// Exit 0: no errors (warnings allowed); 1: errors; 2: bad usage. Loaded by bin/ifplugin.ts without Yeoman.
import { UsageError } from '../errors.js';
import { isAbsolute, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { visible } from '../text.js';
import { rulesMarkdown } from '../imagefactory/rules.js';
import { validatePaths, type Finding, type ValidateResult } from '../validate/validate.js';

export const VALIDATE_HELP = `Usage: ifplugin validate [options] PATH...

Checks ImageFactory plugins against what the real loader and Builder do. PATH is a .info file, a plugin
folder (__init__.py and/or <Name>.info), a project made by ifplugin, or a folder searched for plugins.
Prints one line per finding: file[:line[:col]]: error|warning: message (rule).

Options:
  --json         print one JSON report on stdout instead
  --python PY    Python 3 interpreter for the Python rules (default: python3 on PATH; without one they are skipped)
  --no-python    skip the Python rules
  --rules        print the table of rules (Markdown) and exit
  -h, --help     print this help and exit

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.
`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const PROCESS_IO: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
};

/** The options of `ifplugin validate`, as node's parseArgs takes them (VALIDATE_HELP describes them). */
export const VALIDATE_OPTIONS = {
  json: { type: 'boolean' },
  python: { type: 'string' },
  'no-python': { type: 'boolean' },
  rules: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `ifplugin validate ARGS`; returns the exit status. */
export async function validateCommand(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  // One line each: a path or value with a line break or a control character in it is shown escaped.
  const say = (line: string): void => io.stderr(`ifplugin validate: ${visible(line)}\n`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: VALIDATE_OPTIONS });
  } catch (e) {
    say(`${usageProblem(e as Error)}; see ifplugin validate --help`);
    return 2;
  }
  const { values, positionals, tokens } = parsed;
  const given = tokens.filter((t) => t.kind === 'option').map((t) => t.name);
  const twice = given.find((n, i) => given.indexOf(n) !== i);
  if (twice !== undefined) {
    say(`--${twice} is given twice; see ifplugin validate --help`);
    return 2;
  }
  if (values.python === '') {
    say('--python needs an interpreter, e.g. --python python3 or --python /usr/bin/python3; see ifplugin validate --help');
    return 2;
  }
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  if (values.rules) {
    io.stdout(`${rulesMarkdown()}\n`);
    return 0;
  }
  if (values.python !== undefined && values['no-python']) {
    say('--python and --no-python contradict each other; see ifplugin validate --help');
    return 2;
  }
  let result: ValidateResult;
  try {
    result = await validatePaths(positionals, { cwd: io.cwd, python: values['no-python'] ? false : values.python });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}; see ifplugin validate --help`);
    return 2;
  }
  for (const notice of result.notices) say(`notice: ${notice}`);
  if (values.json) {
    io.stdout(`${JSON.stringify(jsonReport(result, io.cwd), null, 2)}\n`);
  } else {
    for (const f of result.findings) io.stdout(`${formatFinding(f, io.cwd)}\n`);
    say(summary(result));
  }
  return result.errors ? 1 : 0;
}

function usageProblem(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  // parseArgs names an option with a short form as '-h, --help': the long form is the one to show.
  const option = /'(?:-\w, )?(-[^' ]+)/.exec(e.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing|ambiguous/.test(e.message) ? `${option} needs a value` : `${option} takes no value`;
  }
  return e.message.split('\n')[0];
}

/** A path as the user reads it: relative to the working folder when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** `file[:line[:col]]: error|warning: message (rule)`, always one line. */
export function formatFinding(f: Finding, cwd: string): string {
  const where = `${displayPath(f.file, cwd)}${f.line ? `:${f.line}${f.col ? `:${f.col}` : ''}` : ''}`;
  return `${where}: ${f.severity}: ${f.message.replace(/\s*[\r\n]+\s*/g, ' ')} (${f.rule})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(r: ValidateResult): string {
  const checked = `${plural(r.plugins.length, 'plugin folder')}, ${plural(r.infoFiles.length, 'other .info file')}`;
  const python = r.python ? `; Python rules by ${r.python.command} ${r.python.version}` : r.plugins.length ? '; Python rules skipped' : '';
  return `${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')} (${checked}${python})`;
}

/** The --json report: counts, findings with display paths and null positions, what was checked and with what. */
export function jsonReport(r: ValidateResult, cwd: string): object {
  return {
    ok: r.errors === 0,
    errors: r.errors,
    warnings: r.warnings,
    findings: r.findings.map((f) => ({
      file: displayPath(f.file, cwd), line: f.line ?? null, col: f.col ?? null, rule: f.rule, severity: f.severity, message: f.message,
    })),
    notices: r.notices,
    python: r.python ? { command: r.python.command, executable: r.python.executable, version: r.python.version } : null,
    plugins: r.plugins.map((p) => ({
      dir: displayPath(p.dir, cwd),
      type: p.type,
      infoFiles: p.infoFiles.map((f) => displayPath(f, cwd)),
      ...(p.delegates ? { delegates: p.delegates } : {}),
    })),
    infoFiles: r.infoFiles.map((f) => displayPath(f, cwd)),
  };
}
