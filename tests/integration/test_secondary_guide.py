"""The guide (shared/seeds/000), end to end with three zoned processes (issue #5).

ns1 on 127.0.0.2, ns2 on 127.0.0.3, ns3 on 127.0.0.4, each with the guide's nsd.conf
from tests/configs/guide/ as it is, addresses aside:
- all three listen on one port of their own address (the guide's port 53 needs root), so
  notify: and request-xfr: targets get "@port"; the guide's "ip-address: ::1" lines are
  left out (ns2 and ns3 would both take ::1);
- each pattern gets "outgoing-interface: <the server's address>": on loopback the kernel
  would send from 127.0.0.1, which the peers' ACLs (rightly) do not know;
- the guide's hidden-primary step points ns1 and ns2 at 192.0.2.3 (ns2 itself), a typo
  for ns3 (192.0.2.4): here they point at ns3.
The server: clause of the test (port, zonesdir, pidfile, xfrdfile, control channel) goes
in front of the guide's text.

Part 1: ns1 primary, ns2 secondary: the same dig answers from both; a record added on ns1
with serial + 1 and `zoned-control reload linoderocks.com` is answered by ns2 within 5 s.
Part 2: ns3 becomes the hidden primary of ns1 and ns2; a change on ns3 reaches both.
Part 3: ns3 stops; ns1 and ns2 keep answering; ns2 restarted with ns3 still down answers
from its zone file at once.
"""
import os
import re
import time

import dns.message
import dns.query
import dns.rcode
import pytest

from conftest import program, run
from zoned_process import ZonedProcess, free_port

GUIDE = os.path.join(os.path.dirname(__file__), "..", "configs", "guide")
NS1, NS2, NS3 = "127.0.0.2", "127.0.0.3", "127.0.0.4"
ZONE = "linoderocks.com"


def zone_text(serial, extra=""):
    return f"""$ORIGIN linoderocks.com.
$TTL 3600
@       IN SOA ns1.linoderocks.com. hostmaster.linoderocks.com. (
                {serial} ; serial
                3600 ; refresh
                600 ; retry
                1209600 ; expire
                3600 ) ; negative caching
@       NS      ns1.linoderocks.com.
@       NS      ns2.linoderocks.com.
ns1     A       {NS1}
ns2     A       {NS2}
john    A       192.0.2.10
{extra}"""


def guide_config(name, workdir, address, port, control_port, keydir, primary=None,
                 without_zones=False):
    """The guide's file `name` with the changes the module docstring lists; `without_zones`:
    its zone: clauses left out (the zones are added with zoned-control addzone)."""
    with open(os.path.join(GUIDE, name)) as f:
        text = f.read()
    if without_zones:  # and the zone file named by the pattern, as addzone needs
        text = text[:text.index("\nzone:")] + '\n\tzonefile: "zones/secondary/%s.zone"\n'

    text = re.sub(r"^\s*ip-address:\s*::1\s*$\n", "", text, flags=re.M)
    if primary is not None:  # the hidden-primary step's typo (see above)
        text = re.sub(r"(allow-notify:|request-xfr: AXFR) 127\.0\.0\.\d+", rf"\1 {primary}", text)
    text = re.sub(r"((?<![-\w])(?:notify|request-xfr):\s+(?:AXFR\s+)?)(127\.0\.0\.\d+)(\s)",
                  rf"\g<1>\g<2>@{port}\g<3>", text)
    text = re.sub(r'^(\s*name: "secondary_(?:outbound|inbound)"\s*)$',
                  rf"\1\n        outgoing-interface: {address}", text, flags=re.M)
    if "pattern:" not in text:  # seed 002: the zone itself has request-xfr
        text = re.sub(r'^(\s*)(request-xfr:.*)$', rf"\1\2\n\1outgoing-interface: {address}",
                      text, count=1, flags=re.M)
    server = ["server:", f"    port: {port}", f'    zonesdir: "{workdir}"',
              f'    pidfile: "{workdir}/zoned.pid"', f'    xfrdfile: "{workdir}/xfrd.state"',
              f'    zonelistfile: "{workdir}/zone.list"',
              "    verbosity: 2",
              "remote-control:", "    control-enable: yes", "    control-interface: 127.0.0.1",
              f"    control-port: {control_port}",
              f'    server-key-file: "{keydir}/nsd_server.key"',
              f'    server-cert-file: "{keydir}/nsd_server.pem"',
              f'    control-key-file: "{keydir}/nsd_control.key"',
              f'    control-cert-file: "{keydir}/nsd_control.pem"']
    if not re.search(r"^\s*ip-address:", text, flags=re.M):
        server.insert(1, f"    ip-address: {address}")
    path = os.path.join(workdir, "nsd.conf")
    with open(path, "w") as f:
        f.write("\n".join(server) + "\n\n" + text)
    return path


