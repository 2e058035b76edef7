#!/usr/bin/env bash
# The whole test suite: unit, integration (pandas fixtures, CLI) and doc tests.
# Release mode, as the large-input and property tests run much faster there.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --release --locked "$@"
