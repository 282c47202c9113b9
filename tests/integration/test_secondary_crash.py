"""A secondary killed (SIGKILL) at any moment of taking in a new version leaves on disk
either the old zone file or the new one, whole, never a torn one; restarted, it answers
from that file at once and catches up (issue #5)."""
import os
import signal
import subprocess
import sys
import time

import dns.message
import dns.query
import dns.rcode

from conftest import program
from zoned_process import ZonedProcess, free_port

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
KEY = 'key:\n    name: "k"\n    algorithm: hmac-sha256\n' \
      '    secret: "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o="\n'
PRIMARY, SECONDARY = "127.0.0.51", "127.0.0.52"


def generate_zone(path, names, serial):
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_zone.py"), str(path),
                    str(names)], check=True, timeout=120)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("2026112601", str(serial), 1))


def write_config(path, address, port, zone_lines, workdir):
    with open(path, "w") as f:
        f.write(f"""server:
    ip-address: {address}
    port: {port}
    server-count: 1
    zonesdir: ""
    pidfile: ""
    xfrdfile: "{workdir}/xfrd.state"
    zonelistfile: "{workdir}/zone.list"
    verbosity: 2
remote-control:
    control-enable: no
{KEY}
zone:
    name: "example.com"
{zone_lines}
""")


def serial_of(address, port):
    try:
        r = dns.query.udp(dns.message.make_query("example.com", "SOA"), address, port=port,
                          timeout=1)
    except Exception:
        return None
    return r.answer[0][0].serial if r.rcode() == dns.rcode.NOERROR and r.answer else None


def wait_serial(address, port, serial, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serial_of(address, port) == serial:
            return True
        time.sleep(0.02)
    return False


def file_serial(path):
    """The serial of the zone file zoned wrote, if zoned-checkzone accepts the file whole;
    else what is wrong with it."""
    if not os.path.exists(path):
        return None
    r = subprocess.run([program("zoned-checkzone"), "example.com", path], capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        return "torn: " + r.stdout + r.stderr
    with open(path) as f:
        first = f.readline()  # "; zone example.com. serial N, written by zoned ..."
    return int(first.split(" serial ")[1].split(",")[0])


def test_killed_while_taking_in_a_new_version_leaves_a_whole_zone_file(tmp_path):
    port = free_port(PRIMARY)
    primary_zone = tmp_path / "primary.zone"
    generate_zone(primary_zone, 60_000, 1)
    primary_conf = tmp_path / "primary.conf"
    write_config(primary_conf, PRIMARY, port,
                 f'    zonefile: "{primary_zone}"\n'
                 f"    provide-xfr: {SECONDARY} k\n    notify: {SECONDARY}@{port} k\n"
                 f"    outgoing-interface: {PRIMARY}", tmp_path)
    secondary_zone = tmp_path / "secondary" / "example.com.zone"
    secondary_conf = tmp_path / "secondary.conf"
    (tmp_path / "secondary").mkdir()
    write_config(secondary_conf, SECONDARY, port,
                 f'    zonefile: "{secondary_zone}"\n'
                 f"    request-xfr: AXFR {PRIMARY}@{port} k\n    allow-notify: {PRIMARY} k\n"
                 f"    outgoing-interface: {SECONDARY}", tmp_path / "secondary")
    primary = ZonedProcess(tmp_path / "p", config=str(primary_conf), address=PRIMARY,
                           port=port, probe_name="example.com")
    (tmp_path / "p").mkdir()
    with primary:
        secondary = ZonedProcess(tmp_path / "secondary", config=str(secondary_conf),
                                 address=SECONDARY, port=port)
        secondary.start()
        try:  # whatever fails, the secondary of the moment is stopped
            assert wait_serial(SECONDARY, port, 1, 20), secondary.log()
            deadline = time.monotonic() + 10
            while file_serial(str(secondary_zone)) != 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            for serial, delay in zip(range(2, 8), (0.0, 0.03, 0.08, 0.15, 0.25, 0.4)):
                generate_zone(primary_zone, 60_000 + serial, serial)
                primary.reload()
                time.sleep(delay)  # NOTIFY, SOA query, AXFR, snapshot, file write: somewhere
                secondary.signal(signal.SIGKILL)
                secondary.process.wait(timeout=10)
                on_disk = file_serial(str(secondary_zone))
                assert on_disk in (serial - 1, serial) or (
                    isinstance(on_disk, int) and on_disk < serial), on_disk
                # Restarted, it answers from that file before any transfer, then catches up.
                secondary = ZonedProcess(tmp_path / "secondary", config=str(secondary_conf),
                                         address=SECONDARY, port=port)
                secondary.start()
                # (the primary is up: the new version may already be in)
                assert serial_of(SECONDARY, port) in (on_disk, serial)
                assert wait_serial(SECONDARY, port, serial, 20), secondary.log()
                deadline = time.monotonic() + 10
                while file_serial(str(secondary_zone)) != serial and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert file_serial(str(secondary_zone)) == serial
                leftovers = [n for n in os.listdir(tmp_path / "secondary") if ".zoned-tmp." in n]
                assert leftovers == [], leftovers  # cleaned at start
        finally:
            secondary.stop()
