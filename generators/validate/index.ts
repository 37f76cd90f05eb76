// `yo ifplugin:validate PATH...`: the same checks as `ifplugin validate` (lib/validate/validate.ts), for yo users.
// Writes nothing; fails the run when there are errors, so yo exits non-zero.
import Generator, { type BaseOptions } from 'yeoman-generator';
import { formatFinding, jsonReport } from '../../lib/commands/validate.js';
import { validatePaths } from '../../lib/validate/validate.js';

type Options = BaseOptions & { paths?: string[]; json?: boolean; python?: string };

export default class ValidateGenerator extends Generator<Record<string, unknown>, Options> {
  constructor(args?: string | string[], options?: Record<string, unknown>) {
    super(typeof args === 'string' ? [args] : (args ?? []), (options ?? {}) as Options);
    this.argument('paths', {
      type: Array,
      required: true,
      description: '.info files, plugin folders, projects made by ifplugin, or folders to search',
    });
    this.option('json', { type: Boolean, description: 'Print one JSON report instead of one line per finding' });
    this.option('python', { type: String, description: 'Python 3 interpreter for the Python rules (default: python3 on PATH)' });
  }

  async validate(): Promise<void> {
    const cwd = this.env.cwd;
    const result = await validatePaths(this.options.paths ?? [], { cwd, python: this.options.python });
    for (const notice of result.notices) this.log.info(`notice: ${notice}`);
    if (this.options.json) this.log(JSON.stringify(jsonReport(result, cwd), null, 2));
    else for (const f of result.findings) this.log(formatFinding(f, cwd));
    if (result.errors) {
      // Yeoman queues log lines and a failed run drops the queue: let every finding out first.
      await (this.env.adapter as { onIdle?: () => Promise<unknown> }).onIdle?.();
      throw new Error(`ifplugin validate: ${result.errors} error(s), ${result.warnings} warning(s)`);
    }
    this.log.ok(`no errors, ${result.warnings} warning(s)`);
  }
}
