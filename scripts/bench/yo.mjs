// `yo ifplugin` against `yo code`. Neither yo nor generator-code is a dependency: both are installed once from the
// npm registry into node_modules/.cache (yo in the same folder the tests use).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const YO_VERSION = '7.0.1';
// 1.11.18 is the newest generator-code that installs on Node 20 without an engine warning (1.12.0 needs which@7,
// which declares Node >= 22).
const CODE_VERSION = '1.11.18';

function ensurePackage(root, folder, name, version) {
  const dir = join(root, 'node_modules', '.cache', folder);
  const pkg = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(pkg)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`installing ${name}@${version} into node_modules/.cache/${folder} (once)\n`);
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, `${name}@${version}`], { encoding: 'utf8' });
    if (r.status !== 0) return { reason: `npm could not install ${name}@${version}: ${r.stderr.trim().split('\n').pop()}` };
  }
  const { version: installed } = JSON.parse(readFileSync(pkg, 'utf8'));
  return { dir, packageDir: join(dir, 'node_modules', name), version: installed };
}

/**
 * A folder where yo finds generator-ifplugin (this checkout) and generator-code, and can run as root; or the reason
 * why not. As root yo 7 switches to uid 1000 and then cannot write: a preloaded module turns setuid/setgid into
 * no-ops and HOME is a folder of its own. Both generators are kept off the network: generator-code otherwise asks
 * the npm registry for the latest @types/vscode on every run (yo routes requests through global-agent, hence
 * GLOBAL_AGENT_HTTP_PROXY); with the request refused it uses its built-in fallback version.
 */
export function yoWorkspace(root, work) {
  const yo = ensurePackage(root, 'ifplugin-yo7', 'yo', YO_VERSION);
  if (yo.reason) return { reason: yo.reason };
  const code = ensurePackage(root, 'ifplugin-bench-generator-code', 'generator-code', CODE_VERSION);
  if (code.reason) return { reason: code.reason };
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  symlinkSync(root, join(work, 'node_modules', 'generator-ifplugin'));
  symlinkSync(code.packageDir, join(work, 'node_modules', 'generator-code'));
  mkdirSync(join(work, 'home'));
  writeFileSync(join(work, 'noroot.mjs'), 'process.setuid = () => {};\nprocess.setgid = () => {};\n');
  const refused = 'http://127.0.0.1:9';
  const env = { ...process.env, HOME: join(work, 'home'), NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' };
  for (const k of ['NO_PROXY', 'no_proxy', 'GLOBAL_AGENT_NO_PROXY']) delete env[k];
  Object.assign(env, {
    NODE_OPTIONS: `--import=${join(work, 'noroot.mjs')}`,
    GLOBAL_AGENT_HTTP_PROXY: refused,
    HTTPS_PROXY: refused,
    HTTP_PROXY: refused,
  });
  return {
    yoBin: join(yo.packageDir, 'lib', 'cli.js'),
    env,
    versions: `yo ${yo.version}, generator-code ${code.version}`,
    codeDir: code.dir,
    yoDir: yo.dir,
  };
}
