"""The metrics endpoint (issue #6): metrics-enable on a loopback address and a free port,
a primary zone and a secondary zone (another zoned its primary); GET /metrics answers the
Prometheus text (every line parsed here), other paths 404, other methods 405, and a client
that sends nothing does not hold the next one."""
import http.client
import re
import socket
import time

import dns.message
import dns.query

from zoned_process import ZonedProcess, free_port, write_zone

PRIMARY, SECONDARY = "127.0.0.81", "127.0.0.82"
KEY = 'key:\n    name: "k"\n    algorithm: hmac-sha256\n' \
      '    secret: "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o="\n'

# The text format 0.0.4: comments, and samples `name{label="value",...} value [timestamp]`.
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"({NAME})(?:\{{((?:{LABEL})(?:,{LABEL})*,?)?\}})? "
                    r"([-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?")
HELP = re.compile(rf"# HELP ({NAME}) .*")
TYPE = re.compile(rf"# TYPE ({NAME}) (counter|gauge|histogram|summary|untyped)")
ONE_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')


def unescape(value):
    return re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def parse_exposition(text):
    """{(name, frozenset(labels)): value}; fails on any line outside the format, a sample
    before its family's TYPE, or a family declared twice."""
    samples, types = {}, {}
    assert text.endswith("\n")
    for line in text.splitlines():
        if m := TYPE.fullmatch(line):
            assert m.group(1) not in types, line
            types[m.group(1)] = m.group(2)
            continue
        if HELP.fullmatch(line):
            continue
        m = SAMPLE.fullmatch(line)
        assert m, f"not in the exposition format: {line!r}"
        name = m.group(1)
        assert name in types, f"sample before its TYPE: {line!r}"
        labels = frozenset((k, unescape(v)) for k, v in ONE_LABEL.findall(m.group(2) or ""))
        samples[(name, labels)] = float(m.group(3))
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def server_clause(address, port, workdir, extra=""):
    return f"""server:
    ip-address: {address}
    port: {port}
    server-count: 2
    zonesdir: ""
    pidfile: ""
    xfrdfile: "{workdir}/xfrd.state"
    zonelistfile: "{workdir}/zone.list"
    verbosity: 2
{extra}remote-control:
    control-enable: no
{KEY}"""


