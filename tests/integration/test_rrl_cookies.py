"""Response rate limiting and DNS Cookies (issue #7) against a real zoned: NSD's rrl-* and
cookie options, and nsd-control's cookie secret commands.

RRL: over UDP, past rrl-ratelimit a second per bucket, every rrl-slip-th response is an empty
truncated one (a real client retries over TCP) and the rest are dropped; TCP is never
limited; a query with a valid server cookie is exempt (RFC 7873 §5.4); RRL is off unless
rrl-ratelimit is set.

Cookies (RFC 7873, RFC 9018): a client cookie gets client cookie + a 16-octet server cookie
back; that cookie sent again is echoed; a cookie our secret did not make gets a fresh one;
a rollover (add, activate, drop) keeps cookies of the previous secret valid until dropped,
and the cookie-secret-file follows every change.
"""
import os
import socket
import stat
import time

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import pytest

from conftest import program, run
from zoned_process import (ZonedProcess, free_port, make_control_keys, remote_control_lines,
                            write_zone)

ZONE = "example.com"
SECRET = "000102030405060708090a0b0c0d0e0f"
NEW_SECRET = "f0e0d0c0b0a090807060504030201000"
CLIENT_COOKIE = bytes.fromhex("2464c4abcf10c957")


def write_config(path, port, zonefile, pidfile, extra, control=None):
    lines = ["server:", "    ip-address: 127.0.0.1", f"    port: {port}", '    zonesdir: ""',
             f'    pidfile: "{pidfile}"', "    server-count: 1", "    verbosity: 2"]
    lines += [f"    {line}" for line in extra]
    if control:
        lines += remote_control_lines(*control)
    else:
        lines += ["remote-control:", "    control-enable: no"]
    lines += ["zone:", f'    name: "{ZONE}"', f'    zonefile: "{zonefile}"']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def start(tmp_path, extra, control=False):
    zonefile = write_zone(str(tmp_path / "example.com.zone"))
    port = free_port()
    ctl = None
    if control:
        ctl = (make_control_keys(tmp_path), free_port())
    config = str(tmp_path / "zoned.conf")
    write_config(config, port, zonefile, str(tmp_path / "zoned.pid"), extra, ctl)
    return ZonedProcess(tmp_path, config=config, port=port, probe_name=ZONE)


def burst(server, n, cookie=None, name="www.example.com"):
    """Sends n queries at once over UDP, then collects what comes back within two seconds,
    until nothing came for half a second: (answered, slipped) counts. (The pause is long
    enough for a loaded CI machine; what RRL drops never comes.)"""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.5)
    try:
        ids = set()
        for i in range(n):
            q = dns.message.make_query(name, "A", use_edns=0)
            q.id = i
            if cookie is not None:
                q.use_edns(0, options=[dns.edns.GenericOption(dns.edns.COOKIE, cookie)])
            sock.sendto(q.to_wire(), (server.address, server.port))
            ids.add(i)
        answered = slipped = 0
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            try:
                wire, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            r = dns.message.from_wire(wire)
            if r.flags & dns.flags.TC:
                assert not r.answer
                slipped += 1
            else:
                assert r.answer
                answered += 1
        return answered, slipped
    finally:
        sock.close()


def cookie_of(response):
    for option in response.options:
        if option.otype == dns.edns.COOKIE:
            return bytes(option.data) if hasattr(option, "data") else option.to_wire()
    return None


def ask_cookie(server, cookie):
    q = dns.message.make_query("www.example.com", "A", use_edns=0,
                               options=[dns.edns.GenericOption(dns.edns.COOKIE, cookie)])
    r = dns.query.udp(q, server.address, port=server.port, timeout=3)
    assert r.rcode() == dns.rcode.NOERROR and r.answer
    return cookie_of(r)


def control(server, *args):
    r = run([program("zoned-control"), "-c", server.config, *args], timeout=30)
    return r.returncode, r.stdout


def test_rrl_is_off_unless_configured(tmp_path):
    with start(tmp_path, []) as server:
        answered, slipped = burst(server, 200)
        assert (answered, slipped) == (200, 0)


