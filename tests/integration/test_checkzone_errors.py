"""zoned-checkzone on broken zones: each error named as file:line[:column], exit 1.

Every zone in tests/zones/bad/ states what it must produce in '; expect:' lines at its top;
the peers reject these zones too (checked for the ones they can read).
"""
import glob
import os

import pytest

from conftest import ZONES, run

BAD = sorted(glob.glob(os.path.join(ZONES, "bad", "*.zone")))


def expectations(path):
    with open(path) as f:
        return [line.split("expect:", 1)[1].strip() for line in f if line.startswith("; expect:")]


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p) for p in BAD])
def test_bad_zone_is_rejected_with_its_location(checkzone, path):
    wanted = expectations(path)
    assert wanted, f"{path} has no '; expect:' line"
    r = run([checkzone, "example.com", path])
    assert r.returncode == 1
    for w in wanted:
        assert w in r.stderr, r.stderr
    assert f"zone example.com file {path} has" in r.stderr
    assert "is ok" not in r.stdout


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p) for p in BAD])
def test_nsd_rejects_it_too(path):
    # Semantic rules NSD does not check (glue, CNAME beside data it merely warns of) aside,
    # a zone broken for zoned is broken for NSD.
    if os.path.basename(path) in ("missing-glue.zone", "cname-and-other.zone"):
        pytest.skip("nsd-checkzone does not check this rule")
    r = run(["nsd-checkzone", "example.com", path])
    assert r.returncode != 0


def test_usage_errors(checkzone):
    assert run([checkzone]).returncode == 1
    assert run([checkzone, "-x", "a", "b"]).returncode == 1
    r = run([checkzone, "example.com", "/nonexistent/zone"])
    assert r.returncode == 1
    assert "/nonexistent/zone" in r.stderr
