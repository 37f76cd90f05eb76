// What an in-process run (yeoman-test) writes to the process's stdout and stderr, where the Yeoman front end
// writes, as the bin does.
export async function captureOutput(work: () => Promise<unknown>): Promise<{ stdout: string; stderr: string; error?: Error }> {
  const out = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: string | Uint8Array) => {
      out[name] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    await work();
    return out;
  } catch (e) {
    return { ...out, error: e as Error };
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
}
