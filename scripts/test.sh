#!/usr/bin/env bash
# The whole test suite: the Rust workspace (unit, integration, CLI and doc
# tests, in release mode), then the Python package's pytest suite.
#   bash scripts/test.sh
#
# Python: the `plotmill mem` tests check mprof compatibility with
# memory_profiler, and bindings/python's tests compare with pandas, numpy,
# pyarrow and polars; this script makes .venv-test with them (once), builds
# the wheel with maturin into it, and runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-test
req=bindings/python/requirements-test.txt
stamp="$venv/.requirements"
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q -r "$req"
    cp "$req" "$stamp"
fi
export PLOTMILL_TEST_PYTHON="$PWD/$venv/bin/python"

cargo test --workspace --release --locked "$@"

echo "--- python package"
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet -m bindings/python/Cargo.toml -o target/wheels
"$venv/bin/pip" install -q --force-reinstall --no-deps target/wheels/plotmill-*.whl
PLOTMILL_BIN="$PWD/target/release/plotmill" "$venv/bin/python" -m pytest -q bindings/python/tests

echo "--- pip install ./bindings/python in a fresh venv (no numpy, no pandas)"
clean="$(mktemp -d)"
trap 'rm -rf "$clean"' EXIT
python3 -m venv "$clean/venv"
# The build reuses this checkout's compiled crates; pip fetches maturin.
CARGO_TARGET_DIR="$PWD/target/pip" "$clean/venv/bin/pip" install -q ./bindings/python
(cd "$clean" && venv/bin/python - <<'PY'
import plotmill
data = {"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 1.0, 4.0, 3.0], "c": [1.0, 3.0, 2.0, 5.0]}
assert plotmill.scatter_matrix(data, format="png").startswith(b"\x89PNG")
plotmill.heatmap({"a": [1.0, 0.5], "b": [0.5, 1.0]}, "h.svg")
assert "<svg" in open("h.svg").read(500)
assert plotmill.corr(data)["columns"] == ["a", "b", "c"]
print("pip install ./bindings/python: ok")
PY
)
