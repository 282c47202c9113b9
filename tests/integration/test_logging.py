"""The log line's time as NSD's options choose it (issue #6): log-time-ascii (the default,
with milliseconds), log-time-ascii: no (seconds since the epoch), log-time-iso."""
import re

import pytest

from zoned_process import ZonedProcess

FORMS = {
    "": r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] zoned\[\d+\]: info: ",
    "log-time-ascii: no": r"^\[\d{9,}\] zoned\[\d+\]: info: ",
    "log-time-iso: yes": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d zoned\[\d+\]: info: ",
}


@pytest.mark.parametrize("option", list(FORMS))
def test_log_time_forms(tmp_path, option):
    with ZonedProcess(tmp_path, extra_server=option) as server:
        assert server.wait_for_log("serving on", timeout=5)
        lines = [line for line in server.log().splitlines() if "serving on" in line]
        assert lines and re.match(FORMS[option], lines[0]), lines
