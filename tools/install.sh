#!/usr/bin/env bash
# Installs the npm-based dev/test tools into tools/node_modules and unpacks the
# CongoDB (MongoDB-wire test server) package into tools/.smartmongo.
# Idempotent and fast when everything is already in place; needs only node + npm.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

SMARTMONGO_SPEC="@push.rocks/smartmongo@2.2.0"
SMARTMONGO_VERSION="2.2.0"
# Pinned so a changed tarball fails loudly instead of running unknown code.
SMARTMONGO_INTEGRITY="sha512-ovVCNoJ3D0aBuKtoKaQWWQKvBngaGJq9fAPQigzji1EHsS1XyGpXWCpe5nq/ptGvBROOcpqZcOFEGAcrnb+OjA=="
SMARTMONGO_DIR=".smartmongo"
STAMP="node_modules/.massemail-installed-lock.json"

# Serialise concurrent runs (e.g. parallel test scripts) so they do not both wipe node_modules.
if command -v flock >/dev/null 2>&1; then
  exec 9>".install.lock"
  flock 9
fi

# --- npm dependencies -------------------------------------------------------
# npm ci always deletes node_modules (~15 s), so skip it when the lock file we last
# installed from is byte-identical to the current one.
if [[ -f package-lock.json && -f "$STAMP" ]] && cmp -s package-lock.json "$STAMP"; then
  echo "tools: npm dependencies up to date"
else
  if [[ -f package-lock.json ]]; then
    echo "tools: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  else
    echo "tools: no package-lock.json, running npm install"
    npm install --no-audit --no-fund --loglevel=error
  fi
  cp package-lock.json "$STAMP"
fi

# --- smartmongo (CongoDB) ---------------------------------------------------
# Its declared dependency tree (mongodb-memory-server, smartdata, ...) does not resolve,
# so it is not in package.json. Only dist_ts/congodb is used; its imports (bson, mingo,
# @push.rocks/smart*) resolve from tools/node_modules because .smartmongo sits in tools/.
installed_version() {
  node -e 'try{console.log(require(process.argv[1]).version)}catch{console.log("")}' \
    "./$SMARTMONGO_DIR/package.json"
}

if [[ "$(installed_version)" == "$SMARTMONGO_VERSION" && -f "$SMARTMONGO_DIR/dist_ts/congodb/index.js" ]]; then
  echo "tools: $SMARTMONGO_SPEC already unpacked"
else
  echo "tools: packing and unpacking $SMARTMONGO_SPEC"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack "$SMARTMONGO_SPEC" --pack-destination "$tmp" --loglevel=error >/dev/null
  tgz=("$tmp"/*.tgz)
  actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");console.log(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "${tgz[0]}")"
  if [[ "$actual" != "$SMARTMONGO_INTEGRITY" ]]; then
    echo "tools: integrity mismatch for $SMARTMONGO_SPEC: $actual" >&2
    exit 1
  fi
  # Unpack next to the target and swap in, so an interrupted run never leaves a half tree.
  staging="$SMARTMONGO_DIR.tmp.$$"
  rm -rf "$staging"
  mkdir "$staging"
  tar -xzf "${tgz[0]}" -C "$staging" --strip-components=1
  rm -rf "$SMARTMONGO_DIR"
  mv "$staging" "$SMARTMONGO_DIR"
fi

echo "tools: ready (buf $(node_modules/.bin/buf --version))"
