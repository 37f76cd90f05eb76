#!/usr/bin/env bash
# make install/uninstall/enable/disable of every plugin shape on every simulated host layout (Fedora, EL9,
# Debian), through the real ImageFactory loader: the long form of test/install-layouts.test.ts, which npm test
# runs on a sample. Needs what npm test needs (root for the unprivileged-user steps, /usr/bin/python3 with
# python3-zope.interface, ../shared/imagefactory/upstream-1.1.16 or IMGFAC_SRC) and a prior npm run build.
set -euo pipefail
cd "$(dirname "$0")/.."
IFPLUGIN_STRESS=1 exec npx mocha --no-config --import=tsx/esm --timeout 120000 test/install-layouts.test.ts
