#!/usr/bin/env bash
# Serves the playground locally: installs its node packages, builds the wasm package when it is
# missing (or with --rebuild), bundles wasm/www with Vite and serves it on http://localhost:8080
# (PORT= changes the port).
set -euo pipefail
cd "$(dirname "$0")"
[ -d www/node_modules ] || (cd www && npm ci --no-audit --no-fund --loglevel=error)
if [ "${1:-}" = --rebuild ] || [ ! -f pkg/web/apigw_vtl_wasm_bg.wasm ]; then
  bash build.sh
fi
cd www
npx --no-install vite build --logLevel warn
exec npx --no-install vite preview --host 127.0.0.1 --port "${PORT:-8080}" --strictPort
