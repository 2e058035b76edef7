#!/usr/bin/env bash
# Installs the `plotmill` command into cargo's bin folder (~/.cargo/bin, on
# the PATH of a shell where Rust was installed with rustup), reusing the
# release build in ./target (after scripts/demo.sh this takes seconds).
#   bash scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR="$PWD/target" cargo install --locked --path crates/plotmill
dest="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
echo "installed $dest/plotmill"
case ":$PATH:" in
    *":$dest:"*) ;;
    *) echo "note: $dest is not on your PATH; add it: export PATH=\"$dest:\$PATH\"" ;;
esac
