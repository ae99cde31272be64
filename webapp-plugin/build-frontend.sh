#!/usr/bin/env bash
# Builds the Cockpit plugin's frontend (src/main/frontend) into one ES module, OUT/plugin.js, and
# OUT/plugin.css, with the npm packages pinned in src/main/frontend/package-lock.json. Called by
# Maven in generate-resources; needs Node.js 20+ with npm (bin/test and bin/start check for it).
set -euo pipefail
out=${1:?usage: build-frontend.sh OUTPUT_DIR}
cd "$(dirname "${BASH_SOURCE[0]}")/src/main/frontend"

command -v npm >/dev/null 2>&1 \
  || { echo "build-frontend.sh: npm is not on PATH; the Cockpit plugin needs Node.js 20+ with npm" >&2; exit 1; }
# npm rewrites node_modules/.package-lock.json on every install, so it dates the installed tree.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
node build.mjs "$out"
