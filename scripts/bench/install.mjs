// What a user's `npm install generator-ifplugin` costs: the packed tarball installed with --omit=dev into an empty
// project, measured with du (disk blocks really used, not the sum of file sizes) and npm's own record of packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Kilobytes of disk used by dir (du -sk), and its apparent size (du -sk --apparent-size). */
export function du(dir) {
  const kb = (extra) => Number(execFileSync('du', ['-sk', ...extra, dir], { encoding: 'utf8' }).split('\t')[0]);
  return { diskKb: kb([]), apparentKb: kb(['--apparent-size']) };
}

/** Packages under a node_modules folder, from npm's hidden lockfile (every installed copy counts once). */
export function packageCount(nodeModules) {
  const lock = join(nodeModules, '.package-lock.json');
  if (!existsSync(lock)) return undefined;
  return Object.keys(JSON.parse(readFileSync(lock, 'utf8')).packages).filter((p) => p.startsWith('node_modules/')).length;
}

export function installFootprint(root, work) {
  mkdirSync(work, { recursive: true });
  // The build already ran: --ignore-scripts keeps `prepare` from building a second time.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const tarball = join(work, packed.trim().split('\n').pop());
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--silent', tarball], { cwd: consumer, stdio: 'ignore' });
  const nodeModules = join(consumer, 'node_modules');
  return { packages: packageCount(nodeModules), ...du(nodeModules), tarballKb: du(tarball).diskKb };
}