class Guide:
    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.port = free_port(NS1)
        self.keydir = tmp_path / "keys"
        self.keydir.mkdir()
        assert run([program("zoned-control-setup"), "-d", str(self.keydir)],
                   timeout=60).returncode == 0
        self.servers = {}

    def start(self, name, conf, address, primary=None, zone_serial=None, extra="",
              without_zones=False):
        workdir = self.tmp / name
        workdir.mkdir(exist_ok=True)
        if zone_serial is not None:
            self.write_zone(name, zone_serial, extra)
        config = guide_config(conf, str(workdir), address, self.port, free_port(),
                              self.keydir, primary, without_zones)
        assert run([program("zoned-checkconf"), config], timeout=30).returncode == 0
        server = ZonedProcess(workdir, config=config, address=address, port=self.port,
                              probe_name=".")
        server.start()
        self.servers[name] = server
        return server

    def write_zone(self, name, serial, extra=""):
        path = self.tmp / name / "zones" / "master" / "linoderocks.com.zone"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(zone_text(serial, extra))

    def control(self, name, *args):
        return run([program("zoned-control"), "-c", self.servers[name].config, *args], timeout=30)

    def stop(self, name):
        self.servers.pop(name).stop()

    def stop_all(self):
        for server in self.servers.values():
            server.stop()
        self.servers.clear()


def dig_short(address, port, name, rdtype="A"):
    """dig +short: the answer's RDATA as text, [] when there is none or no answer at all."""
    q = dns.message.make_query(name, rdtype)
    try:
        r = dns.query.udp(q, address, port=port, timeout=1)
    except Exception:
        return []
    if r.rcode() != dns.rcode.NOERROR:
        return []
    return [rd.to_text() for rrset in r.answer for rd in rrset]


