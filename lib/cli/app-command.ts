// `ifplugin [app]`: the app command without Yeoman: same inputs, same plan, same files as `yo ifplugin`.

import { InputError } from '../errors.js';
import { planApp, appSummary, YO_RC } from '../commands/app.js';
import { defaultContext } from '../commands/project.js';
import { APP_INPUTS } from '../inputs/inputs.js';
import type { CommandSpec, ParsedArgs } from './argv.js';
import { givenFromFlags, HELP_FLAG, inputFlags, interactiveFrom, SCAFFOLD_FLAGS, shown, templatesFlag, writeWithReport, type CliIo } from './common.js';
import { askOverwrite, terminalAsk } from './prompt.js';

export const spec: CommandSpec = {
  name: '',
  summary: 'Scaffold an ImageFactory plugin project: the delegate, its .info, packaging and tests.',
  positionals: [{ name: 'destination', description: 'Folder of the new plugin project (default: ./<name>, or . inside a project made by ifplugin)' }],
  flags: [...inputFlags(APP_INPUTS), ...SCAFFOLD_FLAGS, HELP_FLAG],
};

export async function run({ flags, positionals }: ParsedArgs, io: CliIo): Promise<void> {
  // An empty destination (often an unset shell variable) would mean this folder: say so instead.
  if (positionals[0] === '') throw new InputError('destination: the folder name is empty: give a folder, or . for this one');
  const interactive = interactiveFrom(flags, io);
  const prompter = interactive ? terminalAsk(defaultContext()) : undefined;
  try {
    const plan = await planApp({
      cwd: io.cwd,
      destination: positionals[0],
      templates: templatesFlag(flags),
      given: givenFromFlags(APP_INPUTS, flags),
      yes: Boolean(flags.yes),
      ask: prompter?.ask,
    });
    for (const w of plan.warnings) io.err(`warning: ${w}\n`);
    const changes = await writeWithReport(io, plan.root, plan.files, {
      force: Boolean(flags.force),
      dryRun: Boolean(flags['dry-run']),
      owned: new Set([YO_RC]),
      confirm: prompter ? (conflicts) => askOverwrite(prompter.ask, io.out, conflicts) : undefined,
    });
    if (!flags['dry-run']) io.out(`\n${appSummary(plan, shown(io, plan.root), changes.every((c) => c.status === 'identical'), Boolean(flags.verbose))}\n`);
  } finally {
    prompter?.close();
  }
}
