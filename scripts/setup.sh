#!/usr/bin/env bash
# Installs every Debian package nladc needs to build, test and benchmark.
# Idempotent and non-interactive; run as root (or with sudo) on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  catch2 libcli11-dev nlohmann-json3-dev libzip-dev libfmt-dev
  libeigen3-dev libboost-graph-dev libyaml-cpp-dev
  libngspice0-dev ngspice
  # The distributed Monte Carlo (NLADC_WITH_MPI): OpenMPI, and mpirun.
  libopenmpi-dev openmpi-bin
  libbenchmark-dev
  # Fuzzing (scripts/fuzz.sh): clang (14) and its libFuzzer runtime.
  clang libclang-rt-14-dev
  python3-numpy
  # The Python module (python/, built for /usr/bin/python3) and its tests
  # and example: pybind11, Python's headers, pytest, PyTorch, scikit-learn.
  pybind11-dev python3-dev python3-pytest python3-torch python3-sklearn
  # The report's tests: headless Chromium renders it, with a font named here
  # rather than left to fontconfig's choice of alternatives; libxml2 and
  # libpng read the SVG and the screenshots back.
  chromium fonts-dejavu-core libxml2-dev libpng-dev
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
