// `yo ifplugin`: scaffolds a complete ImageFactory plugin project. The work is in lib/commands/app.ts, shared with
// the `ifplugin` bin; this class only connects it to Yeoman's options, prompts and file system.
import { join } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { appSummary, planApp, YO_RC, type AppPlan } from '../../lib/commands/app.js';
import { askWith, givenOptions, isInteractive, quietTaskErrors, registerInputs } from '../../lib/yeoman/support.js';
import { displayPath } from '../../lib/commands/project.js';
import { APP_INPUTS } from '../../lib/inputs/inputs.js';
import { conflictError, diffPlan } from '../../lib/write/fs.js';

type Options = BaseOptions & { destination?: string; yes?: boolean; force?: boolean; templates?: string; verbose?: boolean };

export default class AppGenerator extends Generator<Record<string, unknown>, Options> {
  private plan!: AppPlan;
  private unchanged = false;

  constructor(args?: string | string[], options?: Record<string, unknown>) {
    // customInstallTask: a plugin project has no package.json, so Yeoman has nothing to install.
    super(typeof args === 'string' ? [args] : (args ?? []), (options ?? {}) as Options, { customInstallTask: true });
    this.argument('destination', {
      type: String,
      required: false,
      description: 'Folder of the new plugin project (default: ./<name>, or . inside a project made by ifplugin)',
    });
    registerInputs(this, APP_INPUTS);
    quietTaskErrors(this);
  }

  async prompting(): Promise<void> {
    this.plan = await planApp({
      cwd: this.env.cwd,
      destination: this.options.destination,
      templates: this.options.templates,
      given: givenOptions(this, APP_INPUTS),
      yes: Boolean(this.options.yes),
      ask: isInteractive(this) ? askWith(this) : undefined,
    });
    for (const warning of this.plan.warnings) this.log.info(`warning: ${warning}`);
  }

  writing(): void {
    const { root, files } = this.plan;
    const changes = diffPlan(root, files, new Set([YO_RC]));
    const conflicts = changes.filter((c) => c.status === 'conflict').map((c) => c.path);
    if (conflicts.length && !this.options.force && !isInteractive(this)) {
      throw conflictError(displayPath(this.env.cwd, root), conflicts);
    }
    this.unchanged = changes.every((c) => c.status === 'identical');
    // Yeoman's conflicter shows each change and asks in a terminal; everything is written at the end, or nothing.
    for (const [path, text] of files) this.fs.write(join(root, path), text);
  }

  end(): void {
    const summary = appSummary(this.plan, displayPath(this.env.cwd, this.plan.root), this.unchanged, Boolean(this.options.verbose));
    if (this.unchanged) this.log.ok(summary);
    else this.log(`\n${summary}\n`);
  }
}
