"""zoned-syncheck (issue #6): SOA serial synchronisation between a zoned primary and real
secondaries. zoned is the primary of NSD (127.0.0.2) and Knot (127.0.0.3), both notify:
targets and provide-xfr entries with the guides' key, and of a second NSD (127.0.0.4) that
is only a provide-xfr entry: never NOTIFYed, it keeps the old serial until its refresh
(3600 s) and is the one left behind. It is given with -s and takes the key of its
provide-xfr entry. The program's exit codes follow Nagios: 0 in sync, 1 behind,
2 unreachable, 3 usage.
"""
import os
import re
import time

from conftest import program, run
from secondaries import KEY, BindSecondary, KnotSecondary, NsdSecondary
from zoned_process import ZonedProcess, free_port

ZONE = "example.com"
SERIAL = 2026112601


def write_zone(path, serial):
    # ns1 has a loopback address nothing listens on at port 53: what --ns finds.
    with open(path, "w") as f:
        f.write(f"$ORIGIN {ZONE}.\n$TTL 3600\n"
                f"@ IN SOA ns1 hostmaster {serial} 3600 600 1209600 300\n"
                "@ IN NS ns1\nns1 IN A 127.0.0.9\nwww IN A 192.0.2.80\n")


def primary_config(path, port, zonefile, peers, pidfile):
    name, algorithm, secret = KEY
    notify = "".join(f"    notify: {a}@{p} {name}\n" for a, p in peers)
    text = f"""server:
    ip-address: 127.0.0.1
    port: {port}
    zonesdir: ""
    pidfile: "{pidfile}"
    tcp-timeout: 5
remote-control:
    control-enable: no
key:
    name: "{name}"
    algorithm: {algorithm}
    secret: "{secret}"
zone:
    name: "{ZONE}"
    zonefile: "{zonefile}"
{notify}    provide-xfr: 127.0.0.2 {name}
    provide-xfr: 127.0.0.3 {name}
    provide-xfr: 127.0.0.4 {name}
    provide-xfr: 127.0.0.0/8 {name}
"""
    with open(path, "w") as f:
        f.write(text)


def rows(stdout):
    """{(server, role): (serial, status)} from the table."""
    out = {}
    for line in stdout.splitlines()[1:]:
        fields = re.split(r"\s{2,}", line.strip())
        assert fields[0] == ZONE, line
        out[(fields[1], fields[2])] = (fields[3], fields[4])
    return out


