// What the RPM spec (--rpm) needs beyond the answers: the package name, the version in RPM's terms and the
// first %changelog entry. The spec text itself is templates/app/__specFile__.ejs.
import type { AppAnswers } from '../inputs/inputs.js';

export interface RpmContext {
  /** Fedora's Python naming: `python3-` + the distribution name, so python3-imagefactory-plugin-<name>. */
  packageName: string;
  /** `<packageName>.spec`, at the project root. */
  specFile: string;
  /** The plugin version in RPM's form (see rpmVersion). */
  version: string;
  /** The PEP 440 epoch, when the version has one. */
  epoch?: string;
  /** One line for `Summary:`; the description, or a stand-in when that is empty (rpm rejects an empty tag). */
  summary: string;
  /** `Name <email>` from the maintainer answers, or '' when neither was given. */
  packager: string;
  /** The author of the first %changelog entry: the packager, or this generator when there is none. */
  changelogAuthor: string;
  /** The first %changelog entry's date, `Sat Nov 29 2025`. */
  changelogDate: string;
}

/**
 * A PEP 440 version (as inputs.ts accepts it) in RPM's terms, so that upgrades sort the same way. `~` sorts before
 * anything: a pre-release gets one (2.1rc1 -> 2.1~rc1), a dev release two, since it comes before the pre-releases
 * too (1.0.dev3 -> 1.0~~dev3, 1.0rc1.dev3 -> 1.0~rc1~~dev3). `.postN` already sorts after the release in RPM.
 * An epoch `N!` becomes the `Epoch:` tag: `!` is not allowed in an RPM version.
 */
export function rpmVersion(pep440: string): { version: string; epoch?: string } {
  const [, epoch, rest] = /^(?:(\d+)!)?(.*)$/s.exec(pep440)!;
  const version = rest.replace(/(a|b|rc)(\d+)/, '~$1$2').replace(/\.dev(\d+)$/, '~~dev$1');
  return epoch === undefined ? { version } : { version, epoch };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-11-29` -> `Sat Nov 29 2025`, the only date form %changelog accepts (a wrong weekday is a warning). */
export function changelogDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAYS[day]} ${MONTHS[m - 1]} ${String(d).padStart(2, '0')} ${y}`;
}

export function rpmContext(a: AppAnswers, distName: string): RpmContext {
  const packageName = `python3-${distName}`;
  const packager = [a.maintainerName, a.maintainerEmail ? `<${a.maintainerEmail}>` : ''].filter(Boolean).join(' ');
  return {
    packageName,
    specFile: `${packageName}.spec`,
    ...rpmVersion(a.pluginVersion),
    summary: a.description.trim() || `ImageFactory ${a.type === 'os' ? 'OS' : 'cloud'} plugin ${a.name}`,
    packager,
    changelogAuthor: packager || 'generator-ifplugin',
    changelogDate: changelogDate(a.changelogDate),
  };
}
