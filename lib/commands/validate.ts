// The validate command: checks the paths given, prints one line per finding (or one JSON report) on stdout and a
// summary on stderr. Exit status: 0 no errors (warnings allowed), 1 errors, 2 bad usage (a UsageError).
import { UsageError } from '../errors.js';
import type { Host } from '../host.js';
import { rulesMarkdown } from '../imagefactory/rules.js';
import { visible } from '../text.js';
import { formatFinding, jsonReport, summaryLine } from '../validate/report.js';
import { validatePaths } from '../validate/validate.js';
import type { Args } from './specs.js';

export async function run({ flags, positionals }: Args, host: Host): Promise<number> {
  if (flags.rules) {
    host.out(`${rulesMarkdown()}\n`);
    return 0;
  }
  if (flags.python === '') {
    throw new UsageError('--python needs an interpreter, e.g. --python python3 or --python /usr/bin/python3');
  }
  const python = flags.python === false ? false : (flags.python as string | undefined);
  const result = await validatePaths(positionals, { cwd: host.cwd, python });
  for (const notice of result.notices) host.err(`notice: ${visible(notice)}\n`);
  if (flags.json) {
    host.out(`${JSON.stringify(jsonReport(result, host.cwd), null, 2)}\n`);
  } else {
    // One write per thousand lines, not per line: a hostile file can have hundreds of thousands of findings.
    for (let i = 0; i < result.findings.length; i += 1000) {
      host.out(result.findings.slice(i, i + 1000).map((f) => `${formatFinding(f, host.cwd)}\n`).join(''));
    }
    host.err(`${summaryLine(result)}\n`);
  }
  return result.errors ? 1 : 0;
}
