"""zoned-checkzone against nsd-checkzone, kzonecheck, named-checkzone and ldns-read-zone.

Every zone here is valid: all the peers accept it, so zoned must too, and zoned's canonical
print (-p) must hold exactly the RRsets that ldns-read-zone and named-checkzone -D print.
"""
import os
import shutil

import dns.rdataclass
import dns.zone
import pytest

from conftest import ROOT, ZONES, run

VALID = [
    ("example.com", os.path.join(ZONES, "example.com.zone")),
    ("signed-nsec.example", os.path.join(ZONES, "signed-nsec.example.zone")),
    ("signed-nsec3.example", os.path.join(ZONES, "signed-nsec3.example.zone")),
    ("linoderocks.com", os.path.join(ROOT, "examples", "zones", "master", "linoderocks.com.zone")),
]
IDS = [v[0] for v in VALID]


def need(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed (scripts/deps.sh installs it)")


def records(text, origin):
    """The set of (owner, ttl, type, canonical rdata) that a zone in text form holds."""
    z = dns.zone.from_text(text, origin=origin, relativize=False, check_origin=False)
    out = set()
    for name, node in z.nodes.items():
        for rds in node.rdatasets:
            for rd in rds:
                out.add((name.to_text().lower(), rds.ttl, rds.rdtype,
                         rd.to_digestable(dns.name.root)))
    return out


@pytest.mark.parametrize("zone,path", VALID, ids=IDS)
def test_peers_and_zoned_accept(checkzone, zone, path):
    need("nsd-checkzone")
    need("kzonecheck")
    need("named-checkzone")
    assert run(["nsd-checkzone", zone, path]).returncode == 0
    assert run(["kzonecheck", "-o", zone, path]).returncode == 0
    assert run(["named-checkzone", "-i", "local", zone, path]).returncode == 0
    r = run([checkzone, zone, path])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith(f"zone {zone} is ok")


@pytest.mark.parametrize("zone,path", VALID, ids=IDS)
def test_print_matches_ldns_read_zone(checkzone, zone, path):
    need("ldns-read-zone")
    ours = run([checkzone, "-p", zone, path])
    assert ours.returncode == 0, ours.stderr
    ldns = run(["ldns-read-zone", path])  # the zones carry their $ORIGIN
    assert ldns.returncode == 0, ldns.stderr
    mine = records(ours.stdout, zone)
    theirs = records(ldns.stdout, zone)
    assert mine == theirs, {"only zoned": mine - theirs, "only ldns": theirs - mine}


@pytest.mark.parametrize("zone,path", VALID, ids=IDS)
def test_print_matches_named_checkzone(checkzone, zone, path, tmp_path):
    need("named-checkzone")
    ours = run([checkzone, "-p", zone, path])
    dumped = tmp_path / "named.out"
    named = run(["named-checkzone", "-i", "local", "-D", "-o", str(dumped), zone, path])
    assert named.returncode == 0, named.stdout
    mine = records(ours.stdout, zone)
    theirs = records(dumped.read_text(), zone)
    assert mine == theirs, {"only zoned": mine - theirs, "only named": theirs - mine}


@pytest.mark.parametrize("zone,path", VALID, ids=IDS)
def test_print_is_a_fixed_point(checkzone, zone, path, tmp_path):
    first = run([checkzone, "-p", zone, path])
    assert first.returncode == 0, first.stderr
    again_file = tmp_path / "printed.zone"
    again_file.write_text(first.stdout)
    second = run([checkzone, "-p", zone, str(again_file)])
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    # Canonical order: SOA first, then the zone, each line absolute.
    lines = [line for line in first.stdout.splitlines() if not line.startswith(";")]
    assert first.stdout.endswith(f"; zone {zone} is ok\n")
    assert lines[0].split("\t")[3] == "SOA"
    assert all(line.split("\t")[0].endswith(".") for line in lines)
