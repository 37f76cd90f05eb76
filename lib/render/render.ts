// Renders a template set (a folder under templates/) into a map of destination path -> content, all in memory,
// so that a failing template writes nothing.
import vm from 'node:vm';
import ejs from 'ejs';
import { TemplateError } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';
import { BUILT_IN, resolveSet, type TemplateSource } from './template-chain.js';

/** No template is anywhere near this; a bigger file is refused before it is read. */
const TEMPLATE_LIMIT = MiB;

/**
 * Destination path of a template: path tokens replaced, `.ejs` dropped. A token given as '' that makes up a whole
 * path segment leaves that segment empty, and renderSet skips the template: this is how a set includes a file only
 * for some answers (`__specFile__.ejs` is the RPM spec with --rpm and nothing without it).
 */
export function destinationOf(template: string, tokens: Record<string, string>): string {
  return template
    .replace(/\.ejs$/, '')
    .replace(/__dot__/g, '.')
    // Own tokens only: `__constructor__` is no token, whatever Object.prototype holds.
    .replace(/__([a-zA-Z]+)__/g, (whole, key: string) => (Object.hasOwn(tokens, key) ? tokens[key] : whole));
}

const EJS_OPTIONS = { strict: true, compileDebug: true };

export function renderTemplate(file: string, context: object): string {
  let text: string;
  try {
    const read = readText(file, TEMPLATE_LIMIT);
    if (read === undefined) throw new FileProblem('does not exist');
    text = read;
  } catch (e) {
    if (e instanceof FileProblem) throw new TemplateError(`${file} ${e.reason}: a template must be a UTF-8 text file`);
    throw e;
  }
  const options = {
    ...EJS_OPTIONS,
    filename: file,
    // strict: an undefined variable is a ReferenceError instead of silently rendering "undefined".
    destructuredLocals: Object.keys(context),
  };
  // <%= escapes for HTML, which is wrong for Python, JSON or TOML: output goes through the h helpers instead.
  const escaping = /<%=/.exec(text);
  if (escaping) {
    const line = text.slice(0, escaping.index).split('\n').length;
    throw new TemplateError(`${file}:${line}: <%= is not allowed (it escapes for HTML): use <%- with an h helper, e.g. <%- h.pyString(name) %>`);
  }
  try {
    return ejs.render(text, context, options as ejs.Options) as string;
  } catch (e) {
    const lines = String((e as Error).message).split('\n');
    // A failure while running starts with "file:12" and ends with the reason; a syntax error starts with the
    // reason and names no line, so find it.
    const at = /^(.*):(\d+)$/.exec(lines[0]);
    if (at && at[1] === file) throw new TemplateError(`${file}:${at[2]}: ${lines[lines.length - 1]}`);
    const line = syntaxErrorLine(text, options);
    const reason = lines[0].replace(/ in \S+ while compiling ejs$/, '');
    throw new TemplateError(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

/** The template line of an EJS or JavaScript syntax error, or undefined when it cannot be told. */
function syntaxErrorLine(text: string, options: object): number | undefined {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const template = new (ejs as unknown as { Template: new (t: string, o: object) => { generateSource(): void; source: string } }).Template(text, options);
  try {
    template.generateSource();
  } catch {
    // An unclosed tag: the first opening tag without a closing one after it.
    let open: number | undefined;
    for (const m of text.matchAll(/<%|%>/g)) open = m[0] === '<%' ? (open ?? m.index) : undefined;
    return open === undefined ? undefined : lineOf(open);
  }
  try {
    new vm.Script(`(function () {\n${template.source}\n})`, { filename: 'template.js' });
  } catch (e) {
    const generatedLine = Number(/template\.js:(\d+)/.exec(String((e as Error).stack))?.[1]);
    const before = `(function () {\n${template.source}`.split('\n').slice(0, generatedLine).join('\n');
    const marks = [...before.matchAll(/__line = (\d+)/g)];
    return marks.length ? Number(marks[marks.length - 1][1]) : undefined;
  }
  return undefined;
}

/** Where rendered files came from, and what a user's template folder looks wrong about. */
export interface RenderReport {
  /** Destination path -> origin of its template (built-in, --templates, ...). */
  origins: Map<string, string>;
  warnings: string[];
}

/**
 * Renders every template of `set` (a folder name such as app or delegate), each taken from the first source
 * that has it (see template-chain.ts); by default only the built-in templates.
 */
export function renderSet(
  set: string,
  context: object,
  tokens: Record<string, string>,
  sources: TemplateSource[] = [BUILT_IN],
  report?: RenderReport,
): Map<string, string> {
  const { templates, warnings } = resolveSet(set, sources);
  report?.warnings.push(...warnings);
  const files = new Map<string, string>();
  for (const template of templates) {
    const destination = destinationOf(template.rel, tokens);
    if (destination.split('/').includes('')) continue;
    // A template names a file inside the project, never one above it or elsewhere.
    if (destination.split('/').some((part) => part === '.' || part === '..') || destination.includes('\0')) {
      throw new TemplateError(`${template.file}: its path makes ${destination}, which leads out of the project: rename the template`);
    }
    files.set(destination, renderTemplate(template.file, context));
    report?.origins.set(destination, template.origin);
  }
  return files;
}
