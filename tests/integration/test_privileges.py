"""username: in nsd.conf (issue #6): zoned binds as root, then runs as that user."""
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from conftest import program
from zoned_process import ZonedProcess, free_port, make_config, write_zone

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")


@pytest.fixture
def world_readable_dir():
    # pytest's tmp_path is private to root: the dropped user could not read the zone there.
    d = tempfile.mkdtemp(prefix="zoned-privileges-")
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_zoned_runs_as_the_configured_user(world_readable_dir):
    zone = write_zone(os.path.join(world_readable_dir, "example.com.zone"))
    os.chmod(zone, 0o644)
    port = free_port()
    config = os.path.join(world_readable_dir, "zoned.conf")
    make_config(config, "127.0.0.1", port, {"example.com": zone}, extra_server="username: nobody")
    nobody = pwd.getpwnam("nobody")
    with ZonedProcess(world_readable_dir, config=config, port=port) as server:
        assert [a.address for a in server.query("www.example.com").answer[0]] == ["192.0.2.80"]
        with open(f"/proc/{server.process.pid}/status") as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        assert status["Uid"].split() == [str(nobody.pw_uid)] * 4
        assert status["Gid"].split() == [str(nobody.pw_gid)] * 4


def test_an_unknown_user_stops_zoned_before_it_serves(tmp_path):
    port = free_port()
    config = str(tmp_path / "zoned.conf")
    make_config(config, "127.0.0.1", port, {}, extra_server="username: no-such-user-here")
    r = subprocess.run([program("zoned"), "-d", "-c", config], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode == 1
    assert "username: user 'no-such-user-here' does not exist" in r.stderr


def test_chroot_and_username_as_nsd_reads_them(world_readable_dir):
    """chroot: the configuration names files by their paths outside; zoned finds them inside
    and can reach nothing else."""
    root = world_readable_dir
    os.makedirs(os.path.join(root, "zones"))
    zone = write_zone(os.path.join(root, "zones", "example.com.zone"))
    os.chmod(zone, 0o644)
    port = free_port()
    config = os.path.join(root, "zoned.conf")
    make_config(config, "127.0.0.1", port, {"example.com": zone},
                extra_server=f'chroot: "{root}"\nusername: nobody\nzonesdir: "{root}"\n'
                             f'xfrdfile: "{root}/xfrd.state"\nzonelistfile: "{root}/zone.list"\n'
                             f'xfrdir: "{root}"\ndatabase: ""')
    with ZonedProcess(root, config=config, port=port) as server:
        assert [a.address for a in server.query("www.example.com").answer[0]] == ["192.0.2.80"]
        assert os.readlink(f"/proc/{server.process.pid}/root") == root
        # A reload reads the zone file through its path inside the chroot.
        write_zone(zone, serial=2026112602, hosts={"www": "192.0.2.81"})
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        assert [a.address for a in server.query("www.example.com").answer[0]] == ["192.0.2.81"], \
            server.log()
