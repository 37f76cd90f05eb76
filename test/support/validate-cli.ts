// `ifplugin validate` run in this process through the bin's main(): its exit status, stdout and stderr, without
// the cost of a Node process (the bin itself is spawned where streams or stdin are what is tested).
import { main } from '../../lib/cli/main.js';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export async function validate(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await main(['validate', ...args], { cwd, tty: false, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}
