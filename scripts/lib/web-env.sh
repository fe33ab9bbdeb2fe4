# Sourced by the playground scripts: where the pinned tools live and how
# the release build is tuned for size.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/web/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The workspace's release profile has lto and codegen-units = 1; the page
# also wants the smallest code, without changing the profile the CLI uses.
# (wasm32-unknown-unknown already aborts on panic.)
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}"
TRUNK_VERSION="0.21.14"
# The wasm-bindgen version in web/Cargo.lock (the WebAssembly workspace's):
# wasm-bindgen-cli must match it.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/web/Cargo.lock")"
