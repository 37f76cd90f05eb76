// The real yo 7, for the tests that run `yo ifplugin...`. yo is not a dependency: it is installed once from the
// npm registry into node_modules/.cache. As root, yo switches to uid 1000 (root-check) and then cannot write; a
// preloaded module turns setuid/setgid into no-ops, and HOME is a temporary folder.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const YO_DIR = join(ROOT, 'node_modules', '.cache', 'ifplugin-yo7');
const YO = join(YO_DIR, 'node_modules', '.bin', 'yo');

/** The yo binary, installing it if needed; undefined (with the reason) when npm cannot install it. */
export function ensureYo(): { yo?: string; reason?: string } {
  if (existsSync(YO)) return { yo: YO };
  mkdirSync(YO_DIR, { recursive: true });
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', YO_DIR, 'yo@7.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `npm could not install yo 7: ${r.stderr.trim().split('\n').pop()}` };
  return { yo: YO };
}

/** A folder where yo finds this package (node_modules/generator-ifplugin) and runs as root. */
export function yoWorkspace(prefix = 'ifplugin-yo-'): { work: string; env: NodeJS.ProcessEnv } {
  const work = tempDir(prefix);
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(ROOT, join(work, 'node_modules', 'generator-ifplugin'));
  mkdirSync(join(work, 'home'));
  writeFileSync(join(work, 'noroot.mjs'), 'process.setuid = () => {};\nprocess.setgid = () => {};\n');
  const env = { ...process.env, HOME: join(work, 'home'), NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0', NODE_OPTIONS: `--import=${join(work, 'noroot.mjs')}` };
  return { work, env };
}

export function runYo(yo: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(yo, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
}