def wait_for(address, port, name, expected, timeout):
    """Seconds until `name` answers `expected` (bounded), or None."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if dig_short(address, port, name) == expected:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


@pytest.fixture
def guide(tmp_path):
    g = Guide(tmp_path)
    yield g
    g.stop_all()


def test_the_guide_from_primary_to_hidden_primary(guide):
    port = guide.port
    # Part 1: ns1 primary, ns2 secondary.
    guide.start("ns1", "000_primary.conf", NS1, zone_serial=2023030800)
    guide.start("ns2", "000_secondary.conf", NS2)
    assert dig_short(NS1, port, "john.linoderocks.com") == ["192.0.2.10"]
    assert wait_for(NS2, port, "john.linoderocks.com", ["192.0.2.10"], 10) is not None
    secondary_file = guide.tmp / "ns2" / "zones" / "secondary" / "linoderocks.com.zone"
    # Written right after the transfer (zonefiles-write 0), atomically: whole or absent.
    deadline = time.monotonic() + 5
    while not secondary_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "2023030800" in secondary_file.read_text()

    guide.write_zone("ns1", 2023030801, "brian   A       96.126.102.183\n")
    r = guide.control("ns1", "reload", ZONE)
    assert (r.returncode, r.stdout.strip()) == (0, "ok")
    took = wait_for(NS2, port, "brian.linoderocks.com", ["96.126.102.183"], 5)
    assert took is not None, guide.servers["ns2"].log()
    assert "by AXFR" in guide.servers["ns2"].log()  # request-xfr: AXFR, as the guide says
    status = guide.control("ns2", "zonestatus", ZONE)
    assert status.returncode == 0
    assert "state: ok" in status.stdout and 'served-serial: "2023030801 since' in status.stdout
    assert f'primary-serial: "2023030801 at {NS1}@{port} checked' in status.stdout

    # Part 2: ns3 is the hidden primary; ns1 and ns2 become its secondaries (restarted, as
    # the guide restarts NSD on all three).
    os.makedirs(guide.tmp / "ns3" / "zones" / "master")
    guide.write_zone("ns3", 2023030802, "brian   A       96.126.102.183\n")
    guide.stop("ns1")
    guide.stop("ns2")
    guide.start("ns3", "000_hidden_primary.conf", NS3)
    guide.start("ns1", "000_hidden_secondary.conf", NS1, primary=NS3)
    guide.start("ns2", "000_hidden_secondary.conf", NS2, primary=NS3)
    for ns in (NS1, NS2):
        assert wait_for(ns, port, "brian.linoderocks.com", ["96.126.102.183"], 10) is not None

    guide.write_zone("ns3", 2023030803, "brian   A       96.126.102.183\n"
                                        "carol   A       96.126.102.184\n")
    assert guide.control("ns3", "reload", ZONE).returncode == 0
    for ns in (NS1, NS2):
        took = wait_for(ns, port, "carol.linoderocks.com", ["96.126.102.184"], 5)
        assert took is not None, guide.servers["ns1"].log() + guide.servers["ns2"].log()

    # Part 3: the hidden primary goes away; the secondaries keep serving, also after a
    # restart, from their zone files.
    guide.stop("ns3")
    for ns in (NS1, NS2):
        assert dig_short(ns, port, "carol.linoderocks.com") == ["96.126.102.184"]
    guide.stop("ns2")
    started = time.monotonic()
    guide.start("ns2", "000_hidden_secondary.conf", NS2, primary=NS3)
    assert dig_short(NS2, port, "carol.linoderocks.com") == ["96.126.102.184"]
    assert time.monotonic() - started < 5
    status = guide.control("ns2", "zonestatus", ZONE)
    assert 'served-serial: "2023030803 since' in status.stdout


def test_a_secondary_without_its_primary_is_not_served_until_the_first_transfer(guide):
    port = guide.port
    guide.start("ns2", "000_secondary.conf", NS2)
    r = dns.query.udp(dns.message.make_query("john.linoderocks.com", "A", use_edns=0), NS2,
                      port=port, timeout=2)
    assert r.rcode() == dns.rcode.SERVFAIL  # configured, no data: as NSD answers
    status = guide.control("ns2", "zonestatus", ZONE)
    assert "state: waiting for the first transfer" in status.stdout
    guide.start("ns1", "000_primary.conf", NS1, zone_serial=2023030800)
    # ns1 NOTIFYs ns2 on start; the transfer follows at once.
    assert wait_for(NS2, port, "john.linoderocks.com", ["192.0.2.10"], 10) is not None
    r = guide.control("ns2", "transfer", ZONE)
    assert r.returncode == 0 and "ok" in r.stdout
    r = guide.control("ns1", "transfer", ZONE)
    assert r.returncode == 1 and "not a secondary zone" in r.stdout


def test_a_zone_added_with_addzone_is_transferred_at_once_and_kept(guide):
    """The guide's secondary with its zone added by zoned-control addzone instead of a
    zone: clause: transferred at once, kept in the zonelistfile across a restart."""
    port = guide.port
    guide.start("ns1", "000_primary.conf", NS1, zone_serial=2023030800)
    guide.start("ns2", "000_secondary.conf", NS2, without_zones=True)
    r = guide.control("ns2", "addzone", ZONE, "nosuchpattern")
    assert r.returncode == 1 and "pattern nosuchpattern does not exist" in r.stdout
    r = guide.control("ns2", "addzone", ZONE, "secondary_inbound")
    assert (r.returncode, r.stdout.strip()) == (0, "ok"), r.stdout
    assert wait_for(NS2, port, "john.linoderocks.com", ["192.0.2.10"], 5) is not None
    zone_list = (guide.tmp / "ns2" / "zone.list").read_text()
    assert "add linoderocks.com secondary_inbound" in zone_list
    # A restart without the primary: the zone comes back from the list and its file.
    guide.stop("ns1")
    guide.stop("ns2")
    guide.start("ns2", "000_secondary.conf", NS2, without_zones=True)
    assert dig_short(NS2, port, "john.linoderocks.com") == ["192.0.2.10"]
    r = guide.control("ns2", "delzone", ZONE)
    assert (r.returncode, r.stdout.strip()) == (0, "ok")
    q = dns.message.make_query("john.linoderocks.com", "A")
    assert dns.query.udp(q, NS2, port=port, timeout=2).rcode() == dns.rcode.REFUSED
    assert "linoderocks.com" not in (guide.tmp / "ns2" / "zone.list").read_text()
    r = guide.control("ns2", "delzone", ZONE)
    assert r.returncode == 1 and "is not present" in r.stdout


def test_the_third_guides_nsd_secondary_without_a_key(tmp_path):
    """Seed 002's NSD secondary (allow-notify and request-xfr with NOKEY) as it is, beside a
    zoned primary on 127.0.0.1 that allows it without a key."""
    port = free_port("127.0.0.1")
    primary_dir = tmp_path / "primary"
    primary_dir.mkdir()
    zone = primary_dir / "example.com.zone"
    zone.write_text(zone_text(2026032601).replace("linoderocks.com", "example.com"))
    (primary_dir / "zoned.conf").write_text(f"""server:
    ip-address: 127.0.0.1
    port: {port}
    pidfile: ""
    zonesdir: ""
remote-control:
    control-enable: no
zone:
    name: "example.com"
    zonefile: "{zone}"
    provide-xfr: 127.0.0.5 NOKEY
    notify: 127.0.0.5@{port} NOKEY
""")
    secondary_dir = tmp_path / "secondary"
    secondary_dir.mkdir()
    keydir = tmp_path / "keys"
    keydir.mkdir()
    config = guide_config("002_secondary.conf", str(secondary_dir), "127.0.0.5", port,
                          free_port(), keydir)
    with ZonedProcess(primary_dir, config=str(primary_dir / "zoned.conf"), address="127.0.0.1",
                      port=port), \
            ZonedProcess(secondary_dir, config=config, address="127.0.0.5", port=port) as s:
        assert wait_for("127.0.0.5", port, "john.example.com", ["192.0.2.10"], 10) is not None
        assert "by AXFR from 127.0.0.1@" in s.log() and "(no key)" in s.log()
        assert (secondary_dir / "example.com.zone").exists()
