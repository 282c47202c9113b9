"""zoned-checkconf --from-bind: the named.conf files of tests/configs/bind (valid for
named-checkconf) translated into nsd.conf files that zoned-checkconf and nsd-checkconf both
accept, with the keys, zone files, ACLs, notify and transfer entries BIND's file meant, and
what was not translated reported as "file:line: what: not translated (why)"."""
import os
import re
import shutil

import pytest

from conftest import ROOT, program, run

BIND = os.path.join(ROOT, "tests", "configs", "bind")
BIND_CONFIGS = sorted(f for f in os.listdir(BIND) if f.endswith(".conf"))
NSD_CHECKCONF = shutil.which("nsd-checkconf") or "/usr/sbin/nsd-checkconf"
NAMED_CHECKCONF = shutil.which("named-checkconf") or "/usr/bin/named-checkconf"

# Exit code of --from-bind for each file: every one has something BIND does that zoned does
# not (at least the NOTIFYs to the NS servers that notify yes, BIND's default, sends).
EXPECTED_EXIT = {name: 1 for name in BIND_CONFIGS}


def zoned_checkconf():
    return os.path.abspath(program("zoned-checkconf"))


def from_bind(name):
    return run([zoned_checkconf(), "--from-bind", os.path.join(BIND, name)])


@pytest.fixture
def translated(tmp_path):
    """Translates a file of tests/configs/bind and writes the nsd.conf; returns its path."""
    def translate(name):
        result = from_bind(name)
        assert result.returncode == EXPECTED_EXIT[name], result.stderr
        path = tmp_path / (name + ".nsd.conf")
        path.write_text(result.stdout)
        return str(path)
    return translate


def query(path, *args):
    """zoned-checkconf's answer, checked to be nsd-checkconf's."""
    zoned = run([zoned_checkconf()] + list(args) + [path])
    if os.path.exists(NSD_CHECKCONF):
        nsd = run([NSD_CHECKCONF] + list(args) + [path])
        assert (zoned.returncode, zoned.stdout) == (nsd.returncode, nsd.stdout), args
    assert zoned.returncode == 0, (args, zoned.stderr)
    return zoned.stdout.splitlines()


# ---- the inputs are BIND configurations ----

@pytest.mark.skipif(not os.path.exists(NAMED_CHECKCONF), reason="named-checkconf missing")
@pytest.mark.parametrize("name", BIND_CONFIGS)
def test_named_checkconf_accepts_the_input(name):
    # From the directory: includes are relative to it for named-checkconf.
    result = run([NAMED_CHECKCONF, name], cwd=BIND)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- every translation is a good nsd.conf ----

@pytest.mark.parametrize("name", BIND_CONFIGS)
def test_translation_is_accepted_by_zoned_and_nsd(name, translated):
    path = translated(name)
    zoned = run([zoned_checkconf(), path])
    assert (zoned.returncode, zoned.stdout, zoned.stderr) == (0, "", "")
    if os.path.exists(NSD_CHECKCONF):
        nsd = run([NSD_CHECKCONF, path])
        assert nsd.returncode == 0, nsd.stderr


@pytest.mark.parametrize("name", BIND_CONFIGS)
def test_stderr_says_what_was_not_translated_with_file_and_line(name):
    result = from_bind(name)
    lines = result.stderr.splitlines()
    assert lines
    pattern = re.compile(r"^(%s|%s):\d+: (.+: not translated \(.+\)|note: .+)$" % (
        re.escape(os.path.join(BIND, name)), re.escape(os.path.join(BIND, "large.keys"))))
    for line in lines:
        assert pattern.match(line), line
    assert any("not translated" in line for line in lines)


# ---- the guide (seed 002) ----

