#!/usr/bin/env bash
# The main job, on the service's own data: builds plotmill and draws the
# service's two charts (scatter matrix and correlation heatmap) for every data
# set in examples/data/ into ./out, plus the heatmap variants the matplotlib
# references show, and the correlation matrices as CSV.
#   bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# PLOTMILL_BIN: a plotmill already built (scripts/test.sh runs the demo
# with the test suite's build), used as it is.
bin=${PLOTMILL_BIN:-}
if [ -n "$bin" ]; then
    if [ ! -x "$bin" ]; then
        echo "error: PLOTMILL_BIN=$bin is not an executable file; unset it to build plotmill here" >&2
        exit 2
    fi
    echo "--- using $bin" >&2
else
    # Cargo's target folder: ./target, or CARGO_TARGET_DIR where it is set.
    target=${CARGO_TARGET_DIR:-target}
    bin=$target/release/plotmill
    if [ -x "$bin" ]; then
        echo "--- building plotmill (release; only what changed)" >&2
    else
        echo "--- building plotmill (release; the first build downloads and compiles the dependencies: a few minutes)" >&2
    fi
    start=$SECONDS
    # The preload library of `plotmill mem where` lives next to the binary.
    cargo build --release --locked --bin plotmill
    cargo build --release --locked -p plotmill-preload
    echo "--- built $bin in $((SECONDS - start)) s" >&2
fi
mkdir -p out
# The service's job, as one command: both charts for every data set, in
# parallel, written atomically (out/<key>_scatter_matrix.png and
# out/<key>_correlation_heatmap.png; out/failures.jsonl lists any bad input).
"$bin" batch --inputs 'examples/data/*.csv' -o out
for data in examples/data/*.csv; do
    key=$(basename "$data" .csv)
    "$bin" -q corr "$data" -o "out/${key}_corr.csv"
    echo "wrote out/${key}_scatter_matrix.png, out/${key}_correlation_heatmap.png, out/${key}_corr.csv"
done
# The references' other parameters, on the demo data.
"$bin" -q heatmap examples/data/demo_sales.csv --method spearman --mask upper --cmap vlag \
    --center 0 --fmt .2f --square -o out/demo_sales_spearman_upper_vlag_2f_square.png
"$bin" -q heatmap examples/data/demo_sales.csv --method spearman --cmap viridis --no-annot \
    --linewidths 0.5 -o out/demo_sales_spearman_viridis_noannot.png
"$bin" -q heatmap examples/data/seed_4x8.csv -o out/seed_4x8_correlation_heatmap.svg
echo "wrote out/demo_sales_spearman_upper_vlag_2f_square.png, out/demo_sales_spearman_viridis_noannot.png, out/seed_4x8_correlation_heatmap.svg"
# seaborn's distribution charts, by species (a text column).
"$bin" -q histplot examples/data/species.csv --x flipper_length_mm --hue species \
    --multiple stack -o out/species_histplot.png
"$bin" -q kdeplot examples/data/species.csv --x body_mass_g --hue species --fill \
    -o out/species_kdeplot.png
echo "wrote out/species_histplot.png, out/species_kdeplot.png"
"$bin" -q pairplot examples/data/birds.csv --hue species -o out/birds_pairplot.png
echo "wrote out/birds_pairplot.png"
# seaborn's categorical charts, by species and sex.
"$bin" -q boxplot examples/data/species.csv --x species --y body_mass_g --hue sex \
    -o out/species_boxplot.png
"$bin" -q violinplot examples/data/species.csv --x species --y body_mass_g --hue sex \
    --split --inner quart -o out/species_violinplot.png
"$bin" -q swarmplot examples/data/species.csv --x island --y flipper_length_mm --hue species \
    -o out/species_swarmplot.png
echo "wrote out/species_boxplot.png, out/species_violinplot.png, out/species_swarmplot.png"
# seaborn's clustermap: the genes ordered by how they correlate, and the
# samples by their expression, with a strip by tissue.
"$bin" -q clustermap examples/data/expression.csv --corr -o out/expression_clustermap.png
"$bin" -q clustermap examples/data/expression.csv --index sample --row-colors tissue --z-score 1 \
    -o out/expression_samples_clustermap.png
echo "wrote out/expression_clustermap.png, out/expression_samples_clustermap.png"
if [ -z "${PLOTMILL_BIN:-}" ]; then
    cat <<MSG

plotmill is built: $(realpath "$bin")
To type \`plotmill\` in any shell: bash scripts/install.sh (copies it to ~/.cargo/bin, reusing this build)
or put it on your PATH for this shell: export PATH="$(realpath "$(dirname "$bin")"):\$PATH"
MSG
fi
