#!/usr/bin/env bash
# The whole test suite: unit, integration (pandas fixtures, CLI) and doc tests.
# Release mode, as the large-input and property tests run much faster there.
#   bash scripts/test.sh
#
# The `plotmill mem` tests check that mprof reads plotmill's recordings and
# the other way round; they need memory_profiler, which this script installs
# into .venv-test (once) and passes on as PLOTMILL_TEST_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PLOTMILL_TEST_PYTHON:-}" ]; then
    if ! .venv-test/bin/python -c "import memory_profiler" >/dev/null 2>&1; then
        if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        fi
        rm -rf .venv-test
        python3 -m venv .venv-test
        .venv-test/bin/pip install -q "memory_profiler==0.61.0" psutil
    fi
    export PLOTMILL_TEST_PYTHON="$PWD/.venv-test/bin/python"
fi
cargo test --workspace --release --locked "$@"
