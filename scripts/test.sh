#!/usr/bin/env bash
# Builds nladc and runs the whole test suite (CTest: Catch2 unit tests and
# end-to-end tests of the nladc executable). Warnings are errors here.
# The distributed Monte Carlo (NLADC_WITH_MPI, off by default in CMake) is
# built and its tests run under a real mpirun.
#   scripts/test.sh [BUILD_DIR] [extra cmake options…]
#   scripts/test.sh build-asan -DNLADC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
shift || true
cmake -S . -B "$build" -DNLADC_WERROR=ON -DNLADC_WITH_MPI=ON "$@"
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
