// One `.info` file on disk, read the way ImageFactory reads it (text mode, UTF-8, `json.load`) and checked with
// checkInfo; each finding gets the line:col of the value it is about.
import { basename } from 'node:path';
import { FileProblem, MiB, readText } from '../files.js';
import { checkInfo } from '../imagefactory/info.js';
import { JsonDepthError, JsonSyntaxError, lineColumn, Locator, locatePointer, parseJsonWithPositions, PYTHON_JSON_DEPTH } from './json-position.js';
import { ruleById, type RuleId, type Severity } from '../imagefactory/rules.js';

export interface Finding {
  file: string;
  line?: number;
  col?: number;
  rule: RuleId;
  severity: Severity;
  message: string;
  /** What --fix changes to fix it, when that is safe (lib/validate/fix.ts). */
  fix?: Edit[];
  /** A finding that tells how many more of its rule the file has: how many it stands for, itself included. */
  folded?: number;
}

/** Bytes [start, end) of `file` replaced by `text` (UTF-8); `create`: a new file, which must not exist. */
export interface Edit {
  file: string;
  start: number;
  end: number;
  text: string;
  create?: true;
}

export interface InfoFileResult {
  findings: Finding[];
  /** The parsed value, when the file is JSON. */
  value?: unknown;
}

export const INFO_EXTENSION = '.info';
/** No .info is anywhere near this; a bigger file is refused before it is parsed. */
export const INFO_LIMIT = MiB;

/**
 * The text of a `.info` file as Python's text mode gives it to json.load: UTF-8 (the locale of every ImageFactory
 * host), universal newlines, a byte order mark kept. Undefined when there is no file; FileProblem when it cannot
 * be read.
 */
export function readInfoText(file: string): string | undefined {
  return readText(file, INFO_LIMIT)?.replace(/\r\n?/g, '\n');
}

/** A `.info` file's JSON value, or why there is none, as a fragment: "does not exist", "is not valid JSON (...)". */
export function loadInfo(file: string): { value: unknown } | { problem: string } {
  let text: string | undefined;
  try {
    text = readInfoText(file);
  } catch (e) {
    if (e instanceof FileProblem) return { problem: e.reason };
    throw e;
  }
  if (text === undefined) return { problem: 'does not exist' };
  try {
    return { value: parseJsonWithPositions(text).value };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { problem: `is not valid JSON (${e.reason})` };
    throw e;
  }
}

/**
 * `folder`: the plugin folder's name when the file sits in one (its stem must match), else undefined. `source`:
 * where the text comes from when it is not the file (stdin, see lib/validate/stdin.ts); without a name of its
 * own (`stem: false`) the rules about the plugin's name are not checked.
 */
export function checkInfoFile(
  file: string,
  folder?: string,
  source: { read?: (file: string) => string | undefined; stem?: false } = {},
): InfoFileResult {
  const stem = source.stem === false ? undefined : basename(file).slice(0, -INFO_EXTENSION.length);
  let text: string | undefined;
  try {
    text = (source.read ?? readInfoText)(file);
    if (text === undefined) throw new FileProblem('does not exist', 'ENOENT');
  } catch (e) {
    if (!(e instanceof FileProblem)) throw e;
    // Too large for validate is not too large for json.load: say which limit it is.
    const message = e.reason.startsWith('is larger than')
      ? `the file ${e.reason}, more than any .info needs, so validate does not read it (ImageFactory's json.load would); split its targets over plugins or shorten it`
      : `cannot read the file (it ${e.reason}): json.load fails, so the loader marks the plugin as failed with "'NoneType' object is not subscriptable"`;
    return { findings: [{ file, rule: 'info-unreadable', severity: 'error', message }] };
  }
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, col } = lineColumn(text, e.offset);
    if (e instanceof JsonDepthError) {
      return {
        findings: [{
          file, line, col, rule: 'info-too-deep', severity: 'error',
          message: `the JSON nests more than ${PYTHON_JSON_DEPTH} arrays and objects here: the loader's json.load raises ` +
            `RecursionError (${e.reason}), so the plugin is marked as failed with "'NoneType' object is not subscriptable"; ` +
            'flatten the structure',
        }],
      };
    }
    return { findings: [{ file, line, col, rule: 'info-invalid-json', severity: 'error', message: invalidJsonMessage(text, e) }] };
  }
  const locator = new Locator(text);
  const findings = checkInfo(parsed.value, { stem, folder }).map((f): Finding => ({
    file,
    ...(ruleById(f.rule)?.located === false ? {} : locatePointer(locator, parsed.starts, f.pointer)),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.folded ? { folded: f.folded } : {}),
  }));
  return { findings, value: parsed.value };
}

// What went wrong, what the loader does about it, and the Python-ism that usually causes it.
function invalidJsonMessage(text: string, e: JsonSyntaxError): string {
  const rest = text.slice(e.offset);
  const before = text.slice(0, e.offset).trimEnd();
  let fix = 'fix the JSON syntax there';
  if (rest.startsWith("'") || /'$/.test(before)) fix = "'single quotes' are Python, not JSON: write \"double quotes\"";
  else if (/^(None|True|False)\b/.test(rest)) fix = 'None, True and False are Python, not JSON: write null, true and false';
  else if (/,$/.test(before) && /^[}\]]/.test(rest)) fix = 'a comma after the last item is Python, not JSON: remove it';
  else if (e.reason === "Expecting ',' delimiter") fix = 'add the missing comma between the two items';
  else if (e.reason.startsWith('Unexpected UTF-8 BOM')) fix = 'save the file as UTF-8 without a byte order mark';
  return `not JSON: ${e.reason}; the loader's json.load fails and the plugin is marked as failed with ` +
    `"'NoneType' object is not subscriptable" (the real error is only in the log); ${fix}`;
}
