#!/usr/bin/env bash
# The design search's time (issue #15): `nladc design` to a yield of 0.99
# over 128 columns (2,000 behavioural samples per candidate, 200 SPICE
# samples, --jobs = cores) on the bundled conv1 tensor and on 10^6
# ReLU6-shaped samples, whole process, wall clock and peak RSS, each run
# twice side by side.
#   bench/bench_design.sh [BUILD_DIR]      (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
nladc="$build/cli/nladc"
tech=examples/tech/generic-65nm.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$nladc" levels examples/activations.npz --tensor conv1.relu --bits 3 --method bs-kmq -o "$work/conv1.json"
"$build/tests/write_synthetic" relu6 1000000 17 "$work/relu6.f32"
"$nladc" levels "$work/relu6.f32" --bits 3 --method bs-kmq -o "$work/relu6.json"

run() { # NAME LEVELS DATA
  for round in 1 2; do
    /usr/bin/time -f "$1 round $round: %e s wall, %U s user, %M KiB peak RSS" \
      "$nladc" design "$2" --tech "$tech" --data "$3" --jobs "$(nproc)" -o "$work/$1-$round" > "$work/$1-$round.log"
    grep -E "^  (design|best reached|yield):" "$work/$1-$round.log"
  done
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run conv1 "$work/conv1.json" examples/activations.npz
run relu6-1e6 "$work/relu6.json" "$work/relu6.f32"
