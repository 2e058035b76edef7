#!/usr/bin/env bash
# The whole test suite: the Rust workspace (unit, integration, CLI and doc
# tests, optimised: the `test-opt` profile, release without LTO), the Slurm
# test, the Python package's pytest suite, and the demo (scripts/demo.sh)
# with the suite's build.
#   bash scripts/test.sh               # everything
#   bash scripts/test.sh -p plotmill   # extra arguments go to `cargo test`,
#                                      # and then only `cargo test` runs
#
# It installs what the tests need and says so as it does:
#   - Debian packages (as root, with apt-get): fonts-wqy-microhei, the CJK
#     font the font-fallback tests draw with, python3-venv where Python
#     cannot make a virtual environment, valgrind (mem where's preload
#     library is run under memcheck), and qpdf and poppler-utils (the PDF
#     tests check every PDF with `qpdf --check`, read its text back with
#     `pdftotext` and draw it with `pdftoppm`), and slurmctld, slurmd,
#     slurm-client and munge (tests/slurm/test_slurm.sh starts a one-node
#     Slurm cluster and runs a sharded batch as an array job on it);
#   - .venv-test: maturin, pytest, numpy, pandas, pyarrow, polars and
#     memory_profiler (mprof compatibility), from bindings/python/requirements-test.txt,
#     made once and remade when that file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages. Each entry: a package and the file (or check) that shows
# it is there.
missing=()
if [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    missing+=(fonts-wqy-microhei)
fi
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=(python3-venv)
fi
if ! command -v valgrind >/dev/null 2>&1; then
    missing+=(valgrind)
fi
if ! command -v qpdf >/dev/null 2>&1; then
    missing+=(qpdf)
fi
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    missing+=(poppler-utils)
fi
for tool in slurmctld slurmd sbatch munged; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        missing+=(slurmctld slurmd slurm-client munge)
        break
    fi
done
# The Slurm test starts daemons as root.
sudo_test=
[ "$(id -u)" -eq 0 ] || sudo_test=sudo
if [ ${#missing[@]} -gt 0 ]; then
    echo "--- installing ${missing[*]} (Debian packages the tests need)"
    if [ "$(id -u)" -ne 0 ]; then
        sudo=sudo
        command -v sudo >/dev/null 2>&1 || {
            echo "error: the tests need ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
            exit 2
        }
    else
        sudo=
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv=.venv-test
req=bindings/python/requirements-test.txt
stamp="$venv/.requirements"
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    echo "--- making $venv (pip: $(grep -v '^#' "$req" | tr '\n' ' '))"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q -r "$req"
    cp "$req" "$stamp"
fi
export PLOTMILL_TEST_PYTHON="$PWD/$venv/bin/python"

# Optimised as release is, without its whole-program optimisation (which
# would link every test binary for minutes; see Cargo.toml).
profile=test-opt
bin="$PWD/target/$profile/plotmill"
echo "--- cargo test (profile $profile; the first build takes several minutes)"
# --no-fail-fast: one failing test binary must not hide the others' results.
# `plotmill mem where`'s tests load the preload library from beside the
# plotmill they run (a cdylib is not built by `cargo test` itself).
cargo build --profile "$profile" --locked -p plotmill-preload
cargo test --workspace --profile "$profile" --locked --no-fail-fast "$@"
if [ $# -gt 0 ]; then
    echo "--- cargo test $* passed (with arguments, the Slurm, Python and demo runs are left out)"
    exit 0
fi

echo "--- plotmill batch on a one-node Slurm cluster (an array of 4 shards, one cancelled)"
$sudo_test bash tests/slurm/test_slurm.sh "$bin"

echo "--- python package"
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet -m bindings/python/Cargo.toml -o target/wheels
"$venv/bin/pip" install -q --force-reinstall --no-deps target/wheels/plotmill-*.whl
PLOTMILL_BIN="$bin" "$venv/bin/python" -m pytest -q bindings/python/tests

echo "--- pip install ./bindings/python in a fresh venv (no numpy, no pandas)"
clean="$(mktemp -d)"
trap 'rm -rf "$clean"' EXIT
python3 -m venv "$clean/venv"
# The build reuses the crates maturin compiled above (the same profile and
# features); pip fetches maturin.
CARGO_TARGET_DIR="$PWD/bindings/python/target" "$clean/venv/bin/pip" install -q ./bindings/python
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

echo "--- the demo (scripts/demo.sh) with this build"
PLOTMILL_BIN="$bin" bash scripts/demo.sh >/dev/null
for f in seed_4x8_corr.csv seed_4x8_scatter_matrix.png seed_4x8_correlation_heatmap.png; do
    test -s "out/$f" || { echo "error: the demo wrote no out/$f" >&2; exit 1; }
done
echo "the demo wrote $(ls out | wc -l) files in out/"
