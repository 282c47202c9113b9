"""zoned-checkconf against nsd-checkconf (NSD 4.6): the same verdict, exit code and output for
the guides' configurations and for every query -o/-z/-p/-s/-a/-t/-f/-v can make."""
import gzip
import os
import re
import shutil

import pytest

from conftest import ROOT, program, run

CONFIGS = os.path.join(ROOT, "tests", "configs")
GUIDE = os.path.join(CONFIGS, "guide")
CHECKCONF = os.path.join(CONFIGS, "checkconf")
NSD_CHECKCONF = shutil.which("nsd-checkconf") or "/usr/sbin/nsd-checkconf"
NSD_CONF_MAN = "/usr/share/man/man5/nsd.conf.5.gz"

pytestmark = pytest.mark.skipif(not os.path.exists(NSD_CHECKCONF), reason="nsd-checkconf missing")

GUIDE_CONFIGS = sorted(f for f in os.listdir(GUIDE) if f.endswith(".conf"))
CHECKCONF_CONFIGS = sorted(f for f in os.listdir(CHECKCONF) if f.endswith(".conf"))

# What nsd-checkconf -z/-p -o answers for (config_print_zone of NSD 4.6), and some it does not.
ZONE_OPTIONS = [
    "name", "pattern", "part-of-config", "zonefile", "allow-query", "request-xfr",
    "provide-xfr", "allow-notify", "notify", "notify-retry", "zonestats",
    "outgoing-interface", "allow-axfr-fallback", "max-refresh-time", "min-refresh-time",
    "max-retry-time", "min-retry-time", "min-expire-time", "size-limit-xfr", "rrl-whitelist",
    "multi-master-check", "store-ixfr", "ixfr-size", "ixfr-number", "create-ixfr",
    "include-pattern", "verify-zone", "no-such-option", "ZoneFile", "request_xfr",
]


def zoned_checkconf():
    # Absolute: some tests run it from another working directory.
    return os.path.abspath(program("zoned-checkconf"))


def documented_options():
    """Every option name of the installed nsd.conf(5), plus the special -o values."""
    with gzip.open(NSD_CONF_MAN, "rt") as man:
        text = man.read()
    names = set()
    for match in re.finditer(r"^\.B ([a-z0-9\\-]+):\\fR", text, re.M):
        names.add(match.group(1).replace("\\-", "-"))
    return sorted(names) + ["zones", "patterns", "ZONES", "Ip_Address", "no-such-option"]


def both(args, cwd=None):
    nsd = run([NSD_CHECKCONF] + args, cwd=cwd)
    zoned = run([zoned_checkconf()] + args, cwd=cwd)
    return nsd, zoned


def assert_same(args, cwd=None, compare_stderr=False):
    nsd, zoned = both(args, cwd=cwd)
    assert zoned.returncode == nsd.returncode, (args, nsd.stderr, zoned.stderr)
    assert zoned.stdout == nsd.stdout, args
    if compare_stderr:
        assert zoned.stderr == nsd.stderr, args
    return zoned


def zone_names(path):
    return run([NSD_CHECKCONF, "-o", "zones", path]).stdout.split()


def pattern_names(path):
    return [p for p in run([NSD_CHECKCONF, "-o", "patterns", path]).stdout.split()
            if not p.startswith("_implicit_")]


# ---- the guides ----

@pytest.mark.parametrize("name", GUIDE_CONFIGS)
def test_guide_config_is_accepted_silently_by_both(name):
    path = os.path.join(GUIDE, name)
    zoned = assert_same([path], compare_stderr=True)
    assert zoned.returncode == 0
    assert zoned.stdout == "" and zoned.stderr == ""


@pytest.mark.parametrize("name", GUIDE_CONFIGS)
def test_guide_config_answers_like_nsd(name):
    path = os.path.join(GUIDE, name)
    for query in (["-o", "zones"], ["-o", "patterns"], ["-o", "ip-address"], ["-v"],
                  ["-s", "secretkey0"], ["-a", "secretkey0"], ["-o", "zonesdir"]):
        assert_same(query + [path])
    for zone in zone_names(path):
        for option in ("request-xfr", "allow-notify", "notify", "provide-xfr", "zonefile",
                       "pattern", "name"):
            assert_same(["-z", zone, "-o", option, path])
    for pattern in pattern_names(path):
        for option in ("request-xfr", "allow-notify", "notify", "provide-xfr", "name"):
            assert_same(["-p", pattern, "-o", option, path])


