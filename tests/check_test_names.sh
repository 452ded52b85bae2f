#!/usr/bin/env bash
# CTest splits a test name at ';' (catch_discover_tests registers each
# TEST_CASE by name), and the halves then match no test and "pass" without
# running anything. Fails on any TEST_CASE name holding one.
#   tests/check_test_names.sh TESTS_DIR
set -euo pipefail
if grep -rn --include='*.cc' 'TEST_CASE("[^"]*;' "$1"; then
  echo "these test names hold ';': CTest would run nothing of them" >&2
  exit 1
fi