def test_rrl_slips_and_drops_over_udp_not_tcp(tmp_path):
    with start(tmp_path, ["rrl-ratelimit: 20", "rrl-slip: 2"]) as server:
        answered, slipped = burst(server, 200)
        # 20 within the rate (40 if the burst straddles a second), half the rest slip.
        assert 20 <= answered <= 40, (answered, slipped)
        assert 70 <= slipped <= 95, (answered, slipped)
        # TCP proves the address: always answered.
        q = dns.message.make_query("www.example.com", "A")
        r = dns.query.tcp(q, server.address, port=server.port, timeout=3)
        assert r.answer and not r.flags & dns.flags.TC
        with open(server.log_path) as f:
            log = f.read()
        assert "ratelimit block www.example.com. type positive target 127.0.0.0/24" in log


def test_rrl_exempts_a_valid_server_cookie(tmp_path):
    extra = ["rrl-ratelimit: 20", "answer-cookie: yes", f"cookie-secret: {SECRET}"]
    with start(tmp_path, extra) as server:
        full = ask_cookie(server, CLIENT_COOKIE)
        assert len(full) == 24
        answered, slipped = burst(server, 200, cookie=full)
        assert (answered, slipped) == (200, 0)
        # A client cookie alone proves nothing: limited.
        answered, slipped = burst(server, 200, cookie=CLIENT_COOKIE)
        assert answered <= 40 and slipped > 0


def test_cookies_are_made_echoed_and_renewed(tmp_path):
    extra = ["answer-cookie: yes", f"cookie-secret: {SECRET}"]
    with start(tmp_path, extra) as server:
        full = ask_cookie(server, CLIENT_COOKIE)
        assert full[:8] == CLIENT_COOKIE
        assert full[8] == 1 and full[9:12] == b"\0\0\0"  # RFC 9018: version 1, reserved 0
        assert abs(int.from_bytes(full[12:16], "big") - time.time()) < 60
        assert ask_cookie(server, full) == full  # valid: echoed
        forged = full[:16] + bytes(8)
        fresh = ask_cookie(server, forged)
        assert fresh[:8] == CLIENT_COOKIE and fresh[16:] != bytes(8)
        # No EDNS, or no COOKIE option: no cookie back.
        r = dns.query.udp(dns.message.make_query("www.example.com", "A", use_edns=0),
                          server.address, port=server.port, timeout=3)
        assert cookie_of(r) is None


def test_cookies_not_answered_without_answer_cookie(tmp_path):
    with start(tmp_path, []) as server:
        assert ask_cookie(server, CLIENT_COOKIE) is None


def test_malformed_cookie_is_formerr(tmp_path):
    with start(tmp_path, ["answer-cookie: yes"]) as server:
        q = dns.message.make_query("www.example.com", "A", use_edns=0,
                                   options=[dns.edns.GenericOption(dns.edns.COOKIE, bytes(7))])
        r = dns.query.udp(q, server.address, port=server.port, timeout=3)
        assert r.rcode() == dns.rcode.FORMERR


def test_cookie_secret_rollover(tmp_path):
    secret_file = tmp_path / "cookiesecrets.txt"
    extra = ["answer-cookie: yes", f'cookie-secret-file: "{secret_file}"']
    secret_file.write_text(SECRET + "\n")
    with start(tmp_path, extra, control=True) as server:
        assert control(server, "print_cookie_secrets") == (0, f"active : {SECRET}\n")
        old = ask_cookie(server, CLIENT_COOKIE)
        assert ask_cookie(server, old) == old

        code, out = control(server, "add_cookie_secret", NEW_SECRET)
        assert code == 0 and out == f"active : {SECRET}\nstaging: {NEW_SECRET}\n"
        assert secret_file.read_text() == f"{SECRET}\n{NEW_SECRET}\n"
        assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
        assert ask_cookie(server, old) == old  # the active secret is unchanged

        code, out = control(server, "activate_cookie_secret")
        assert code == 0 and out == f"active : {NEW_SECRET}\nstaging: {SECRET}\n"
        renewed = ask_cookie(server, old)  # verifies with the staging secret: renewed
        assert renewed != old and renewed[:8] == CLIENT_COOKIE
        assert ask_cookie(server, renewed) == renewed

        code, out = control(server, "drop_cookie_secret")
        assert code == 0 and out == f"active : {NEW_SECRET}\n"
        assert secret_file.read_text() == f"{NEW_SECRET}\n"
        assert ask_cookie(server, renewed) == renewed
        assert ask_cookie(server, old) != old  # the old secret no longer verifies

        code, out = control(server, "drop_cookie_secret")
        assert code != 0 and "no staging cookie secret" in out
        code, out = control(server, "add_cookie_secret", "xyz")
        assert code != 0 and "32 hex digits" in out
        with open(server.log_path) as f:
            log = f.read()
        assert NEW_SECRET not in log

    # A restart reads the file: the secret of the last change.
    with start_again(tmp_path, server) as again:
        assert ask_cookie(again, renewed) == renewed


