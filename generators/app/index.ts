// `yo ifplugin` / `ifplugin [app]`: scaffolds a complete ImageFactory plugin project.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InputError, resolveAnswers, type Resolved } from '../../lib/answers.js';
import {
  askWith, conflicts, defaultContext, displayPath, givenOptions, isInteractive, quietTaskErrors, registerInputs, storedAnswers,
  STORE_KEY, writePlan,
} from '../../lib/generator-support.js';
import { APP_INPUTS } from '../../lib/inputs.js';
import { planPlugin } from '../../lib/plan.js';

type Options = BaseOptions & { destination?: string; yes?: boolean; force?: boolean };

export default class AppGenerator extends Generator<Record<string, unknown>, Options> {
  private answered!: Resolved;
  private root = '';
  private files = new Map<string, string>();
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
    const cwd = this.env.cwd;
    const dest = this.options.destination;
    // Inside a project made earlier, a run without a destination regenerates that project.
    const here = dest === undefined && existsSync(join(cwd, '.yo-rc.json')) && storedAnswers(cwd).name ? cwd : undefined;
    const target = dest !== undefined ? resolve(cwd, dest) : here;
    if (target !== undefined && existsSync(target) && !existsSync(join(target, '.'))) {
      throw new InputError(`destination ${dest}: not a folder`);
    }
    this.answered = await resolveAnswers(APP_INPUTS, {
      given: givenOptions(this, APP_INPUTS),
      stored: target ? storedAnswers(target) : {},
      yes: Boolean(this.options.yes),
      ask: isInteractive(this) ? askWith(this) : undefined,
      ctx: defaultContext(target ? basename(target) : undefined),
    });
    this.root = target ?? resolve(cwd, this.answered.answers.name);
    for (const warning of this.answered.warnings) this.log.info(`warning: ${warning}`);
  }

  writing(): void {
    this.files = planPlugin(this.answered.answers);
    const changed = conflicts(this.root, this.files);
    if (changed.length && !this.options.force && !isInteractive(this)) {
      throw new InputError(
        `${changed.length} file(s) in ${displayPath(this.env.cwd, this.root)} differ from what ifplugin would write: ` +
          `${changed.join(', ')}; pass --force to overwrite them (or --dry-run to see the plan)`,
      );
    }
    this.unchanged = conflicts(this.root, new Map([...this.files].map(([p]) => [p, '\0'])))
      .length === this.files.size && changed.length === 0;
    writePlan(this, this.root, this.files, this.answered.answers);
  }

  end(): void {
    const { answers } = this.answered;
    const where = displayPath(this.env.cwd, this.root);
    if (this.unchanged) {
      this.log.ok(`${answers.name}: every file in ${where} is already up to date; nothing changed.`);
      return;
    }
    this.log.ok(`Created the ${answers.type} plugin ${answers.name} in ${where} (${this.files.size} files; answers in .yo-rc.json under "${STORE_KEY}").`);
    const next: [string, string][] = [
      [`cd ${where}`, ''],
      ['python3 -m unittest discover -v', "the plugin's own tests: they pass now"],
      [`$EDITOR src/${answers.name}/${answers.className}.py`, 'implement the methods that raise NotImplementedError'],
      ['make install && sudo make enable', 'install into imagefactory_plugins/, link the .info into plugins.d'],
    ];
    const width = Math.max(...next.map(([c]) => c.length)) + 2;
    this.log(`\nNext:\n${next.map(([c, why]) => `  ${why ? c.padEnd(width) + '# ' + why : c}`).join('\n')}\n`);
  }
}
