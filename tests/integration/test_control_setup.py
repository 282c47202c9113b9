"""zoned-control-setup: the four files of the control channel, their modes, -d, -r, what a
second run keeps, and that `openssl verify` accepts them; beside NSD's nsd-control-setup when
it is installed. Also zoned-control's exit codes where no server is needed, against
nsd-control's."""
import hashlib
import os
import shutil
import socket
import stat

import pytest

from conftest import program, run

FILES = ["nsd_server.key", "nsd_server.pem", "nsd_control.key", "nsd_control.pem"]
MODES = {"nsd_server.key": 0o600, "nsd_server.pem": 0o640,
         "nsd_control.key": 0o600, "nsd_control.pem": 0o640}
OPENSSL = shutil.which("openssl")
NSD_SETUP = shutil.which("nsd-control-setup") or "/usr/sbin/nsd-control-setup"
NSD_CONTROL = shutil.which("nsd-control") or "/usr/sbin/nsd-control"

pytestmark = pytest.mark.skipif(OPENSSL is None, reason="the openssl command is missing")


def setup(*args):
    return run([program("zoned-control-setup"), *args], timeout=60)


def digests(directory):
    out = {}
    for name in FILES:
        with open(os.path.join(directory, name), "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def modes(directory):
    return {name: stat.S_IMODE(os.stat(os.path.join(directory, name)).st_mode) for name in FILES}


def public_key(path, certificate):
    cmd = ([OPENSSL, "x509", "-in", path, "-noout", "-pubkey"] if certificate
           else [OPENSSL, "pkey", "-in", path, "-pubout"])
    result = run(cmd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_valid_set(directory):
    server_pem = os.path.join(directory, "nsd_server.pem")
    control_pem = os.path.join(directory, "nsd_control.pem")
    # The server's certificate is its own anchor; the client's is signed by it.
    for pem in (server_pem, control_pem):
        result = run([OPENSSL, "verify", "-CAfile", server_pem, pem])
        assert result.returncode == 0, result.stdout + result.stderr
        assert ": OK" in result.stdout
    for role in ("server", "control"):
        key = os.path.join(directory, f"nsd_{role}.key")
        pem = os.path.join(directory, f"nsd_{role}.pem")
        assert public_key(key, False) == public_key(pem, True), f"{role} key and cert differ"
    text = run([OPENSSL, "x509", "-in", server_pem, "-noout", "-text"]).stdout
    assert "CA:TRUE" in text


@pytest.fixture
def keydir(tmp_path):
    directory = tmp_path / "keys"
    directory.mkdir()
    return str(directory)


def test_creates_the_four_files_with_their_modes(keydir):
    result = setup("-d", keydir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(os.listdir(keydir)) == sorted(FILES)  # no work files left behind
    assert modes(keydir) == MODES
    assert_valid_set(keydir)


def test_modes_do_not_depend_on_the_umask(keydir):
    old = os.umask(0)
    try:
        result = setup("-d", keydir)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert modes(keydir) == MODES


def test_d_with_a_relative_directory(tmp_path):
    (tmp_path / "rel").mkdir()
    result = run([os.path.abspath(program("zoned-control-setup")), "-d", "rel"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "rel")) == sorted(FILES)


def test_second_run_keeps_everything(keydir):
    assert setup("-d", keydir).returncode == 0
    before = digests(keydir)
    result = setup("-d", keydir)
    assert result.returncode == 0, result.stderr
    assert digests(keydir) == before
    assert modes(keydir) == MODES


def test_second_run_takes_access_from_other_users(keydir):
    assert setup("-d", keydir).returncode == 0
    for name in FILES:
        os.chmod(os.path.join(keydir, name), 0o644)
    assert setup("-d", keydir).returncode == 0
    for name, mode in modes(keydir).items():
        assert mode & 0o007 == 0, name


def test_r_makes_new_certificates_from_the_same_keys(keydir):
    assert setup("-d", keydir).returncode == 0
    before = digests(keydir)
    result = setup("-r", "-d", keydir)
    assert result.returncode == 0, result.stderr
    after = digests(keydir)
    assert after["nsd_server.key"] == before["nsd_server.key"]
    assert after["nsd_control.key"] == before["nsd_control.key"]
    assert after["nsd_server.pem"] != before["nsd_server.pem"]
    assert after["nsd_control.pem"] != before["nsd_control.pem"]
    assert_valid_set(keydir)


def test_a_missing_certificate_is_made_again(keydir):
    assert setup("-d", keydir).returncode == 0
    before = digests(keydir)
    os.unlink(os.path.join(keydir, "nsd_server.pem"))
    assert setup("-d", keydir).returncode == 0
    after = digests(keydir)
    assert after["nsd_server.key"] == before["nsd_server.key"]
    assert after["nsd_control.key"] == before["nsd_control.key"]
    assert_valid_set(keydir)  # the client's certificate was signed again


def test_a_missing_server_key_makes_a_consistent_set(keydir):
    assert setup("-d", keydir).returncode == 0
    before = digests(keydir)
    os.unlink(os.path.join(keydir, "nsd_server.key"))
    assert setup("-d", keydir).returncode == 0
    after = digests(keydir)
    assert after["nsd_server.key"] != before["nsd_server.key"]
    assert after["nsd_control.key"] == before["nsd_control.key"]
    assert_valid_set(keydir)


@pytest.mark.parametrize("args", [["-h"], ["-x"], ["-d"], ["extra"]])
def test_usage_errors(args, keydir):
    result = setup(*args)
    assert result.returncode == 1
    assert "usage" in (result.stdout + result.stderr).lower()
    assert os.listdir(keydir) == []


def test_a_missing_directory_is_an_error(tmp_path):
    result = setup("-d", str(tmp_path / "absent"))
    assert result.returncode != 0
    assert "absent" in result.stderr
    assert not (tmp_path / "absent").exists()


@pytest.mark.skipif(not os.path.exists(NSD_SETUP), reason="nsd-control-setup missing")
def test_same_files_and_modes_as_nsd_control_setup(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    assert setup("-d", str(ours)).returncode == 0
    result = run([NSD_SETUP, "-d", str(theirs)])
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(ours)) == sorted(os.listdir(theirs))
    assert modes(str(ours)) == modes(str(theirs))


@pytest.mark.skipif(not os.path.exists(NSD_SETUP), reason="nsd-control-setup missing")
def test_keeps_keys_made_by_nsd_control_setup(keydir):
    result = run([NSD_SETUP, "-d", keydir])
    assert result.returncode == 0, result.stderr
    before = digests(keydir)
    os.unlink(os.path.join(keydir, "nsd_server.pem"))
    os.unlink(os.path.join(keydir, "nsd_control.pem"))
    assert setup("-d", keydir).returncode == 0
    after = digests(keydir)
    assert after["nsd_server.key"] == before["nsd_server.key"]
    assert after["nsd_control.key"] == before["nsd_control.key"]
    assert_valid_set(keydir)


# --- zoned-control without a server: exit codes as nsd-control's ---------------------------

def closed_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once closed


@pytest.fixture
def control_conf(tmp_path, keydir):
    assert setup("-d", keydir).returncode == 0
    path = tmp_path / "nsd.conf"
    path.write_text(
        "server:\n"
        "    zonesdir: \"\"\n"
        "remote-control:\n"
        "    control-enable: yes\n"
        "    control-interface: 127.0.0.1\n"
        f"    control-port: {closed_port()}\n"
        + "".join(f"    {option}: \"{os.path.join(keydir, name)}\"\n" for option, name in [
            ("server-key-file", "nsd_server.key"), ("server-cert-file", "nsd_server.pem"),
            ("control-key-file", "nsd_control.key"), ("control-cert-file", "nsd_control.pem")]))
    return str(path)


CLIENT_CASES = {
    "status, nothing listening": (["status"], 3),
    "reload, nothing listening": (["reload"], 1),
    "no command": ([], 1),
    "-h": (["-h"], 1),
    "unknown option": (["-x", "status"], 1),
    "missing config": (["-c", "/nonexistent/nsd.conf", "status"], 1),
}


@pytest.mark.parametrize("case", sorted(CLIENT_CASES))
def test_zoned_control_exit_codes(case, control_conf):
    args, expected = CLIENT_CASES[case]
    if "-c" not in args:
        args = ["-c", control_conf, *args]
    result = run([program("zoned-control"), *args], timeout=30)
    assert result.returncode == expected, result.stdout + result.stderr
    if case.startswith("status"):
        assert result.stdout == "zoned is stopped\n"
        assert "Connection refused" in result.stderr
    if os.path.exists(NSD_CONTROL):
        theirs = run([NSD_CONTROL, *args], timeout=30)
        assert theirs.returncode == expected, theirs.stdout + theirs.stderr
