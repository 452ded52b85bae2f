"""Fixtures of the Python module's tests: the CLI they compare it with."""
import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def cli():
    """Runs the nladc executable (NLADC, set by CTest) and returns its result."""
    executable = os.environ.get("NLADC")
    if not executable:
        pytest.fail("NLADC is not set: run these tests through ctest")

    def run(*args):
        return subprocess.run([executable, *map(str, args)], capture_output=True, text=True)

    return run
