// `yo ifplugin:delegate` / `ifplugin delegate`: adds (or replaces) a delegate class in an existing plugin, made
// by ifplugin or not. The work is in lib/commands/delegate.ts, shared with the `ifplugin` bin; this class only
// connects it to Yeoman's options, prompts and file system.
import { InputError } from '../../lib/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import Generator, { type BaseOptions } from 'yeoman-generator';

import {
  conflictMessage, delegateSummary, PLUGIN_INPUTS, pluginInputHelp, prepareDelegate, type DelegateRun,
} from '../../lib/commands/delegate.js';
import { askWith, givenOptions, isInteractive, quietTaskErrors, registerInputs } from '../../lib/yeoman/support.js';
import { displayPath } from '../../lib/commands/project.js';
import { DELEGATE_INPUTS } from '../../lib/inputs/inputs.js';

type Options = BaseOptions & { yes?: boolean; force?: boolean };

export default class DelegateGenerator extends Generator<Record<string, unknown>, Options> {
  private delegate!: DelegateRun;
  private unchanged = false;

  constructor(args?: string | string[], options?: Record<string, unknown>) {
    super(typeof args === 'string' ? [args] : (args ?? []), (options ?? {}) as Options, { customInstallTask: true });
    registerInputs(this, DELEGATE_INPUTS);
    for (const input of PLUGIN_INPUTS) this.option(input.option, { type: String, description: pluginInputHelp(input.description) });
    quietTaskErrors(this);
  }

  async prompting(): Promise<void> {
    this.delegate = await prepareDelegate({
      cwd: this.env.cwd,
      plugin: givenOptions(this, PLUGIN_INPUTS),
      given: givenOptions(this, DELEGATE_INPUTS),
      yes: Boolean(this.options.yes),
      force: Boolean(this.options.force),
      templates: (this.options as Record<string, unknown>).templates as string | undefined,
      askWith: isInteractive(this) ? (ctx) => askWith(this, ctx) : undefined,
    });
    for (const warning of this.delegate.warnings) this.log.info(`warning: ${warning}`);
  }

  writing(): void {
    const { plan } = this.delegate;
    // In a terminal, Yeoman's conflicter asks about each changed file; --force overwrites them.
    if (plan.changed.length && !this.options.force && !this._dryRun() && !isInteractive(this)) {
      throw new InputError(conflictMessage(this.delegate, (p) => displayPath(this.env.cwd, p)));
    }
    this.unchanged = [...plan.files].every(([path, text]) => sameText(path, text));
    for (const [path, text] of plan.files) {
      this.fs.write(path, text);
      // --export asked for this edit of __init__.py: it is not a conflict to confirm.
      if (path === plan.initFile) (this.fs.store.get(path) as { conflicter?: string }).conflicter = 'force';
    }
  }

  // Yeoman runs every method of the class as a step, except those starting with an underscore.
  private _dryRun(): boolean {
    const opts = this.options as Record<string, unknown>;
    return Boolean(opts.dryRun ?? opts['dry-run']);
  }

  end(): void {
    const written = new Set([...this.delegate.plan.files].filter(([path, text]) => sameText(path, text)).map(([path]) => path));
    const summary = delegateSummary(this.delegate, this.env.cwd, {
      written,
      unchanged: this.unchanged,
      dryRun: this._dryRun(),
    });
    this.log.ok(summary.ok);
    for (const line of summary.details) this.log(`  ${line}`);
    for (const warning of summary.warnings) this.log.info(`warning: ${warning}`);
    if (this._dryRun()) this.log.info('dry run: nothing was written');
    if (summary.next) this.log(`\n${summary.next}\n`);
  }
}

function sameText(path: string, text: string): boolean {
  return existsSync(path) && readFileSync(path, 'utf8') === text;
}
