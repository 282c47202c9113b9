"""The guide's primary (examples/nsd.conf) answers the guide's question."""
import os
import shutil
import subprocess

import dns.rdatatype

from conftest import ROOT
from zoned_process import ZonedProcess, free_port


def test_example_primary_answers_john(tmp_path):
    port = free_port()
    server = ZonedProcess(tmp_path, config=f"{ROOT}/examples/nsd.conf", port=port,
                          args=["-p", str(port), "-P", str(tmp_path / "zoned.pid")])
    # zonesdir: "examples" is relative to the repository's top, as in run-example.sh.
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        server.start()
    finally:
        os.chdir(cwd)
    try:
        if shutil.which("dig"):
            out = subprocess.run(["dig", "john.linoderocks.com", "+short", "@127.0.0.1",
                                  "-p", str(port), "+time=2", "+tries=1"],
                                 capture_output=True, text=True, timeout=10).stdout
            assert out.strip() == "192.0.2.10"
        r = server.query("john.linoderocks.com", "A")
        assert [rd.address for rrset in r.answer for rd in rrset
                if rrset.rdtype == dns.rdatatype.A] == ["192.0.2.10"]
    finally:
        assert server.stop() == 0