def test_guide_secondary_requests_axfr_from_the_primary():
    path = os.path.join(GUIDE, "000_secondary.conf")
    zoned = assert_same(["-z", "linoderocks.com", "-o", "request-xfr", path])
    assert zoned.stdout == "127.0.0.2 secretkey0\n"


# ---- every query on richer configurations ----

@pytest.mark.parametrize("name", CHECKCONF_CONFIGS)
def test_every_server_option_query(name):
    path = os.path.join(CHECKCONF, name)
    for option in documented_options():
        assert_same(["-o", option, path])
        assert_same(["-f", "-o", option, path])


@pytest.mark.parametrize("name", CHECKCONF_CONFIGS)
def test_every_zone_and_pattern_option_query(name):
    path = os.path.join(CHECKCONF, name)
    for zone in zone_names(path) + ["nope.example", "bad..name"]:
        for option in ZONE_OPTIONS:
            assert_same(["-z", zone, "-o", option, path])
            assert_same(["-f", "-z", zone, "-o", option, path])
    for pattern in pattern_names(path) + ["nope"]:
        for option in ZONE_OPTIONS:
            assert_same(["-p", pattern, "-o", option, path])


@pytest.mark.parametrize("name", CHECKCONF_CONFIGS)
@pytest.mark.parametrize("flags", [["-v"], ["-v", "-v"], ["-v", "-o", "port"],
                                   ["-z", "example.com"], ["-s", "k1"], ["-a", "a.key."],
                                   ["-s", "missing"], ["-t", "t1"], ["-t", "missing"]])
def test_verbose_and_key_queries(name, flags):
    assert_same(flags + [os.path.join(CHECKCONF, name)])


def test_zone_name_lookup_ignores_case_and_trailing_dot():
    path = os.path.join(CHECKCONF, "primary_secondary.conf")
    for zone in ("EXAMPLE.COM", "example.com.", "sub.example.org", "B.Example"):
        assert_same(["-z", zone, "-o", "name", path])


# ---- errors ----

ERRORS = [
    # (config text, the line zoned reports the first error at)
    ("server:\n  bogus: 1\n", 2),
    ("server:\n  port: abc\n", 2),
    ("server:\n  port:53\n", 2),
    ("server:\n  port: 53 54\n", 2),
    ("server:\n  do-ip4: YES\n", 2),
    ("server:\n  zonefile: x\n", 2),
    ("server:\r\n port: 53\r\n bogus: 1\r\n", 3),
    ("foo\n", 1),
    ("server:\n identity: \"abc\n", 2),
    ("server:\n nsid: abc\n", 2),
    ("server:\n server-count: 0\n", 2),
    ("server:\n port: 0\n", 2),
    ("server:\n identity: \"" + "a" * 300 + "\"\n", 2),
    ("remote-control:\n control-port: 0\n", 2),
    ("key:\n name: k\n algorithm: hmac-sha999\n secret: \"YWJj\"\n", 3),
    ("key:\n name: k\n secret: \"YWJj!\"\n", 3),
    ("key:\n name: k\n", 1),
    ("key:\n secret: \"YWJj\"\n", 1),
    ("key:\n name: k\n secret: \"YWJj\"\nkey:\n name: k\n secret: \"YWJj\"\n", 4),
    ("zone:\n zonefile: x\n", 1),
    ("zone:\n name: e.com\n zonefile: x\nzone:\n name: E.COM.\n zonefile: y\n", 4),
    ("zone:\n name: e.com\n", 1),
    ("zone:\n name: e.com\n zonefile: x\n allow-notify: 1.2.3.4 NOKEY\n", 1),
    ("zone:\n name: e.com\n zonefile: x\n include-pattern: nope\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n provide-xfr: 1.2.3.300 NOKEY\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n provide-xfr: 1.2.3.4/33 NOKEY\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n provide-xfr: 1.2.3.4@abc NOKEY\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n provide-xfr: ::1-1.2.3.4 NOKEY\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n provide-xfr: 1.2.3.4 nokey\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n notify: 1.2.3.0/24 NOKEY\n", 4),
    ("zone:\n name: e.com\n zonefile: x\n notify: 1.2.3.4 BLOCKED\n", 4),
    ("zone:\n name: e.com\n request-xfr: 1.2.3.4 NOKEY nosuchtls\n", 3),
    ("pattern:\n name: \"p q\"\n", 2),
    ("pattern:\n name: p\npattern:\n name: p\n", 3),
    ("include: \"missing.conf\"\n", 1),
]


