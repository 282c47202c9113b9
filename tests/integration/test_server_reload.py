"""SIGHUP reloads the zone files without stopping queries."""
import os
import subprocess
import sys
import threading
import time

import dns.exception
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from conftest import ROOT
from zoned_process import ZonedProcess, write_zone


def a_records(response):
    return sorted(rd.address for rrset in response.answer for rd in rrset
                  if rrset.rdtype == dns.rdatatype.A)


def soa_serial(server, name):
    r = server.query(name, "SOA")
    return r.answer[0][0].serial


def test_sighup_with_higher_serial_changes_the_answer(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone", serial=1, hosts={"www": "192.0.2.80"})
    with ZonedProcess(tmp_path, zones={"example.com": zone}) as server:
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        write_zone(zone, serial=2, hosts={"www": "198.51.100.80", "new": "198.51.100.1"})
        server.reload()
        # "loaded" is logged before the new zone is published, "reload done" after.
        assert server.wait_for_log("reload done", timeout=10)
        assert "serial 2 loaded" in server.log()
        assert a_records(server.query("www.example.com")) == ["198.51.100.80"]
        assert a_records(server.query("new.example.com", tcp=True)) == ["198.51.100.1"]
        assert soa_serial(server, "example.com") == 2


def test_same_serial_keeps_the_old_zone_with_a_warning(tmp_path):
    # Issue #4: a secondary could not tell the new contents from the old ones.
    zone = write_zone(tmp_path / "example.com.zone", serial=5, hosts={"www": "192.0.2.80"})
    with ZonedProcess(tmp_path, zones={"example.com": zone}) as server:
        write_zone(zone, serial=5, hosts={"www": "192.0.2.81"})
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        assert "example.com not reloaded: the file changed but its serial did not increase" \
            in server.log()
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        # Fixed by the operator: the next reload takes it.
        write_zone(zone, serial=6, hosts={"www": "192.0.2.81"})
        server.reload()
        assert server.wait_for_log("reload done", timeout=10, count=2)
        assert a_records(server.query("www.example.com")) == ["192.0.2.81"]


def test_broken_file_keeps_the_old_zone(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone", serial=1, hosts={"www": "192.0.2.80"})
    other = write_zone(tmp_path / "example.net.zone", origin="example.net", serial=1,
                       hosts={"www": "192.0.2.90"})
    zones = {"example.com": zone, "example.net": other}
    with ZonedProcess(tmp_path, zones=zones) as server:
        with open(zone, "a") as f:
            f.write("bad IN A 999.1.1.1\n")
        write_zone(other, origin="example.net", serial=2, hosts={"www": "192.0.2.91"})
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        log = server.log()
        assert "zone example.com not reloaded, serial 1 kept" in log
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        assert a_records(server.query("www.example.net")) == ["192.0.2.91"]


def test_zone_with_missing_file_is_not_served_the_others_are(tmp_path):
    good = write_zone(tmp_path / "example.com.zone")
    zones = {"example.com": good, "missing.example": str(tmp_path / "missing.zone")}
    with ZonedProcess(tmp_path, zones=zones) as server:
        assert "zone missing.example not served" in server.log()
        assert "No such file" in server.log()
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        assert server.query("www.missing.example").rcode() == dns.rcode.SERVFAIL  # as NSD
        # Once the file exists, a reload serves it.
        write_zone(tmp_path / "missing.zone", origin="missing.example")
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)  # published, not only loaded
        assert "zone missing.example serial" in server.log()
        assert a_records(server.query("www.missing.example")) == ["192.0.2.80"]


def generate_large_zone(path, names, serial):
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_zone.py"), str(path),
                    str(names)], check=True, timeout=120)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("2026112601", str(serial), 1))


def test_no_query_is_lost_while_a_large_zone_reloads(tmp_path):
    big = tmp_path / "example.com.zone"
    generate_large_zone(big, 200_000, 2026112601)
    with ZonedProcess(tmp_path, zones={"example.com": str(big)}, workers=2) as server:
        assert a_records(server.query("host3.example.com")) == ["10.0.0.3"]
        generate_large_zone(big, 200_000, 2026112602)
        stop = threading.Event()
        results = {"sent": 0, "lost": 0, "wrong": 0}

        def query_loop():
            deadline = time.monotonic() + 90  # hard bound (sanitizer builds load slowly)
            i = 0
            while not stop.is_set() and time.monotonic() < deadline:
                name = f"host{3 + (i % 1000) * 40}.example.com"
                i += 1
                results["sent"] += 1
                try:
                    r = server.query(name, "A", timeout=1.0)
                    if r.rcode() != dns.rcode.NOERROR or not r.answer:
                        results["wrong"] += 1
                except dns.exception.Timeout:
                    results["lost"] += 1

        loop = threading.Thread(target=query_loop)
        loop.start()
        time.sleep(0.3)
        server.reload()
        reloaded = server.wait_for_log("reload done", timeout=80)  # loaded and published
        time.sleep(0.3)  # keep querying after the swap too
        stop.set()
        loop.join(timeout=100)
        assert reloaded, server.log()
        assert results["sent"] > 100
        assert results["lost"] == 0, results
        assert results["wrong"] == 0, results
        assert soa_serial(server, "example.com") == 2026112602
