#!/usr/bin/env bash
# Installs the `plotmill` command into cargo's bin folder (~/.cargo/bin, on
# the PATH of a shell where Rust was installed with rustup), reusing the
# release build in ./target (after scripts/demo.sh this takes seconds).
#   bash scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR="$PWD/target" cargo install --locked --path crates/plotmill-cli
dest="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
# `plotmill mem where` finds its preload library next to the binary.
CARGO_TARGET_DIR="$PWD/target" cargo build --release --locked -p plotmill-preload
install -m 0755 target/release/libplotmill_preload.so "$dest/"
echo "installed $dest/plotmill and $dest/libplotmill_preload.so"
case ":$PATH:" in
    *":$dest:"*) ;;
    *) echo "note: $dest is not on your PATH; add it: export PATH=\"$dest:\$PATH\"" ;;
esac