@pytest.mark.parametrize("text,line", ERRORS)
def test_bad_config_fails_like_nsd_with_file_and_line(tmp_path, text, line):
    path = tmp_path / "bad.conf"
    path.write_text(text)
    nsd, zoned = both([str(path)], cwd=tmp_path)
    assert nsd.returncode == 2
    assert zoned.returncode == 2
    assert zoned.stdout == ""
    first = zoned.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}: error: "), zoned.stderr
    assert zoned.stderr.splitlines()[-1] == f"read {path} failed: " + \
        f"{len([l for l in zoned.stderr.splitlines() if ': error: ' in l])} errors in " + \
        "configuration file"


def test_unimplemented_options_warn_but_answer_like_nsd(tmp_path):
    path = tmp_path / "ignored.conf"
    path.write_text("server:\n debug-mode: yes\n tcp-mss: 1200\ndnstap:\n dnstap-enable: yes\n"
                    " dnstap-enable: no\n")
    zoned = assert_same(["-o", "debug-mode", str(path)])
    assert zoned.stdout == "yes\n"
    warnings = zoned.stderr.splitlines()
    assert warnings == [
        f"{path}:2: warning: option 'debug-mode' is not implemented by zoned yet; ignored",
        f"{path}:3: warning: option 'tcp-mss' is not implemented by zoned yet; ignored",
        f"{path}:5: warning: option 'dnstap-enable' is not implemented by zoned yet; ignored",
    ]


def test_verify_settings_through_patterns_differ_from_nsd_46_on_purpose(tmp_path):
    # NSD 4.6 drops verify-zone/verifier-feed-zone/verifier-timeout of an included pattern
    # (later NSD versions pass them on, as zoned does).
    path = tmp_path / "verify.conf"
    path.write_text("pattern:\n name: p\n verify-zone: no\nzone:\n name: e.com\n zonefile: x\n"
                    " include-pattern: p\n")
    assert run([NSD_CHECKCONF, "-v", str(path)]).stdout.count("verify-zone: no") == 1
    assert run([zoned_checkconf(), "-v", str(path)]).stdout.count("verify-zone: no") == 2


# ---- include ----

def test_includes_relative_to_the_working_directory_and_globs(tmp_path):
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "nsd.conf").write_text("server:\n include: \"conf.d/*.conf\"\n"
                                       "include: keys.conf\n")
    (tmp_path / "conf.d" / "a.conf").write_text("port: 5301\n")
    (tmp_path / "conf.d" / "b.conf").write_text("verbosity: 2\n")
    (tmp_path / "keys.conf").write_text("key:\n name: k\n secret: \"YWJj\"\n")
    for query in (["-o", "port"], ["-o", "verbosity"], ["-s", "k"], ["-v"]):
        assert_same(query + ["nsd.conf"], cwd=tmp_path)
    assert_same(["-o", "port", str(tmp_path / "nsd.conf")], cwd=ROOT)  # both fail the same


def test_include_cycle_is_an_error_not_a_descent(tmp_path):
    (tmp_path / "a.conf").write_text("include: b.conf\n")
    (tmp_path / "b.conf").write_text("include: a.conf\n")
    zoned = run([zoned_checkconf(), "a.conf"], cwd=tmp_path)
    assert zoned.returncode == 2
    assert "b.conf:1: error: include of 'a.conf' makes a cycle" in zoned.stderr


# ---- command line ----

@pytest.mark.parametrize("args", [[], ["-h"], ["-x", "f.conf"], ["a.conf", "b.conf"],
                                  ["-s", "k", "-a", "k", "f.conf"]])
def test_bad_command_lines_exit_1(args):
    nsd, zoned = both(args)
    assert nsd.returncode == 1
    assert zoned.returncode == 1
    assert zoned.stdout == ""


def test_missing_file_exits_2():
    nsd, zoned = both(["/nonexistent/nsd.conf"])
    assert nsd.returncode == zoned.returncode == 2
    assert zoned.stderr.startswith("/nonexistent/nsd.conf: error: cannot read the configuration")
