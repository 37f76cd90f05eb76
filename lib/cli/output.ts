// The bin's output, written to its file descriptors directly: creating process.stdout or process.stderr costs a run
// ~3 ms (a pipe is a net.Socket), more than anything else the bin prints with. A reader that goes away
// (`ifplugin --help | head -1`) ends the output quietly, and the run goes on to its end and its own exit status.
import { writeSync } from 'node:fs';

/** Writes text to `fd` (1 or 2) as it comes, in order with process.stdout/stderr (a question's prompt). */
export function fdWriter(fd: 1 | 2): (text: string) => void {
  let gone = false;
  let stream: NodeJS.WriteStream | undefined;
  return (text) => {
    if (gone) return;
    if (stream) {
      stream.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) {
      try {
        // A write may take part of the bytes (a signal, a full pipe): the rest follows.
        done += writeSync(fd, bytes, done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          gone = true;
          return;
        }
        if (code !== 'EAGAIN') throw e;
        // A non-blocking descriptor that is full: from now on the stream writes, and waits for it.
        stream = fd === 1 ? process.stdout : process.stderr;
        stream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
          gone = true;
        });
        stream.write(bytes.subarray(done));
        return;
      }
    }
  };
}
