#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) in build-fuzz and runs each
# for SECONDS on a corpus seeded from tests/ and examples/. Fails on any crash,
# sanitizer report, leak, timeout (a hang: one input over 10 s) or memory over
# the RSS limit; libFuzzer leaves the input as build-fuzz/crash-* etc.
#   scripts/fuzz.sh [SECONDS] [TARGET…]      (default: 60 s, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_npy_npz fuzz_text fuzz_level_file fuzz_technology fuzz_comparator_report fuzz_spice)
fi
build=build-fuzz

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNLADC_WERROR=ON \
  -DNLADC_BUILD_FUZZ=ON -DBUILD_TESTING=OFF -DNLADC_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]}"

# Seeds: the repository's own files of each kind (tests/data, examples/, and
# fuzz/seeds/ for the kinds the repository holds no file of: a level file and
# a deck written by nladc), copied afresh each run into the corpus directory,
# which keeps what libFuzzer found in earlier runs.
seed() {
  local corpus="$build/corpus/$1"
  shift
  mkdir -p "$corpus"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$corpus/seed-$(basename "$file")"
  done
  return 0
}
seed fuzz_npy_npz tests/data/*.npy tests/data/*.npz examples/*.npz
seed fuzz_text tests/data/*.csv tests/data/*.txt
seed fuzz_level_file fuzz/seeds/level_file/*.json
seed fuzz_technology examples/tech/*.yaml
seed fuzz_comparator_report tests/data/catalogue/comparator_*.json
seed fuzz_spice fuzz/seeds/spice/*.sp examples/tech/*.lib
dict_dir=fuzz/dict

status=0
for target in "${targets[@]}"; do
  dict=()
  [ -f "$dict_dir/$target.dict" ] && dict=(-dict="$dict_dir/$target.dict")
  mkdir -p "$build/artifacts/$target"
  echo "fuzz: $target for ${seconds} s"
  if ! "$build/fuzz/$target" "$build/corpus/$target" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target/" \
    2>"$build/$target.log"; then
    tail -n 60 "$build/$target.log" >&2
    echo "fuzz: $target FAILED; the input is in $build/artifacts/$target/" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$build/$target.log" || true
  fi
done
exit $status
