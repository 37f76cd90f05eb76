// Reading a file that a user, a repository or another user may have prepared: only a regular file, never
// blocking on a FIFO or a device, never more than a size limit. Every reader of an input file goes through here.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file could not be read, as a fragment: "is not a regular file", "is larger than 1 MiB", ... */
export class FileProblem extends Error {
  override name = 'FileProblem';
  constructor(readonly reason: string, readonly code?: string) {
    super(reason);
  }
}

export const MiB = 1024 * 1024;

/** "1 MiB", "64 KiB": a limit as people read it. */
export function sizeText(bytes: number): string {
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The bytes of a regular file of at most `limit` bytes. The file is opened without blocking (a FIFO opens at
 * once instead of waiting for a writer) and checked on the open descriptor, so what is read is what was checked.
 * Throws FileProblem; undefined when there is nothing at `path`.
 */
export function readBytes(path: string, limit: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Nothing there, or a file where a folder of the path should be: nothing to read either way.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw new FileProblem('is not readable (permission denied)', code);
    if (code === 'ELOOP') throw new FileProblem('is a symbolic link loop', code);
    if (code === 'ENXIO') throw new FileProblem('is not a regular file', code);
    throw new FileProblem(`cannot be opened (${code ?? (e as Error).message})`, code);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileProblem(stat.isDirectory() ? 'is a folder, not a file' : 'is not a regular file');
    if (stat.size > limit) throw new FileProblem(`is larger than ${sizeText(limit)}`);
    // Read until the end, never past one byte over the limit: a file that grows while it is read is caught too.
    let buffer = Buffer.alloc(Math.min(stat.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw new FileProblem(`is larger than ${sizeText(limit)}`);
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, limit + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw new FileProblem(`is larger than ${sizeText(limit)}`);
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileProblem(code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? (e as Error).message})`, code);
  } finally {
    closeSync(fd);
  }
}

/** A UTF-8 text file, as readBytes reads it; invalid UTF-8 is a FileProblem. A byte order mark is kept. */
export function readText(path: string, limit: number): string | undefined {
  const bytes = readBytes(path, limit);
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FileProblem('is not UTF-8 text');
  }
}
