#!/usr/bin/env node
// `ifplugin [app|GENERATOR] [options]`: runs this package's generators through yeoman-environment, without yo.
// `ifplugin validate PATH...` goes straight to lib/validate-cli.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATORS_DIR = fileURLToPath(new URL('../generators/', import.meta.url));
const GENERATORS = ['app', 'delegate'];

function fail(message: string, code = 1): never {
  process.stderr.write(`ifplugin: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === 'validate') {
    // No Yeoman on this path: it starts fast and only needs the checks.
    const { validateCommand } = await import('../lib/validate-cli.js');
    process.exitCode = await validateCommand(rest);
    return;
  }
  const name = first !== undefined && GENERATORS.includes(first) ? first : 'app';
  const args = name === first ? rest : argv;
  const resolved = join(GENERATORS_DIR, name, 'index.js');
  if (!existsSync(resolved)) fail(`generator ${name} is missing from this installation (${resolved})`, 2);

  const { prepareCommand } = await import('yeoman-environment');
  const command = await prepareCommand({ resolved, namespace: `ifplugin:${name}` });
  command
    .name(name === 'app' ? 'ifplugin' : `ifplugin ${name}`)
    .description(`Generators: ${GENERATORS.join(', ')} (default app). Run "ifplugin GENERATOR --help" for its options, "ifplugin validate --help" to check plugins.`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `ifplugin: ${s.slice(7)}` : s) });
  await command.parseAsync(args, { from: 'user' });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const e = error as { code?: string; exitCode?: number; message?: string; name?: string; stack?: string };
  // commander has printed its own message (and help) already.
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) process.exit(e.exitCode ?? 2);
  if (process.env.IFPLUGIN_DEBUG || process.argv.includes('--debug')) process.stderr.write(`${e.stack}\n`);
  fail(String(e.message ?? error).split('\n')[0]);
});