def test_syncheck_with_real_secondaries(tmp_path):
    zoned_dir = tmp_path / "zoned"
    zoned_dir.mkdir()
    zonefile = str(zoned_dir / "example.com.zone")
    write_zone(zonefile, SERIAL)
    pport = free_port("127.0.0.1")
    nsd_port, knot_port, late_port = (free_port("127.0.0.2"), free_port("127.0.0.3"),
                                      free_port("127.0.0.4"))
    config = str(zoned_dir / "zoned.conf")
    primary_config(config, pport, zonefile, [("127.0.0.2", nsd_port), ("127.0.0.3", knot_port)],
                   str(zoned_dir / "zoned.pid"))
    syncheck = program("zoned-syncheck")
    base = [syncheck, "-c", config, "--timeout", "500", "-s", f"127.0.0.4@{late_port}"]
    self_text = f"127.0.0.1@{pport}"
    nsd_text, knot_text = f"127.0.0.2@{nsd_port}", f"127.0.0.3@{knot_port}"
    late_text = f"127.0.0.4@{late_port}"

    with ZonedProcess(zoned_dir, config=config, port=pport, probe_name=ZONE) as zoned:
        primary = ("127.0.0.1", pport)
        nsd = NsdSecondary(tmp_path / "nsd", ZONE, primary=primary, address="127.0.0.2",
                           port=nsd_port)
        knot = KnotSecondary(tmp_path / "knot", ZONE, primary=primary, address="127.0.0.3",
                             port=knot_port)
        late = NsdSecondary(tmp_path / "late", ZONE, primary=primary, address="127.0.0.4",
                            port=late_port)
        with nsd, knot, late:
            for s in (nsd, knot, late):
                assert s.wait_for_serial(SERIAL), s.log()[-2000:]

            # In sync: every server, signed where the config has a key, the same serial.
            r = run(base, timeout=20)
            assert r.returncode == 0, r.stdout + r.stderr
            assert rows(r.stdout) == {
                (self_text, "self"): (str(SERIAL), "in sync"),
                (nsd_text, "notify"): (str(SERIAL), "in sync"),
                (knot_text, "notify"): (str(SERIAL), "in sync"),
                (late_text, "given"): (str(SERIAL), "in sync")}
            r = run(base + ["--nagios"], timeout=20)
            assert r.returncode == 0
            assert r.stdout == (f"SYNC OK - 1 zone, 4 servers in sync at serial {SERIAL} "
                                "| servers=4 behind=0 failed=0\n")

            # A new serial: the notified secondaries follow, the other one stays behind.
            write_zone(zonefile, SERIAL + 1)
            zoned.reload()
            assert nsd.wait_for_serial(SERIAL + 1, timeout=15), zoned.log()[-3000:]
            assert knot.wait_for_serial(SERIAL + 1, timeout=15), zoned.log()[-3000:]
            r = run(base + ["-z", ZONE], timeout=20)
            assert r.returncode == 1, r.stdout + r.stderr
            table = rows(r.stdout)
            assert table[(late_text, "given")] == (str(SERIAL), "behind by 1")
            assert table[(self_text, "self")] == (str(SERIAL + 1), "in sync")
            assert table[(knot_text, "notify")] == (str(SERIAL + 1), "in sync")
            r = run(base + ["--nagios"], timeout=20)
            assert r.returncode == 1
            assert r.stdout == (f"SYNC WARNING - {ZONE} {late_text} (given) behind by 1 "
                                "| servers=4 behind=1 failed=0\n"), r.stdout

            # A stopped secondary: unreachable, which wins over behind.
            knot.stop()
            started = time.monotonic()
            r = run(base, timeout=20)
            assert time.monotonic() - started < 5
            assert r.returncode == 2, r.stdout + r.stderr
            table = rows(r.stdout)
            assert table[(knot_text, "notify")] == ("-", "unreachable")
            assert table[(late_text, "given")][1] == "behind by 1"
            r = run(base + ["--nagios", "-v"], timeout=20)
            assert r.returncode == 2
            assert r.stdout.startswith(f"SYNC CRITICAL - {ZONE} {knot_text} (notify) "
                                       "unreachable ("), r.stdout
            assert "behind=1 failed=1" in r.stdout

            # --ns: ns1's address, found by asking zoned, is asked too.
            r = run(base + ["--ns"], timeout=20)
            assert r.returncode == 2
            assert rows(r.stdout)[("127.0.0.9@53", "ns")] == ("-", "unreachable"), r.stdout

    # Usage and configuration errors.
    r = run([syncheck, "-c", config, "-z", "unknown.example"], timeout=10)
    assert r.returncode == 3 and "unknown.example is not in" in r.stderr
    r = run([syncheck, "-c", os.path.join(str(tmp_path), "missing.conf")], timeout=10)
    assert r.returncode == 3
    r = run([syncheck, "-c", config, "-s", "ns1.example.com"], timeout=10)
    assert r.returncode == 3
    r = run([syncheck, "--help"], timeout=10)
    assert r.returncode == 0 and "Exit code" in r.stdout


def test_syncheck_with_a_bind_secondary(tmp_path):
    """BIND 9.18 as the notified secondary (named takes 127.0.0.1 and a port of its own)."""
    zoned_dir = tmp_path / "zoned"
    zoned_dir.mkdir()
    zonefile = str(zoned_dir / "example.com.zone")
    write_zone(zonefile, SERIAL)
    pport, bind_port = free_port("127.0.0.1"), free_port("127.0.0.1")
    config = str(zoned_dir / "zoned.conf")
    primary_config(config, pport, zonefile, [("127.0.0.1", bind_port)],
                   str(zoned_dir / "zoned.pid"))
    with open(config) as f:  # only BIND here: not the other test's secondaries
        text = "".join(line for line in f if not re.search(r"provide-xfr: 127\.0\.0\.[234] ", line))
    with open(config, "w") as f:
        f.write(text)
    base = [program("zoned-syncheck"), "-c", config, "--timeout", "500"]
    bind_text = f"127.0.0.1@{bind_port}"
    with ZonedProcess(zoned_dir, config=config, port=pport, probe_name=ZONE) as zoned:
        bind = BindSecondary(tmp_path / "bind", ZONE, primary=("127.0.0.1", pport),
                             address="127.0.0.1", port=bind_port)
        with bind:
            assert bind.wait_for_serial(SERIAL), bind.log()[-2000:]
            r = run(base, timeout=20)
            assert r.returncode == 0, r.stdout + r.stderr
            assert rows(r.stdout)[(bind_text, "notify")] == (str(SERIAL), "in sync")
            write_zone(zonefile, SERIAL + 1)
            zoned.reload()
            assert bind.wait_for_serial(SERIAL + 1, timeout=15), zoned.log()[-3000:]
            r = run(base, timeout=20)
            assert r.returncode == 0, r.stdout + r.stderr
            assert rows(r.stdout)[(bind_text, "notify")] == (str(SERIAL + 1), "in sync")
        r = run(base, timeout=20)  # named stopped
        assert r.returncode == 2, r.stdout + r.stderr
        assert rows(r.stdout)[(bind_text, "notify")] == ("-", "unreachable")
