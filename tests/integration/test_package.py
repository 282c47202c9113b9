"""The Debian package (issue #6): what it holds, and, installed with dpkg, that the daemon
from it serves and its systemd unit verifies. The install runs only as root, only when no
zoned package is installed already, and the package is purged at the end."""
import glob
import os
import shutil
import subprocess
import time

import dns.message
import dns.query
import pytest

from conftest import build_dir
from zoned_process import free_port, write_zone

FILES = ["./etc/zoned/zoned.conf", "./usr/lib/systemd/system/zoned.service",
         "./usr/sbin/zoned", "./usr/sbin/zoned-control", "./usr/sbin/zoned-control-setup",
         "./usr/sbin/zoned-checkconf", "./usr/sbin/zoned-checkzone", "./usr/sbin/zoned-syncheck",
         "./usr/share/man/man8/zoned.8", "./usr/share/man/man5/zoned.conf.5"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    if shutil.which("cpack") is None or shutil.which("dpkg-deb") is None:
        pytest.skip("cpack or dpkg-deb missing")
    config = os.path.join(build_dir(), "CPackConfig.cmake")
    if not os.path.exists(config):
        pytest.skip("the build has no CPack configuration")
    with open(os.path.join(build_dir(), "CMakeCache.txt")) as f:
        if "CMAKE_INSTALL_PREFIX:PATH=/usr\n" not in f.read():
            # The release preset's prefix; a package is made from that build only (the
            # ASan build installs to /usr/local and its programs need libasan).
            pytest.skip("the package is built from the release build (prefix /usr)")
    out = tmp_path_factory.mktemp("package")
    subprocess.run(["cpack", "--config", config, "-B", str(out)], check=True,
                   capture_output=True, timeout=300)
    debs = glob.glob(str(out / "zoned_*.deb"))
    assert len(debs) == 1, os.listdir(out)
    return debs[0]


def test_the_package_holds_programs_configuration_unit_and_man_pages(package):
    listing = subprocess.run(["dpkg-deb", "-c", package], capture_output=True, text=True,
                             check=True).stdout
    paths = [line.split()[-1] for line in listing.splitlines()]
    for f in FILES:
        assert f in paths, f
    info = subprocess.run(["dpkg-deb", "-I", package], capture_output=True, text=True,
                          check=True).stdout
    assert "Package: zoned" in info and "libssl3" in info
    conffiles = subprocess.run(["dpkg-deb", "-I", package, "conffiles"], capture_output=True,
                               text=True, check=True).stdout
    assert conffiles.split() == ["/etc/zoned/zoned.conf"]


def installed(name):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True,
                       text=True)
    return r.returncode == 0 and "install ok installed" in r.stdout


def test_installed_with_dpkg_it_serves(package, tmp_path):
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        pytest.skip("installing a package needs root and dpkg")
    if installed("zoned"):
        pytest.skip("a zoned package is installed already: not touched")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = subprocess.run(["dpkg", "-i", package], capture_output=True, text=True, env=env,
                       timeout=300)
    try:
        assert r.returncode == 0, r.stdout + r.stderr
        assert installed("zoned")
        check = subprocess.run(["/usr/sbin/zoned-checkconf", "/etc/zoned/zoned.conf"],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        if shutil.which("systemd-analyze"):
            # --man=no: Debian's container images leave man pages out of every package.
            verify = subprocess.run(["systemd-analyze", "verify", "--man=no",
                                     "/usr/lib/systemd/system/zoned.service"],
                                    capture_output=True, text=True, timeout=60)
            assert verify.returncode == 0 and "zoned.service" not in verify.stderr, verify.stderr
        # The installed daemon serves a zone on loopback.
        zone = write_zone(str(tmp_path / "example.com.zone"))
        port = free_port("127.0.0.81")
        conf = tmp_path / "zoned.conf"
        conf.write_text(f"""server:
    ip-address: 127.0.0.81
    port: {port}
    pidfile: ""
    zonesdir: ""
remote-control:
    control-enable: no
zone:
    name: "example.com"
    zonefile: "{zone}"
""")
        with open(tmp_path / "log", "w") as log:
            daemon = subprocess.Popen(["/usr/sbin/zoned", "-d", "-c", str(conf)], stdout=log,
                                      stderr=subprocess.STDOUT)
        try:
            answer = None
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and answer is None:
                try:
                    answer = dns.query.udp(dns.message.make_query("www.example.com", "A"),
                                           "127.0.0.81", port=port, timeout=0.5)
                except Exception:
                    time.sleep(0.1)
            assert answer is not None and answer.answer, (tmp_path / "log").read_text()
        finally:
            daemon.terminate()
            daemon.wait(timeout=20)
    finally:
        subprocess.run(["dpkg", "--purge", "zoned"], capture_output=True, env=env, timeout=300)
    assert not installed("zoned")
    assert not os.path.exists("/usr/sbin/zoned")
