// What the RPM spec (--rpm) needs beyond the answers: the package name, the version in RPM's terms and the
// %changelog. The spec text itself is templates/app/__specFile__.ejs.
import type { AppAnswers } from '../inputs/inputs.js';
import { CONTROL_CLASS, SEPARATOR_CLASS } from '../text.js';
import { specText } from './escape.js';

/** rpmlint's longest Summary and %description line: 79 by default, 80 in Fedora's configuration. */
export const RPM_LINE = 79;

export interface RpmContext {
  /** Fedora's Python naming: `python3-` + the distribution name, so python3-imagefactory-plugin-<name>. */
  packageName: string;
  /** `<packageName>.spec`, at the project root. */
  specFile: string;
  /** `<packageName>.rpmlintrc`: rpmlint's filters for what the package does on purpose (fedpkg lint reads it). */
  rpmlintrcFile: string;
  /** The plugin version in RPM's form (see rpmVersion). */
  version: string;
  /** The PEP 440 epoch, when the version has one. */
  epoch?: string;
  /**
   * One line for `Summary:` (see rpmSummary), escaped for the spec: the description, or a stand-in when that is
   * empty (rpm rejects an empty tag).
   */
  summary: string;
  /** The `%description` text: the whole description then what the package does, wrapped, escaped. */
  descriptionLines: string[];
  /** `Name <email>` from the maintainer answers, or '' when neither was given. */
  packager: string;
  /** The %changelog entries, newest first: each one's `* date author - version-release` line and its text. */
  changelog: { heading: string; text: string }[];
}

/** A %changelog entry as .yo-rc.json records it: the plugin version, the date (YYYY-MM-DD), who made it. */
export interface ChangelogEntry {
  version: string;
  date: string;
  author: string;
}

/** The author of a %changelog entry: the maintainer, or this generator when the answers name nobody. */
export function changelogAuthor(a: AppAnswers): string {
  return [a.maintainerName, a.maintainerEmail ? `<${a.maintainerEmail}>` : ''].filter(Boolean).join(' ') || 'generator-ifplugin';
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

/** Controls and line breaks as one space, as specText writes them, and the spaces around trimmed. */
const BREAKS = new RegExp(`[${CONTROL_CLASS}${SEPARATOR_CLASS}]+`, 'g');
const oneLine = (s: string) => s.replace(BREAKS, ' ').trim();

/**
 * The Summary rpm shows for a description, as Fedora's rules and rpmlint want it: one line of at most RPM_LINE
 * characters (a longer one is cut after a word and ends with an ellipsis; the whole text is in %description),
 * starting with a capital letter and not ending with a period.
 */
export function rpmSummary(description: string): string {
  let s = oneLine(description);
  if ([...s].length > RPM_LINE) {
    const chars = [...s].slice(0, RPM_LINE - 1);
    const cut = chars.lastIndexOf(' ');
    s = `${chars.slice(0, cut > RPM_LINE / 2 ? cut : chars.length).join('').trimEnd()}\u2026`;
  }
  s = s.replace(/(?<!\.)\.$/, '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Text wrapped into lines of at most `width` characters for %description, each escaped with specText. A line
 * never starts with `#` or `%` (rpm would drop it, or read it as a section, escaped or not): such a word stays on
 * the line before, even past `width`, as does a word longer than `width`.
 */
export function specLines(text: string, width = RPM_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ').filter(Boolean)) {
    const fits = [...line].length + 1 + [...word].length <= width;
    if (line && !fits && !/^[#%]/.test(word)) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map(specText);
}

/**
 * `history`: the %changelog entries recorded so far, oldest first (lib/commands/app.ts adds one for each new
 * version); without it, one entry for the answers' version and date.
 */
export function rpmContext(a: AppAnswers, distName: string, history?: ChangelogEntry[]): RpmContext {
  const packageName = `python3-${distName}`;
  const packager = [a.maintainerName, a.maintainerEmail ? `<${a.maintainerEmail}>` : ''].filter(Boolean).join(' ');
  const kind = a.type === 'os' ? 'OS' : 'cloud';
  const description = oneLine(a.description) || `ImageFactory ${kind} plugin ${a.name}`;
  return {
    packageName,
    specFile: `${packageName}.spec`,
    rpmlintrcFile: `${packageName}.rpmlintrc`,
    ...rpmVersion(a.pluginVersion),
    summary: specText(rpmSummary(description)),
    descriptionLines: [
      ...specLines(`${a.name}: ${description}`),
      '',
      ...specLines(
        `An ImageFactory ${kind} plugin. Installing this package enables it: it links ${a.name}.info into ` +
        'plugins.d, unless a file or a link of that name is there already (an administrator\'s own .info wins). ' +
        'Restart imagefactoryd to load it.',
      ),
    ],
    packager,
    changelog: (history?.length ? history : [{ version: a.pluginVersion, date: a.changelogDate, author: changelogAuthor(a) }])
      .map((entry, i) => {
        const { version, epoch } = rpmVersion(entry.version);
        return {
          heading: `${changelogDate(entry.date)} ${specText(entry.author)} - ${epoch !== undefined ? `${epoch}:` : ''}${version}-1`,
          text: i === 0 ? `First package of the ${a.name} ImageFactory plugin, written by generator-ifplugin` : `Version ${specText(entry.version)}`,
        };
      })
      .reverse(),
  };
}
