// `ifplugin delegate`: the delegate command without Yeoman: same inputs, same plan, same files as
// `yo ifplugin:delegate` (lib/commands/delegate.ts).
import { InputError } from '../errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

import { conflictMessage, delegateSummary, PLUGIN_INPUTS, pluginInputHelp, prepareDelegate } from '../commands/delegate.js';
import { DELEGATE_INPUTS } from '../inputs/inputs.js';
import type { CommandSpec, ParsedArgs } from './argv.js';
import { givenFromFlags, HELP_FLAG, inputFlags, interactiveFrom, SCAFFOLD_FLAGS, shown, templatesFlag, writeWithReport, type CliIo } from './common.js';
import { askOverwrite, terminalAsk } from './prompt.js';

export const spec: CommandSpec = {
  name: 'delegate',
  summary:
    'Add or replace a delegate class in a plugin: a project made by ifplugin, or any plugin folder (__init__.py ' +
    'beside <Name>.info). Run it inside the plugin.',
  positionals: [],
  flags: [
    ...inputFlags(DELEGATE_INPUTS),
    ...PLUGIN_INPUTS.map((i) => ({ name: i.option, type: 'string' as const, description: pluginInputHelp(i.description) })),
    ...SCAFFOLD_FLAGS,
    HELP_FLAG,
  ],
};

export async function run({ flags }: ParsedArgs, io: CliIo): Promise<void> {
  let prompter: ReturnType<typeof terminalAsk> | undefined;
  try {
    const force = Boolean(flags.force);
    const delegate = await prepareDelegate({
      cwd: io.cwd,
      plugin: givenFromFlags(PLUGIN_INPUTS, flags),
      given: givenFromFlags(DELEGATE_INPUTS, flags),
      yes: Boolean(flags.yes),
      force,
      templates: templatesFlag(flags),
      askWith: interactiveFrom(flags, io) ? (ctx) => (prompter = terminalAsk(ctx)).ask : undefined,
    });
    for (const w of delegate.warnings) io.err(`warning: ${w}\n`);
    const { plan, location } = delegate;
    const dryRun = Boolean(flags['dry-run']);
    let confirmed = force;
    if (plan.changed.length && !force && !dryRun) {
      if (prompter) confirmed = await askOverwrite(prompter.ask, io.out, plan.changed.map((p) => shown(io, p)));
      if (!confirmed) throw new InputError(conflictMessage(delegate, (p) => shown(io, p)));
    }
    // Paths relative to the project (or the plugin folder); __init__.py is edited on purpose, never a conflict.
    const root = location.testsDir ? dirname(location.testsDir) : location.pluginDir;
    const files = new Map([...plan.files].map(([p, text]) => [relative(root, p), text]));
    const changes = await writeWithReport(io, root, files, { force: confirmed, dryRun, owned: new Set([relative(root, plan.initFile)]) });
    const written = new Set([...plan.files].filter(([p, text]) => existsSync(p) && readFileSync(p, 'utf8') === text).map(([p]) => p));
    const summary = delegateSummary(delegate, io.cwd, { written, unchanged: changes.every((c) => c.status === 'identical'), dryRun });
    io.out(`\n${summary.ok}\n${summary.details.map((l) => `  ${l}\n`).join('')}`);
    for (const w of summary.warnings) io.err(`warning: ${w}\n`);
    if (summary.next) io.out(`\n${summary.next}\n`);
  } finally {
    prompter?.close();
  }
}