def start_again(tmp_path, server):
    return ZonedProcess(tmp_path, config=server.config, port=server.port, probe_name=ZONE)


def test_malformed_cookie_secret_file_stops_the_start(tmp_path):
    secret_file = tmp_path / "cookiesecrets.txt"
    secret_file.write_text(SECRET + "\nnot-hex\n")
    zonefile = write_zone(str(tmp_path / "example.com.zone"))
    config = str(tmp_path / "zoned.conf")
    write_config(config, free_port(), zonefile, "", ["answer-cookie: yes",
                                                     f'cookie-secret-file: "{secret_file}"'])
    r = run([program("zoned"), "-d", "-c", config], timeout=30)
    assert r.returncode != 0
    assert f"{secret_file}:2:" in r.stdout + r.stderr


def test_a_flood_of_refusals_costs_a_few_log_lines(tmp_path):
    """Per-packet log lines anyone can cause (refused NOTIFYs here) pass at 10 a second;
    the next line that passes says how many were left out."""
    with start(tmp_path, []) as server:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.settimeout(0.5)
        try:
            for i in range(500):
                n = dns.message.make_query(ZONE, "SOA")
                n.set_opcode(dns.opcode.NOTIFY)
                n.flags |= dns.flags.AA
                sock.sendto(n.to_wire(), (server.address, server.port))
            answered = 0
            while True:
                try:
                    sock.recvfrom(65535)
                    answered += 1
                except socket.timeout:
                    break
            assert answered > 200  # still answered (REFUSED): only the log is bounded
            time.sleep(1.1)
            n = dns.message.make_query(ZONE, "SOA")
            n.set_opcode(dns.opcode.NOTIFY)
            sock.sendto(n.to_wire(), (server.address, server.port))
            sock.recvfrom(65535)
        finally:
            sock.close()
        time.sleep(0.2)
        with open(server.log_path) as f:
            refused = [line for line in f if "NOTIFY refused" in line]
        assert 2 <= len(refused) <= 40, len(refused)
        assert "similar lines left out before)" in refused[-1]


def test_cookies_interoperate_with_nsd(tmp_path):
    """RFC 9018's point: servers of an anycast set sharing a secret accept each other's
    cookies. Debian's NSD 4.6 with the same secret makes the same server cookie as zoned for
    the same client cookie, address and second, and each echoes the other's as valid."""
    from peers import NsdProcess

    class CookieNsd(NsdProcess):
        def write_config(self):
            super().write_config()
            with open(self.config) as f:
                text = f.read()
            text = text.replace("server:\n", f'server:\n    answer-cookie: yes\n'
                                             f'    cookie-secret: "{SECRET}"\n', 1)
            with open(self.config, "w") as f:
                f.write(text)

    zonefile = write_zone(str(tmp_path / "nsd.example.com.zone"))
    extra = ["answer-cookie: yes", f"cookie-secret: {SECRET}"]
    try:
        nsd_server = CookieNsd(tmp_path / "nsd", {ZONE: zonefile}).start()
    except RuntimeError as e:
        pytest.skip(str(e))
    try:
        with start(tmp_path, extra) as zoned:
            for _ in range(3):  # the same second for both, most of the time at the first try
                from_zoned = ask_cookie(zoned, CLIENT_COOKIE)
                from_nsd = ask_cookie(nsd_server, CLIENT_COOKIE)
                if from_zoned[12:16] == from_nsd[12:16]:
                    break
            assert from_zoned == from_nsd
            other = bytes.fromhex("8899aabbccddeeff")
            made_by_nsd = ask_cookie(nsd_server, other)
            assert ask_cookie(zoned, made_by_nsd) == made_by_nsd  # valid: echoed
            made_by_zoned = ask_cookie(zoned, other)
            assert ask_cookie(nsd_server, made_by_zoned) == made_by_zoned
    finally:
        nsd_server.stop()
