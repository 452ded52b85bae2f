#!/usr/bin/env bash
# Fitting at scale, whole process (issue #17): `nladc levels FILE -b 4 -m M`
# for M = linear, kmeans-optimal, bs-kmq on .npy files of three kinds
# (bench/make_activations.cc): ReLU6-shaped float32, every value distinct (the
# worst case for a reduction to distinct values), and the ReLU6-shaped samples
# as float16 (at most 65,536 distinct values, so peak RSS should not grow with
# N, DESIGN.md §10). Wall seconds (the shell clock) and peak RSS (/usr/bin/time), one
# Markdown table row per run. When /usr/bin/python3 has scikit-learn, also its
# KMeans (K = 16, n_init = 1, all cores) on the float32 ReLU data at 1e6 and
# 1e7, as a whole process too.
#   bench/bench_stream.sh [SIZE ...]        (default: 1e6 1e7 1e8 1e9)
#   env BUILD (default build), SCRATCH (default /tmp/nladc-bench-stream)
# The data files are made once in SCRATCH and reused (4 GB per float32 kind at
# 1e9, 2 GB for relu-f16), and read once before their runs, so that the runs
# read them from the page cache.
# Generation times and failures go to stderr, the table to stdout; each run's
# output is kept in SCRATCH/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD:-build}"
scratch="${SCRATCH:-/tmp/nladc-bench-stream}"
nladc="$build/cli/nladc"
make_activations="$build/bench/make_activations"
sizes=("$@")
[ $# -gt 0 ] || sizes=(1e6 1e7 1e8 1e9)

for tool in "$nladc" "$make_activations"; do
  if [ ! -x "$tool" ]; then
    echo "bench_stream.sh: $tool is missing: cmake --build $build --target nladc make_activations (or set BUILD)" >&2
    exit 2
  fi
done
sklearn=no
if /usr/bin/python3 -c 'import sklearn' 2> /dev/null; then
  sklearn=yes
else
  echo "bench_stream.sh: no scikit-learn in /usr/bin/python3 (apt-get install python3-sklearn): no sklearn rows" >&2
fi
mkdir -p "$scratch/logs" "$scratch/out"

count() { # SIZE as written (1e6) -> whole sample count
  local n
  n=$(printf '%.0f' "$1" 2> /dev/null) && [ "$n" -ge 1 ] 2> /dev/null && echo "$n" && return
  echo "bench_stream.sh: '$1' is not a sample count" >&2
  exit 2
}

data() { # KIND N -> the file, made unless it is there at its size
  local file="$scratch/$1-$2.npy" bytes=4
  [ "$1" != relu-f16 ] || bytes=2
  # make_activations' .npy header is 128 bytes for every N it accepts, '<f4' or '<f2'.
  if [ "$(stat -c %s "$file" 2> /dev/null || echo 0)" != $((128 + bytes * $2)) ]; then
    /usr/bin/time -f %e -o "$scratch/time" "$make_activations" --kind "$1" --samples "$2" --out "$file"
    echo "generated $file in $(tail -n 1 "$scratch/time") s" >&2
  fi
  echo "$file"
}

row() { # KIND SIZE LABEL FILE COMMAND...: runs COMMAND under /usr/bin/time, prints its row
  local kind=$1 size=$2 label=$3 file=$4 status=0 wall kib
  shift 4
  local base=${file##*/}
  local log="$scratch/logs/${base%.npy}-${label// /_}.log"
  # Wall time to the millisecond from the shell's clock (/usr/bin/time's
  # %e has 10 ms steps, an eighth of a 10^6 run); peak RSS from /usr/bin/time.
  local start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$scratch/time" "$@" > "$log" 2>&1 || status=$?
  wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
  kib=$(tail -n 1 "$scratch/time")
  if [ "$status" -ne 0 ]; then
    wall="failed (status $status)"
    echo "bench_stream.sh: $label on $file failed: $(tail -n 1 "$log") (log: $log)" >&2
  fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$kind" "$size" "$label" "$wall" \
    "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')"
}

# All data first, so that the table below is all runs.
for size in "${sizes[@]}"; do
  n=$(count "$size") # exits on a bad size
  for kind in relu distinct relu-f16; do
    data "$kind" "$n" > /dev/null
  done
done

echo "$(date '+%Y-%m-%d %H:%M %Z'), nproc = $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg), $nladc"
echo
echo "| kind | samples | method | wall s | peak RSS MiB | file MiB |"
echo "|---|---:|---|---:|---:|---:|"
for size in "${sizes[@]}"; do
  n=$(count "$size")
  for kind in relu distinct relu-f16; do
    file=$(data "$kind" "$n")
    # Read once, so its runs read it from the page cache: with 14 GB of data
    # about, the file a run needs may have been dropped for another.
    cat "$file" > /dev/null
    for method in linear kmeans-optimal bs-kmq; do
      row "$kind" "$size" "$method" "$file" "$nladc" levels "$file" -b 4 -m "$method" -o "$scratch/out/$kind-$n-$method.json"
    done
    if [ "$sklearn" = yes ] && [ "$kind" = relu ] && { [ "$n" = 1000000 ] || [ "$n" = 10000000 ]; }; then
      row "$kind" "$size" "sklearn KMeans n_init=1" "$file" \
        env -u OMP_NUM_THREADS /usr/bin/python3 bench/sklearn_kmeans.py "$file" --k 16 --n-init 1
    fi
  done
done
