"""zoned as the primary of real NSD, Knot and BIND secondaries (issue #4), set up as the
guides do: one TSIG key (hmac-sha256), `notify:` and `provide-xfr:` with that key in a
pattern the zone includes, the control channel made by zoned-control-setup. Each secondary
takes the zone by AXFR; after the zone file gets a new record and serial + 1 and the
operator runs `zoned-control reload example.com`, the secondary is NOTIFYed and serves the
new record within seconds, by IXFR (or AXFR, for the guide's `request-xfr: AXFR`). zoned's
log tells which transfer each one made and that it acknowledged the NOTIFY.
"""
import os

import pytest

from conftest import program, run
from secondaries import KEY, SECONDARIES, NsdSecondary
from zoned_process import ZonedProcess, free_port, write_zone

ZONE = "example.com"
SERIAL = 2026112601
HOSTS = {"www": "192.0.2.80", "john": "192.0.2.10"}
PEER_ADDRESS = {"nsd": "127.0.0.2", "knot": "127.0.0.3", "bind": "127.0.0.1",
                "nsd-axfr": "127.0.0.5"}


def primary_config(path, port, zonefile, peer_address, peer_port, pidfile, keydir,
                   control_port):
    name, algorithm, secret = KEY
    text = f"""server:
    ip-address: 127.0.0.1
    port: {port}
    zonesdir: ""
    pidfile: "{pidfile}"
    verbosity: 2
    tcp-timeout: 5
remote-control:
    control-enable: yes
    control-interface: 127.0.0.1
    control-port: {control_port}
    server-key-file: "{keydir}/nsd_server.key"
    server-cert-file: "{keydir}/nsd_server.pem"
    control-key-file: "{keydir}/nsd_control.key"
    control-cert-file: "{keydir}/nsd_control.pem"
key:
    name: "{name}"
    algorithm: {algorithm}
    secret: "{secret}"
pattern:
    name: "toSecondary"
    notify: {peer_address}@{peer_port} {name}
    provide-xfr: {peer_address} {name}
zone:
    name: "{ZONE}"
    zonefile: "{zonefile}"
    include-pattern: "toSecondary"
"""
    with open(path, "w") as f:
        f.write(text)


def secondary_for(kind, workdir, primary_port, address, port):
    if kind == "nsd-axfr":
        return NsdSecondary(workdir, ZONE, primary=("127.0.0.1", primary_port), address=address,
                            port=port, request_xfr_axfr=True)
    return SECONDARIES[kind](workdir, ZONE, primary=("127.0.0.1", primary_port), address=address,
                             port=port)


@pytest.mark.parametrize("kind", ["nsd", "knot", "bind", "nsd-axfr"])
def test_secondary_follows_every_change(tmp_path, kind):
    zoned_dir = tmp_path / "zoned"
    zoned_dir.mkdir()
    zonefile = write_zone(str(zoned_dir / "example.com.zone"), serial=SERIAL, hosts=HOSTS)
    primary_port = free_port("127.0.0.1")
    address = PEER_ADDRESS[kind]
    peer_port = free_port(address)
    config = str(zoned_dir / "zoned.conf")
    keydir = zoned_dir / "keys"
    keydir.mkdir()
    setup = run([program("zoned-control-setup"), "-d", str(keydir)], timeout=60)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    primary_config(config, primary_port, zonefile, address, peer_port,
                   str(zoned_dir / "zoned.pid"), keydir, free_port("127.0.0.1"))
    with ZonedProcess(zoned_dir, config=config, port=primary_port, probe_name=ZONE) as zoned:
        secondary = secondary_for(kind, tmp_path / kind, primary_port, address, peer_port)
        with secondary:
            assert secondary.wait_for_serial(SERIAL), secondary.log()[-3000:]
            assert zoned.wait_for_log(f"AXFR of serial {SERIAL} to {address}#", timeout=5)
            # The operator's edit: a new record and serial + 1, then the guide's reload.
            write_zone(zonefile, serial=SERIAL + 1, hosts={**HOSTS, "new": "192.0.2.99"})
            reload = run([program("zoned-control"), "-c", config, "reload", ZONE], timeout=30)
            assert reload.returncode == 0 and reload.stdout.strip() == "ok", \
                reload.stdout + reload.stderr
            assert secondary.wait_for_serial(SERIAL + 1, timeout=15), \
                zoned.log()[-3000:] + secondary.log()[-3000:]
            answer = secondary.lookup(f"new.{ZONE}")
            assert [r.address for rrset in answer.answer for r in rrset] == ["192.0.2.99"]
            assert zoned.wait_for_log(
                f"NOTIFY serial {SERIAL + 1} acknowledged by {address}@{peer_port} "
                f"(key {KEY[0]}.)", timeout=10), zoned.log()[-3000:]
            if kind == "nsd-axfr":
                expected = f"AXFR of serial {SERIAL + 1} to {address}#"
            else:
                expected = f"IXFR {SERIAL} -> {SERIAL + 1} to {address}#"
            assert zoned.wait_for_log(expected, timeout=5), zoned.log()[-3000:]
            assert "TSIG error" not in zoned.log()
