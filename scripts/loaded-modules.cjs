// What a run of the bin loads, printed on stderr when it exits: Node's built-in modules and the package's files.
// Usage: node -r ./scripts/loaded-modules.cjs dist/bin/ifplugin.cjs --yes ... (compare with node -r ... -e 0).
// The bundle is read by dist/bin/ifplugin.cjs itself (bin/ifplugin.cts), not through require: it is counted too.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).length;
  const files = Object.keys(require.cache).filter((f) => f !== __filename);
  if (files.some((f) => f.endsWith('/ifplugin.cjs'))) files.push('(dist/bin/ifplugin-bundle.cjs)');
  writeSync(2, `loaded: ${builtins} built-in modules; ${files.length} files: ${files.join(' ')}\n`);
});
