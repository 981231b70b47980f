#!/usr/bin/env bash
# Builds the Python package into a fresh virtual environment, as the README
# says to install it, and runs its tests (pytest), the Dask example's among
# them. Needs python3 with venv and pip; everything else is installed here.
#
#   scripts/python-test.sh            # venv in target/python-venv
#   PYTHON=python3.12 scripts/python-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=target/python-venv

# The tests compare with the command line's output.
cargo build --release --quiet
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# The package as a user installs it; pytest, Dask, mypy and translate-toolkit
# (which reads the TBX `shuyu extract` writes) for the tests only.
"$venv/bin/python" -m pip install --quiet ./python pytest "dask[distributed]" mypy translate-toolkit
# `pytest`, not `python -m pytest`: the working directory must not come
# first on sys.path, or python/shuyu (the sources, without the compiled
# module) would be imported instead of the installed package.
SHUYU_BIN="$PWD/target/release/shuyu" "$venv/bin/pytest" -q python/tests
# The type stubs say what the compiled module has, no more, no less.
"$venv/bin/python" -m mypy.stubtest shuyu
