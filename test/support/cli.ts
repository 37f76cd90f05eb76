// Spawning the built `ifplugin` bin the way a user runs it: no terminal, stdin closed.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'ifplugin.cjs');

export function ifplugin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0', ...env },
    timeout: 60000,
  });
}

export function tempDir(prefix = 'ifplugin-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
