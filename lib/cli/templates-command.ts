// `ifplugin templates [DIR]`: eject the built-in templates to edit, or --list them.
import { resolve } from 'node:path';
import { DEFAULT_TEMPLATES_DIR, ejectSummary, listing, planEject, selectTemplates } from '../commands/templates.js';
import type { CommandSpec, ParsedArgs } from './argv.js';
import { HELP_FLAG, SCAFFOLD_FLAGS, shown, writeWithReport, type CliIo } from './common.js';

export const spec: CommandSpec = {
  name: 'templates',
  summary: 'Copy the built-in templates into a folder to customize them (used with --templates), or list them.',
  positionals: [{ name: 'dir', description: `Folder to copy the templates into (default: ./${DEFAULT_TEMPLATES_DIR})` }],
  flags: [
    { name: 'only', type: 'string', hint: 'names', description: 'Comma-separated templates to copy, e.g. README.md.ejs,__module__.py.ejs (default: all)' },
    { name: 'list', type: 'boolean', description: 'Print every template with a one-line description and the context it receives' },
    ...SCAFFOLD_FLAGS.filter((f) => f.name === 'force' || f.name === 'dry-run'),
    HELP_FLAG,
  ],
};

export async function run({ flags, positionals }: ParsedArgs, io: CliIo): Promise<void> {
  if (flags.list) {
    io.out(`${listing()}\n`);
    return;
  }
  const root = resolve(io.cwd, positionals[0] ?? DEFAULT_TEMPLATES_DIR);
  const files = planEject(selectTemplates(flags.only as string | undefined));
  await writeWithReport(io, root, files, { force: Boolean(flags.force), dryRun: Boolean(flags['dry-run']), owned: new Set() });
  if (!flags['dry-run']) io.out(`\n${ejectSummary(shown(io, root), files.size)}\n`);
}
