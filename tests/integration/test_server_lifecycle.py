"""zoned's command line, start, daemon mode, pidfile, SIGTERM and configuration errors."""
import os
import re
import signal
import socket
import subprocess
import time

import dns.message
import dns.query
import dns.rdatatype
import pytest

from conftest import ROOT, program, run
from zoned_process import ZonedProcess, free_port, make_config, write_zone


def a_records(response):
    return sorted(rd.address for rrset in response.answer for rd in rrset
                  if rrset.rdtype == dns.rdatatype.A)


def wait_gone(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_sigterm_exits_0_and_removes_the_pidfile(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    server = ZonedProcess(tmp_path, zones={"example.com": zone}).start()
    try:
        with open(server.pidfile) as f:
            assert int(f.read()) == server.process.pid
    finally:
        assert server.stop() == 0
    assert not os.path.exists(server.pidfile)
    assert "stopped" in server.log()


def test_sigint_also_stops_cleanly(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    server = ZonedProcess(tmp_path, zones={"example.com": zone}).start()
    server.signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0


def test_config_error_exits_1_with_file_and_line():
    config = os.path.join(ROOT, "tests", "configs", "server", "unknown_option.conf")
    result = run([program("zoned"), "-d", "-c", config], timeout=10)
    assert result.returncode == 1
    assert re.search(re.escape(config) + r":5: ", result.stderr), result.stderr


def test_missing_config_exits_1(tmp_path):
    result = run([program("zoned"), "-d", "-c", str(tmp_path / "none.conf")], timeout=10)
    assert result.returncode == 1
    assert "none.conf" in result.stderr


def test_bad_option_exits_1_with_usage():
    result = run([program("zoned"), "-x"], timeout=10)
    assert result.returncode == 1
    assert "Usage: zoned" in result.stderr


def test_help_and_version():
    assert "Usage: zoned" in run([program("zoned"), "-h"], timeout=10).stdout
    result = run([program("zoned"), "-v"], timeout=10)
    assert result.returncode == 0 and result.stdout.startswith("zoned ")


def test_port_in_use_exits_1(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen(1)
        config = tmp_path / "zoned.conf"
        make_config(config, "127.0.0.1", port, {"example.com": zone})
        result = run([program("zoned"), "-d", "-c", str(config)], timeout=10)
    assert result.returncode == 1
    assert "cannot bind" in result.stderr


def test_command_line_overrides_address_port_and_workers(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    config = tmp_path / "zoned.conf"
    make_config(config, "127.0.0.1", 1, {"example.com": zone})  # port 1: overridden below
    port = free_port("127.0.0.2")
    server = ZonedProcess(tmp_path, config=str(config), address="127.0.0.2", port=port,
                          args=["-a", "127.0.0.2", "-p", str(port), "-N", "0"])
    with server:
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        # Workers answer before the main thread logs that they started: wait for the line.
        assert server.wait_for_log(" worker(s)", timeout=10)
        assert re.search(r"with \d+ worker\(s\)", server.log())


def test_ipv6_loopback(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    port = free_port()
    config = tmp_path / "zoned.conf"
    make_config(config, "::1", port, {"example.com": zone})
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind(("::1", port))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with ZonedProcess(tmp_path, config=str(config), address="::1", port=port) as server:
        assert a_records(server.query("www.example.com")) == ["192.0.2.80"]
        assert a_records(server.query("www.example.com", tcp=True)) == ["192.0.2.80"]


def test_daemon_mode_forks_writes_pidfile_and_stops_on_sigterm(tmp_path):
    zone = write_zone(tmp_path / "example.com.zone")
    port = free_port()
    pidfile = tmp_path / "daemon.pid"
    logfile = tmp_path / "daemon.log"
    config = tmp_path / "zoned.conf"
    make_config(config, "127.0.0.1", port, {"example.com": zone},
                extra_server=f'logfile: "{logfile}"', pidfile=str(pidfile))
    result = run([program("zoned"), "-c", str(config)], timeout=10)
    assert result.returncode == 0  # the parent returns at once
    deadline = time.monotonic() + 10
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(pidfile.read_text())
    try:
        deadline = time.monotonic() + 10
        answer = None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = dns.query.udp(dns.message.make_query("www.example.com", "A"),
                                       "127.0.0.1", port=port, timeout=0.3)
            except Exception:
                time.sleep(0.05)
        assert answer is not None and a_records(answer) == ["192.0.2.80"]
    finally:
        os.kill(pid, signal.SIGTERM)
    assert wait_gone(pid)
    assert not pidfile.exists()
    assert "zone example.com serial" in logfile.read_text()