def test_guide_primary(translated):
    path = translated("002_primary.conf")
    assert query(path, "-o", "zones") == ["example.com"]
    assert query(path, "-z", "example.com", "-o", "zonefile") == [
        "/etc/bind/zones/example.com.zone"]
    assert query(path, "-z", "example.com", "-o", "provide-xfr") == ["127.0.0.2 NOKEY"]
    assert query(path, "-z", "example.com", "-o", "notify") == ["127.0.0.2 NOKEY"]
    assert query(path, "-z", "example.com", "-o", "request-xfr") == []
    stderr = from_bind("002_primary.conf").stderr
    assert "002_primary.conf:4: zone \"example.com\" notify yes: not translated (" in stderr


def test_guide_secondary_matches_the_guides_nsd_secondary(translated):
    path = translated("002_secondary.conf")
    # The guide's own NSD secondary (tests/configs/guide/002_secondary.conf) says the same.
    assert query(path, "-z", "example.com", "-o", "request-xfr") == ["127.0.0.1 NOKEY"]
    assert query(path, "-z", "example.com", "-o", "allow-notify") == ["127.0.0.1 NOKEY"]
    assert query(path, "-z", "example.com", "-o", "provide-xfr") == []  # allow-transfer none
    assert query(path, "-z", "example.com", "-o", "zonefile") == [
        "/var/cache/bind/example.com.zone"]


def test_guide_cloud_primary(translated):
    path = translated("002_cloud_primary.conf")
    assert query(path, "-z", "example.com", "-o", "provide-xfr") == [
        "173.245.58.0/24 NOKEY", "103.21.244.0/22 NOKEY", "103.22.200.0/22 NOKEY"]
    assert query(path, "-z", "example.com", "-o", "notify") == ["173.245.58.51 NOKEY"]


# ---- the large one ----

def test_large_server_and_keys(translated):
    path = translated("large.conf")
    assert query(path, "-o", "zonesdir") == ["/var/cache/bind"]
    assert query(path, "-o", "port") == ["5353"]
    assert query(path, "-o", "ip-address") == ["127.0.0.1", "192.0.2.53", "::1"]
    assert query(path, "-o", "pidfile") == ["/run/named/named.pid"]
    # The keys come from large.keys, an include relative to large.conf.
    assert query(path, "-s", "xfr-key") == ["K2tf3TRjvQkVCmJF3/Z9vA=="]
    assert query(path, "-a", "xfr-key") == ["hmac-sha256"]
    assert query(path, "-a", "notify-key") == ["hmac-sha512"]
    assert query(path, "-s", "primary-key") == ["c2VjcmV0LXByaW1hcnkta2V5"]
    assert sorted(query(path, "-o", "zones")) == [
        "dyn.example", "example.com", "example.net", "example.org", "internal.example",
        "legacy.example"]


def test_large_primary_zones(translated):
    path = translated("large.conf")
    assert query(path, "-z", "example.org", "-o", "zonefile") == ["primary/example.org.zone"]
    # acl secondaries: addresses, prefixes and a key.
    assert query(path, "-z", "example.org", "-o", "provide-xfr") == [
        "192.0.2.10 NOKEY", "198.51.100.0/24 NOKEY", "2001:db8:53::/48 NOKEY",
        "0.0.0.0/0 xfr-key", "::0/0 xfr-key"]
    assert query(path, "-z", "example.org", "-o", "notify") == [
        "192.0.2.10 notify-key", "198.51.100.7@5300 NOKEY"]
    assert query(path, "-z", "example.net", "-o", "provide-xfr") == [
        "0.0.0.0/0 xfr-key", "::0/0 xfr-key"]
    # notify explicit from the options: only also-notify, from the options too.
    assert query(path, "-z", "example.net", "-o", "notify") == ["192.0.2.10 NOKEY"]
    # acl internal: a leading negation is BLOCKED, the nested list is flattened.
    internal = ["192.0.2.66 BLOCKED", "10.0.0.0/8 NOKEY", "172.16.0.0/12 NOKEY"]
    assert query(path, "-z", "internal.example", "-o", "provide-xfr") == internal
    assert query(path, "-z", "internal.example", "-o", "allow-query") == internal
    assert query(path, "-z", "internal.example", "-o", "notify") == []  # notify no
    # options allow-transfer { none; } applies where the zone says nothing.
    assert query(path, "-z", "dyn.example", "-o", "provide-xfr") == []


