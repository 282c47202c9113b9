"""Shared fixtures: where the built programs are, and how to run them."""
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ZONES = os.path.join(ROOT, "tests", "zones")


def build_dir():
    return os.environ.get("ZONED_BUILD_DIR", os.path.join(ROOT, "build", "release"))


def program(name):
    path = os.path.join(build_dir(), "src", name)
    if not os.path.exists(path):
        pytest.fail(f"{path} is not built (set ZONED_BUILD_DIR)")
    return path


def run(cmd, timeout=120, **kw):
    """Runs a command, never through a shell, and returns the CompletedProcess."""
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


@pytest.fixture
def checkzone():
    return program("zoned-checkzone")