def get(port, path="/metrics", method="GET", timeout=5):
    conn = http.client.HTTPConnection(SECONDARY, port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type"), response.read().decode()
    finally:
        conn.close()


def start_pair(tmp_path, port, metrics_port):
    pdir = tmp_path / "primary"
    pdir.mkdir()
    zone = write_zone(str(pdir / "sec.example.zone"), origin="sec.example", serial=41)
    (pdir / "zoned.conf").write_text(server_clause(PRIMARY, port, pdir) + f"""zone:
    name: "sec.example"
    zonefile: "{zone}"
    provide-xfr: {SECONDARY} k
""")
    sdir = tmp_path / "secondary"
    sdir.mkdir()
    own = write_zone(str(sdir / "example.com.zone"), origin="example.com", serial=2026112601)
    metrics = f"""    metrics-enable: yes
    metrics-interface: {SECONDARY}
    metrics-port: {metrics_port}
    metrics-path: "/metrics"
"""
    (sdir / "zoned.conf").write_text(server_clause(SECONDARY, port, sdir, metrics) + f"""zone:
    name: "example.com"
    zonefile: "{own}"
zone:
    name: "sec.example"
    zonefile: "{sdir}/sec.example.zone"
    outgoing-interface: {SECONDARY}
    request-xfr: {PRIMARY}@{port} k
""")
    primary = ZonedProcess(pdir, config=str(pdir / "zoned.conf"), address=PRIMARY, port=port)
    secondary = ZonedProcess(sdir, config=str(sdir / "zoned.conf"), address=SECONDARY,
                             port=port)
    return primary, secondary


def wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    return None


def test_metrics_endpoint(tmp_path):
    port = free_port(PRIMARY)
    metrics_port = free_port(SECONDARY)
    primary, secondary = start_pair(tmp_path, port, metrics_port)
    with primary, secondary:
        assert f"metrics on {SECONDARY}@{metrics_port}, path /metrics" in secondary.log()

        def transferred():
            status, _, body = get(metrics_port)
            samples = parse_exposition(body)
            ok = value(samples, "zoned_zone_state", zone="sec.example", state="ok") == 1
            return samples if ok else None
        assert wait_for(transferred), secondary.log()

        sent = 0
        for name, rdtype in [("www.example.com", "A"), ("example.com", "SOA"),
                             ("nothing.example.com", "A"), ("www.sec.example", "A"),
                             ("example.com", "AAAA")]:
            secondary.query(name, rdtype)
            sent += 1
        secondary.query("example.com", "NS", tcp=True)
        sent += 1

        status, content_type, body = get(metrics_port)
        assert status == 200
        assert content_type == "text/plain; version=0.0.4"
        s = parse_exposition(body)
        assert value(s, "zoned_queries_total") >= sent
        assert value(s, "zoned_queries_by_transport_total", transport="tcp") >= 1
        assert value(s, "zoned_queries_by_type_total", type="AAAA") >= 1
        assert value(s, "zoned_queries_by_rcode_total", rcode="NXDOMAIN") >= 1
        assert value(s, "zoned_queries_by_opcode_total", opcode="QUERY") >= sent
        workers = [value(s, "zoned_server_queries_total", server=str(i)) for i in range(2)]
        assert sum(workers) == value(s, "zoned_queries_total")
        assert value(s, "zoned_uptime_seconds") > 0
        assert value(s, "zoned_zones", role="primary") == 1
        assert value(s, "zoned_zones", role="secondary") == 1
        assert value(s, "zoned_zone_serial", zone="example.com") == 2026112601
        assert value(s, "zoned_zone_serial", zone="sec.example") == 41
        assert value(s, "zoned_zone_state", zone="sec.example", state="ok") == 1
        assert value(s, "zoned_zone_state", zone="sec.example", state="expired") == 0
        assert value(s, "zoned_zone_refresh_failures", zone="sec.example") == 0
        acquired = value(s, "zoned_zone_last_transfer_timestamp_seconds", zone="sec.example")
        assert acquired is not None and abs(acquired - time.time()) < 120
        # The primary zone has no secondary state.
        assert value(s, "zoned_zone_state", zone="example.com", state="ok") is None
        # Counters only go up.
        later = parse_exposition(get(metrics_port)[2])
        assert value(later, "zoned_queries_total") >= value(s, "zoned_queries_total")

        assert get(metrics_port, "/other")[0] == 404
        assert get(metrics_port, method="POST")[0] == 405

        # A client that connects and sends nothing holds nothing: the next one is served
        # at once (the read timeout is 5 s).
        with socket.create_connection((SECONDARY, metrics_port), timeout=5) as silent:
            start = time.monotonic()
            assert get(metrics_port, timeout=3)[0] == 200
            assert time.monotonic() - start < 2.5
            silent.settimeout(10)
            assert silent.recv(1) == b""  # dropped at the read timeout, not kept forever


def test_metrics_disabled_opens_nothing(tmp_path):
    port = free_port(SECONDARY)
    metrics_port = free_port(SECONDARY)
    zone = write_zone(str(tmp_path / "example.com.zone"))
    extra = f"metrics-enable: no\nmetrics-interface: {SECONDARY}\nmetrics-port: {metrics_port}"
    with ZonedProcess(tmp_path, zones={"example.com": zone}, address=SECONDARY, port=port,
                      extra_server=extra) as server:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((SECONDARY, metrics_port)) != 0
        assert "metrics on" not in server.log()


def test_a_metrics_port_in_use_is_a_warning(tmp_path):
    port = free_port(SECONDARY)
    with socket.socket() as taken:
        taken.bind((SECONDARY, 0))
        taken.listen(1)
        metrics_port = taken.getsockname()[1]
        zone = write_zone(str(tmp_path / "example.com.zone"))
        extra = (f"metrics-enable: yes\nmetrics-interface: {SECONDARY}\n"
                 f"metrics-port: {metrics_port}")
        with ZonedProcess(tmp_path, zones={"example.com": zone}, address=SECONDARY, port=port,
                          extra_server=extra) as server:
            assert server.query("www.example.com").answer  # still serves
            assert "warning: metrics not available: metrics-interface" in server.log()
