// Loaded before the tests (.mocharc.json "require"): every temporary folder of a test run, the tests' own, yeoman-
// test's and those of the processes they start, goes under one folder, which is removed when the run ends.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.IFPLUGIN_TEST_TMP) {
  const root = mkdtempSync(join(tmpdir(), 'ifplugin-test-run-'));
  // Tests run some steps as an unprivileged user, who must be able to reach their folders, as in /tmp itself.
  chmodSync(root, 0o755);
  process.env.IFPLUGIN_TEST_TMP = root;
  // os.tmpdir() reads TMPDIR; child processes (Python's tempfile, rpmbuild, ...) inherit it.
  process.env.TMPDIR = root;
  process.on('exit', () => {
    if (!process.env.IFPLUGIN_KEEP_TEST_TMP) rmSync(root, { recursive: true, force: true });
  });
}
