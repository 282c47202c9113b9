"""zoned-control against a running zoned (issue #4): the NSD commands an operator uses,
their output and exit codes: status, serverpid, zonestatus, reload [zone], verbosity,
notify, write, reconfig (a zone added, a broken file refused), log_reopen, stop.
"""
import pytest

from conftest import program, run
from zoned_process import (ZonedProcess, free_port, make_control_keys, remote_control_lines,
                            write_zone)


def write_config(path, port, control_port, keydir, zones, pidfile):
    lines = ["server:", "    ip-address: 127.0.0.1", f"    port: {port}", '    zonesdir: ""',
             f'    pidfile: "{pidfile}"', "    verbosity: 1"]
    lines += remote_control_lines(keydir, control_port)
    for name, zonefile in zones.items():
        lines += ["zone:", f'    name: "{name}"', f'    zonefile: "{zonefile}"']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


@pytest.fixture
def primary(tmp_path):
    keydir = make_control_keys(tmp_path)
    zone = write_zone(str(tmp_path / "example.com.zone"), serial=1)
    config = str(tmp_path / "zoned.conf")
    port, control_port = free_port(), free_port()
    zones = {"example.com": zone}
    write_config(config, port, control_port, keydir, zones, str(tmp_path / "zoned.pid"))
    server = ZonedProcess(tmp_path, config=config, port=port, probe_name="example.com")
    server.control_args = (port, control_port, keydir, zones)
    with server:
        yield server


def control(server, *args):
    return run([program("zoned-control"), "-c", server.config, *args], timeout=30)


def test_status_serverpid_and_zonestatus(primary):
    r = control(primary, "status")
    assert r.returncode == 0 and "version: zoned" in r.stdout
    r = control(primary, "serverpid")
    assert r.returncode == 0 and r.stdout.strip() == str(primary.process.pid)
    r = control(primary, "zonestatus", "example.com")
    assert r.returncode == 0
    assert "zone:\texample.com" in r.stdout and 'served-serial: "1"' in r.stdout


def test_reload_of_one_zone_and_of_an_unknown_one(primary, tmp_path):
    write_zone(str(tmp_path / "example.com.zone"), serial=2, hosts={"www": "192.0.2.81"})
    r = control(primary, "reload", "example.com")
    assert (r.returncode, r.stdout.strip()) == (0, "ok")
    assert [a.address for a in primary.query("www.example.com").answer[0]] == ["192.0.2.81"]
    r = control(primary, "reload", "nothere.example")
    assert r.returncode == 1 and "error zone nothere.example not configured" in r.stdout


def test_reload_that_keeps_the_old_zone_says_so(primary, tmp_path):
    with open(tmp_path / "example.com.zone", "a") as f:
        f.write("bad IN A 999.1.1.1\n")
    r = control(primary, "reload", "example.com")
    assert r.returncode == 1 and "not reloaded" in r.stdout
    assert primary.query("www.example.com").answer


def test_verbosity_write_and_log_reopen(primary):
    assert control(primary, "verbosity", "2").returncode == 0
    r = control(primary, "verbosity")
    assert r.returncode == 0 and "2" in r.stdout
    assert control(primary, "verbosity", "many").returncode == 1
    assert control(primary, "write").returncode == 0
    assert control(primary, "log_reopen").returncode == 0
    r = control(primary, "notify", "example.com")
    assert r.returncode == 1 and "no notify: targets" in r.stdout


def test_reconfig_adds_a_zone_and_refuses_a_broken_file(primary, tmp_path):
    port, control_port, keydir, zones = primary.control_args
    other = write_zone(str(tmp_path / "example.net.zone"), origin="example.net", serial=7)
    write_config(primary.config, port, control_port, keydir, {**zones, "example.net": other},
                 str(tmp_path / "zoned.pid"))
    r = control(primary, "reconfig")
    assert r.returncode == 0, r.stdout + r.stderr
    assert primary.query("example.net", "SOA").answer[0][0].serial == 7
    # zoned-control reads the file too (for remote-control:): give it an unbroken copy.
    client_config = str(tmp_path / "client.conf")
    with open(primary.config) as f, open(client_config, "w") as out:
        out.write(f.read())
    with open(primary.config, "a") as f:
        f.write("zone:\n    name: broken.example\n    nonsense: yes\n")
    r = run([program("zoned-control"), "-c", client_config, "reconfig"], timeout=30)
    assert r.returncode == 1 and "configuration not changed" in r.stdout
    assert "nonsense" in r.stdout  # the file:line message
    assert primary.query("example.net", "SOA").answer[0][0].serial == 7


def test_stop(primary):
    r = control(primary, "stop")
    assert r.returncode == 0
    primary.process.wait(timeout=20)
    assert primary.process.returncode == 0
    r = control(primary, "status")
    assert r.returncode == 3 and "zoned is stopped" in r.stdout
