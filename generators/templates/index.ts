// `yo ifplugin:templates [DIR]`: the same as `ifplugin templates` (lib/commands/templates.ts), for yo users.
import { join, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { quietTaskErrors } from '../../lib/yeoman/support.js';
import { displayPath } from '../../lib/commands/project.js';
import { DEFAULT_TEMPLATES_DIR, ejectSummary, listing, planEject, selectTemplates } from '../../lib/commands/templates.js';

type Options = BaseOptions & { dir?: string; only?: string; list?: boolean };

export default class TemplatesGenerator extends Generator<Record<string, unknown>, Options> {
  private files = new Map<string, string>();

  constructor(args?: string | string[], options?: Record<string, unknown>) {
    super(typeof args === 'string' ? [args] : (args ?? []), (options ?? {}) as Options, { customInstallTask: true });
    this.argument('dir', { type: String, required: false, description: `Folder to copy the templates into (default: ./${DEFAULT_TEMPLATES_DIR})` });
    this.option('only', { type: String, description: 'Comma-separated templates to copy, e.g. README.md.ejs,__module__.py.ejs (default: all)' });
    this.option('list', { type: Boolean, description: 'Print every template with a one-line description and the context it receives' });
    quietTaskErrors(this);
  }

  writing(): void {
    if (this.options.list) {
      this.log(listing());
      return;
    }
    this.files = planEject(selectTemplates(this.options.only));
    const root = resolve(this.env.cwd, this.options.dir ?? DEFAULT_TEMPLATES_DIR);
    // Yeoman's conflicter asks before replacing an edited template (and --force skips the question).
    for (const [path, text] of this.files) this.fs.write(join(root, path), text);
  }

  end(): void {
    if (!this.options.list) this.log(`\n${ejectSummary(displayPath(this.env.cwd, resolve(this.env.cwd, this.options.dir ?? DEFAULT_TEMPLATES_DIR)), this.files.size)}\n`);
  }
}
