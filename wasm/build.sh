#!/usr/bin/env bash
# Builds the npm package in wasm/pkg: the wasm32 module (size-optimised), then wasm-bindgen's
# JavaScript for Node (CommonJS, wasm/pkg/node) and for browsers and bundlers (ES module,
# wasm/pkg/web). Needs no wasm-pack: installs the wasm32 target and the wasm-bindgen CLI at exactly
# the version of the wasm-bindgen crate in Cargo.lock when they are missing; runs wasm-opt (Debian
# package binaryen) when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
crate=apigw-vtl-wasm
lib=apigw_vtl_wasm
target_dir="$root/target/wasm"

if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "build.sh: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')
if [ "$have" != "$version" ]; then
  echo "== cargo install wasm-bindgen-cli --version $version"
  # --locked first; its lockfile can name a yanked crate, then let cargo resolve afresh.
  cargo install -q wasm-bindgen-cli --version "$version" --locked ||
    cargo install -q wasm-bindgen-cli --version "$version" --force
fi

echo "== cargo build --target wasm32-unknown-unknown -p $crate (size-optimised)"
# The size profile is set here rather than in Cargo.toml so native release builds keep theirs.
CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
CARGO_PROFILE_RELEASE_LTO=true \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
CARGO_PROFILE_RELEASE_PANIC=abort \
CARGO_PROFILE_RELEASE_DEBUG=false \
CARGO_PROFILE_RELEASE_STRIP=false \
CARGO_TARGET_DIR="$target_dir" \
  cargo build -q --release --locked --target wasm32-unknown-unknown -p "$crate"
wasm="$target_dir/wasm32-unknown-unknown/release/$lib.wasm"

out="$root/wasm/pkg"
rm -rf "$out/node" "$out/web"
wasm-bindgen --target nodejs --out-dir "$out/node" "$wasm"
wasm-bindgen --target web --out-dir "$out/web" "$wasm"
# The options are optional; wasm-bindgen drops the `?` once a parameter's type is given.
sed -i -E 's/options: (RenderOptions|LintOptions)\)/options?: \1)/' "$out/node/$lib.d.ts" "$out/web/$lib.d.ts"
echo '{ "type": "commonjs" }' > "$out/node/package.json"
echo '{ "type": "module" }' > "$out/web/package.json"

# wasm-opt: binaryen from npm (wasm/www's devDependencies), else a system one of version 117 or
# later (Debian bookworm's 108 breaks wasm-bindgen's externref table). WASM_OPT=0 skips it.
wasm_opt=""
if [ -x "$root/wasm/www/node_modules/.bin/wasm-opt" ]; then
  wasm_opt="$root/wasm/www/node_modules/.bin/wasm-opt"
elif command -v wasm-opt >/dev/null 2>&1 &&
     [ "$(wasm-opt --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')" -ge 117 ]; then
  wasm_opt=wasm-opt
fi
if [ "${WASM_OPT:-1}" = 0 ] || [ -z "$wasm_opt" ]; then
  echo "build.sh: skipping wasm-opt (run npm ci in wasm/www for binaryen)"
else
  echo "== wasm-opt -Oz ($("$wasm_opt" --version))"
  for bg in "$out/node/${lib}_bg.wasm" "$out/web/${lib}_bg.wasm"; do
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue -o "$bg.opt" "$bg"
    mv "$bg.opt" "$bg"
  done
fi

size=$(wc -c < "$out/web/${lib}_bg.wasm")
gz=$(gzip -9 -c "$out/web/${lib}_bg.wasm" | wc -c)
echo "== $lib.wasm: $size bytes, $gz gzipped"
