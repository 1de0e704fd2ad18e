#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets (not committed: made from the test
# fixtures and, when present, the shared acceptance data), into fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")"
tables=(stores skus sku_costs fx_rates orders order_lines shipments refunds traffic ads
        inventory expenses reviews tickets surveys targets metrics)
mkdir -p corpus/import_csv corpus/parse_values
n=0
for f in ../tests/fixtures/*/*.csv ../../shared/acceptance/data/*.csv ../../shared/acceptance/bad/*/*.csv; do
    [ -e "$f" ] || continue
    stem=$(basename "$f"); stem=${stem%%[-.]*}; stem=${stem,,}
    for i in "${!tables[@]}"; do
        if [ "${tables[$i]}" = "$stem" ]; then
            n=$((n + 1))
            { printf "\\x$(printf %02x "$i")"; head -n 40 "$f"; } >"corpus/import_csv/seed-$n"
        fi
    done
done
i=0
for v in 0 12.5 -3 1000000000000 1000000000000.000001 9223372036854.775808 0.0000001 1e3 \
         2026-10-05 -001-01-01 +999-01-01 2199-12-31 2200-01-01 1969-12-31 \
         "2026-10-05 14:03" "2026-10-05T14:03:00-07:00" "2026-03-08 02:30" 2026-Q4 2026-W47 \
         2026-11-01..2026-11-21 79228162514264337593543950335 America/Los_Angeles; do
    i=$((i + 1))
    printf '%s' "$v" >"corpus/parse_values/seed-$i"
done
echo "seeds: $n import_csv, $i parse_values"