def test_large_secondary_zones(translated):
    path = translated("large.conf")
    assert query(path, "-z", "example.com", "-o", "request-xfr") == [
        "192.0.2.1@5300 primary-key", "2001:db8::1@5300 NOKEY"]
    # NOTIFY from the primaries (signed or not, as BIND takes them), plus allow-notify.
    assert query(path, "-z", "example.com", "-o", "allow-notify") == [
        "192.0.2.1 NOKEY", "192.0.2.1 primary-key", "2001:db8::1 NOKEY", "192.0.2.99 NOKEY"]
    # masters legacy, with the key of its server statement.
    assert query(path, "-z", "legacy.example", "-o", "request-xfr") == [
        "203.0.113.5 primary-key"]
    assert query(path, "-z", "legacy.example", "-o", "provide-xfr") == [
        "0.0.0.0/0 NOKEY", "::0/0 NOKEY"]


def test_large_reports(translated):
    result = from_bind("large.conf")
    conf = os.path.join(BIND, "large.conf")
    for expected in [
            ":41: options dnssec-validation: not translated (",
            ":48: logging: not translated (",
            ":53: controls: not translated (",
            ":69: zone \"example.net\" notify yes: not translated (",
            ":83: zone \"dyn.example\" update-policy: not translated (dynamic zones",
            ":84: zone \"dyn.example\" dnssec-policy: not translated (",
            ":104: zone \".\" type hint: not translated (",
            ":109: zone \"forward.example\" type forward: not translated ("]:
        assert conf + expected in result.stderr
    # The zones zoned does not serve are not in the translation.
    assert "forward.example" not in result.stdout and "root.hints" not in result.stdout


def test_views_are_reported_and_not_translated(translated):
    path = translated("views.conf")
    assert query(path, "-o", "zones") == []
    stderr = from_bind("views.conf").stderr
    assert re.search(r"views\.conf:7: view \"inside\": not translated \(.*no views", stderr)
    assert re.search(r"views\.conf:\d+: view \"outside\": not translated", stderr)


# ---- errors and the command line ----

@pytest.mark.parametrize("text,line,message", [
    ('zone "a" {\n\ttype primary\n};\n', 3, "missing ';' before '}'"),
    ('options {\n\tdirectory "/x";\n', 3, "missing '}'"),
    ('zone "a" { type primary; };\n}\n', 2, "'}' without a matching '{'"),
    ('/* open\n\n', 1, "unterminated /* comment"),
    ('\ninclude "nonexistent.conf";\n', 2, "cannot read include file"),
])
def test_parse_errors_exit_2_with_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "named.conf"
    path.write_text(text)
    result = run([zoned_checkconf(), "--from-bind", str(path)])
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:{line}: "), result.stderr
    assert message in result.stderr


def test_everything_translated_exits_0(tmp_path):
    path = tmp_path / "named.conf"
    path.write_text('options { notify explicit; };\n'
                    'zone "example.com" { type primary; file "example.com.zone";\n'
                    '  allow-transfer { 127.0.0.2; }; also-notify { 127.0.0.2; }; };\n')
    result = run([zoned_checkconf(), f"--from-bind={path}"])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = tmp_path / "nsd.conf"
    out.write_text(result.stdout)
    assert query(str(out), "-z", "example.com", "-o", "notify") == ["127.0.0.2 NOKEY"]


def test_missing_file_exits_2(tmp_path):
    result = run([zoned_checkconf(), "--from-bind", str(tmp_path / "none.conf")])
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_other_options_are_unchanged():
    # --from-bind with anything else is a bad command line, as before.
    result = run([zoned_checkconf(), "-v", "--from-bind", os.path.join(BIND, "large.conf")])
    assert result.returncode == 1
    assert "usage" in result.stderr
    guide = os.path.join(ROOT, "tests", "configs", "guide", "002_secondary.conf")
    assert run([zoned_checkconf(), guide]).returncode == 0
