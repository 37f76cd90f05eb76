// The cookiecutter baseline: a template made from the project ifplugin itself wrote, so that both tools write the
// same bytes. Every answer value (.yo-rc.json) becomes a {{cookiecutter.<answer>}} variable, in file contents and in
// paths; text that Jinja would read as a tag is escaped. The template is then rendered once and compared byte for
// byte with ifplugin's output before anything is timed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diffTrees, readTree } from './tree.mjs';

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Writes into templateDir a cookiecutter template that renders projectParent's content (one project folder), and
 * configFile, which keeps cookiecutter's replay files out of $HOME. Returns the names of the variables.
 */
export function makeTemplate(projectParent, answers, templateDir, configFile) {
  const byValue = new Map();
  for (const [key, value] of Object.entries(answers)) {
    if (typeof value === 'string' && value !== '' && !byValue.has(value)) byValue.set(value, key);
  }
  // One pass over the text: the longest value wins where values overlap ("a, b" before "a"), and no replacement is
  // ever rescanned, so a value can never match inside an inserted {{cookiecutter.x}}.
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp([...values.map(escapeRegExp), '\\{[{%#]'].join('|'), 'g');
  const templatize = (text) =>
    text.replace(pattern, (m) => (byValue.has(m) ? `{{cookiecutter.${byValue.get(m)}}}` : `{{ '${m}' }}`));

  mkdirSync(templateDir, { recursive: true });
  const context = Object.fromEntries([...byValue].map(([value, key]) => [key, value]));
  writeFileSync(join(templateDir, 'cookiecutter.json'), `${JSON.stringify(context, null, 2)}\n`);
  for (const [path, bytes] of readTree(projectParent)) {
    const target = join(templateDir, ...path.split('/').map(templatize));
    mkdirSync(dirname(target), { recursive: true });
    const text = bytes.toString('utf8');
    writeFileSync(target, Buffer.from(text, 'utf8').equals(bytes) ? templatize(text) : bytes);
  }
  mkdirSync(dirname(configFile), { recursive: true });
  const scratch = dirname(configFile);
  writeFileSync(configFile, `cookiecutters_dir: "${join(scratch, 'cookiecutters')}"\nreplay_dir: "${join(scratch, 'replay')}"\n`);
  return Object.keys(context);
}

/** The cookiecutter command line that renders templateDir into outDir without asking anything. */
export function cookiecutterArgs(templateDir, outDir, configFile) {
  return ['--no-input', '--config-file', configFile, '-o', outDir, templateDir];
}

/** Renders the template once and throws, listing the differences, unless the result is byte-identical. */
export function verifyTemplate(templateDir, configFile, outDir, expectedParent) {
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync('cookiecutter', cookiecutterArgs(templateDir, outDir, configFile), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cookiecutter failed on the generated template (exit ${r.status}):\n${r.stderr}`);
  const diff = diffTrees(readTree(expectedParent), readTree(outDir));
  if (diff.length > 0) {
    throw new Error(`cookiecutter's output is not byte-identical to ifplugin's:\n  ${diff.join('\n  ')}\n(template: ${templateDir})`);
  }
  return readTree(outDir).size;
}

/** "Cookiecutter 1.7.3", or undefined when cookiecutter is not on PATH. */
export function cookiecutterVersion() {
  const r = spawnSync('cookiecutter', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.trim().split(' from ')[0];
}
