#!/usr/bin/env bash
# The long forms of tests that npm test samples, for CI to run once after npm test:
# 1. make install/uninstall/enable/disable of every plugin shape on every simulated host layout (Fedora, EL9,
#    Debian), through the real ImageFactory loader (test/install-layouts.test.ts with IFPLUGIN_STRESS=1);
# 2. for each shape, the sdist (built, listed, its tests run unpacked) and the RPM (make rpm, then rpmlint on the
#    spec, the source and the binary RPM, configured as Fedora configures it): no error, no warning.
# Needs what npm test needs (root, /usr/bin/python3 with python3-zope.interface, python3-build, rpm, rpmlint,
# ../shared/imagefactory/upstream-1.1.16 or IMGFAC_SRC) and a prior npm run build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

IFPLUGIN_STRESS=1 npx mocha --no-config --import=tsx/esm --timeout 120000 test/install-layouts.test.ts

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--yes --rpm --changelog-date 2025-11-29 --maintainer-name Ann --maintainer-email ann@example.org
  --maintainer-url https://example.org/plugin)
shapes=(
  "ManyCloud|--type cloud --targets mycloud,mycloud-eu,mycloud-us,MyCloud --description pushes-images"
  "ManyOS|--type os --targets Fedora,Ubuntu:22.04,RHEL-7:7.9:x86_64,Debian:12,CentOS-Stream:9:aarch64"
  "Grown|--type cloud --targets grown --plugin-version 2.0rc1 --license MIT"
)
for shape in "${shapes[@]}"; do
  name=${shape%%|*}
  # shellcheck disable=SC2206
  args=(${shape#*|})
  echo "== $name"
  (cd "$work" && node "$root/dist/bin/ifplugin.cjs" "${common[@]}" --name "$name" "${args[@]}" >/dev/null)
  project=$work/$name
  if [ "$name" = Grown ]; then
    (cd "$project" && node "$root/dist/bin/ifplugin.cjs" delegate --yes --class-name Mirror >/dev/null)
    mkdir "$project/src/Grown/helpers" && echo 'REGION = "eu"' > "$project/src/Grown/helpers/__init__.py"
    echo 'The license text.' > "$project/LICENSE"
  fi
  spec=$(cd "$project" && ls ./*.spec)
  # The sdist: built without a warning, carrying the tests, which pass unpacked.
  out=$(cd "$project" && env -u PYTHONDONTWRITEBYTECODE /usr/bin/python3 -m build --no-isolation --outdir dist . 2>&1)
  if grep -i 'warn' <<<"$out"; then echo "$name: the build warns" >&2; exit 1; fi
  mkdir "$work/$name-sdist" && tar -xzf "$project"/dist/*.tar.gz -C "$work/$name-sdist"
  listing=$(tar -tzf "$project"/dist/*.tar.gz)
  grep -q '/tests/imagefactory_env.py$' <<<"$listing" || { echo "$name: the sdist has no test harness" >&2; exit 1; }
  result=$(cd "$work/$name-sdist"/* && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m unittest discover 2>&1) || true
  [ "$(tail -1 <<<"$result")" = OK ] || { echo "$result" >&2; exit 1; }
  # The RPM, and rpmlint on everything.
  (cd "$project" && make -s rpm RPMBUILD_FLAGS=--nodeps >"$work/$name-rpm.log" 2>&1) || { tail -30 "$work/$name-rpm.log"; exit 1; }
  lint=$(cd "$project" && rpmlint -c "$root/test/fixtures/rpmlint/fedora.toml" -r ./*.rpmlintrc "$spec" rpmbuild/SRPMS/*.rpm rpmbuild/RPMS/noarch/*.rpm 2>&1) || true
  if ! grep -q '0 errors, 0 warnings' <<<"$lint"; then echo "$lint" >&2; exit 1; fi
  if [ "$name" = Grown ]; then
    files=$(rpm -qpl "$project"/rpmbuild/RPMS/noarch/*.rpm; rpm -qpL "$project"/rpmbuild/RPMS/noarch/*.rpm)
    grep -q '/imagefactory_plugins/Grown/helpers/__init__.py$' <<<"$files" || { echo "$files" >&2; exit 1; }
    grep -q '^/usr/share/licenses/.*/LICENSE$' <<<"$files" || { echo "$files" >&2; exit 1; }
  fi
  echo "$name: sdist and RPM clean"
done
