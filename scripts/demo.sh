#!/usr/bin/env bash
# The main job, on the service's own data: builds plotmill and writes what it
# can make of examples/data/ into ./out. Grows with each chart plotmill learns.
#   bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin plotmill
bin=target/release/plotmill
mkdir -p out
for data in examples/data/seed_4x8.csv examples/data/demo_sales.csv; do
    name=$(basename "$data" .csv)
    "$bin" corr "$data" -o "out/${name}_corr.csv"
    "$bin" corr "$data" --method kendall --format json -o "out/${name}_corr_kendall.json"
    echo "wrote out/${name}_corr.csv and out/${name}_corr_kendall.json"
done
echo
echo "out/seed_4x8_corr.csv (Pearson, as pandas df.corr().to_csv() writes it):"
cat out/seed_4x8_corr.csv
