// `ifplugin validate -`: one .info read from stdin, for editors that check the buffer being edited. The findings
// are reported against `<stdin>`, or against the path --stdin-filename gives, which also lets the rules about the
// plugin's name (the file's stem, its folder) run; without it they cannot, and are not checked.
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { FileProblem, sizeText } from '../files.js';
import { checkInfoFile, INFO_LIMIT } from './info-file.js';
import { isPluginFolder, type ValidateResult } from './validate.js';

export const STDIN_NAME = '<stdin>';

/** All of stdin, up to one byte past `limit` (a longer input is refused by the caller). */
export async function readStdin(limit = INFO_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit + 1);
}

/** The .info checks of `bytes`, as the file `name` (absolute) or, without one, as `<stdin>`. */
export function validateStdin(bytes: Buffer, name?: string): ValidateResult {
  const file = name ?? STDIN_NAME;
  const read = (): string => {
    if (bytes.length > INFO_LIMIT) throw new FileProblem(`is larger than ${sizeText(INFO_LIMIT)}`);
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).replace(/\r\n?/g, '\n');
    } catch {
      throw new FileProblem('is not UTF-8 text');
    }
  };
  const folder = name && existsSync(dirname(name)) && isPluginFolder(dirname(name)) ? basename(dirname(name)) : undefined;
  const { findings } = checkInfoFile(file, folder, { read, ...(name ? {} : { stem: false as const }) });
  return {
    findings,
    notices: [],
    python: null,
    plugins: [],
    infoFiles: [file],
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

