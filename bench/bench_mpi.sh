#!/usr/bin/env bash
# Distributed Monte Carlo rate (issue #7): samples/s of `nladc mc` (SPICE
# engine) at 1 and 2 MPI ranks, one worker process per rank, measured side
# by side in one run on the same inputs. Needs a build with NLADC_WITH_MPI.
#   bench/bench_mpi.sh [BUILD_DIR] [SAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-mpi}"
samples="${2:-200}"
nladc="$build/cli/nladc"
[ -x "$nladc" ] || { echo "bench_mpi: $nladc not found (build with -DNLADC_WITH_MPI=ON)" >&2; exit 2; }

# One machine, as root, in a container (docs/distributed.md).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_warn_on_fork=0 \
  OMPI_MCA_btl_vader_single_copy_mechanism=none

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$nladc" levels examples/activations.npz --tensor conv1.relu --bits 3 --method bs-kmq -o "$work/levels.json"
run=(mc "$work/levels.json" --tech examples/tech/generic-65nm.yaml --samples "$samples" --seed 1 --jobs 1)

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

echo "cores (nproc): $(nproc); samples: $samples; one worker per rank"
for ranks in 1 2; do
  t=$(seconds mpirun --oversubscribe -np "$ranks" "$nladc" "${run[@]}" -o "$work/np$ranks")
  printf 'ranks %d: %.1f s, %.2f samples/s\n' "$ranks" "$t" "$(echo "$samples / $t" | bc -l)"
done
t=$(seconds "$nladc" "${run[@]}" -o "$work/plain")
printf 'no mpirun (--jobs 1): %.1f s, %.2f samples/s\n' "$t" "$(echo "$samples / $t" | bc -l)"
cmp -s "$work/np1/summary.json" "$work/np2/summary.json" && echo "summary.json of 1 and 2 ranks: identical"
