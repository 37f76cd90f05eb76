// What ifplugin recorded of a file it wrote, so that a later run can tell whether anybody changed it since.
import { createHash } from 'node:crypto';

/** The SHA-256 of a file's text, as .yo-rc.json records it. */
export function contentHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
