"""Run `streamlit` and note, from inside the server, how long each tap's run took it.

For bench/load.py only, never the app: `python -m bench.server_timing run app.py ...` is
`streamlit run app.py ...` with Streamlit's AppSession wrapped so that, per browser tab, the
time from a rerun request's arrival (a tap, a page, typed words) to the moment the run's end
leaves for the browser is appended, in milliseconds, with the name of the page it drew, one
line each, to the file named by VIG_BENCH_SERVER_TIMES. A request that arrives while a run is
pending is timed from the first one: the tablet waits from then.

This is the server's own share of a tap; the rest is the network and the tablet's drawing.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.web.cli import main as streamlit_main

# Streamlit's statuses for a run (a whole page's, or a fragment's) that has ended well.
RUN_ENDED = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


def note_run_times(times_file: Path) -> None:
    """Wrap AppSession so each tab's request-to-run-end time is appended to `times_file`."""
    asked_at: dict[str, float] = {}  # per tab: when the oldest unanswered request arrived
    page_of: dict[str, str] = {}  # per tab: the page its latest run drew
    lock = threading.Lock()
    handle_backmsg = AppSession.handle_backmsg
    flush_browser_queue = AppSession.flush_browser_queue

    def timed_handle_backmsg(self: AppSession, msg: Any) -> None:
        if msg.WhichOneof("type") == "rerun_script":
            with lock:
                asked_at.setdefault(self.id, time.perf_counter())
        handle_backmsg(self, msg)

    def timed_flush(self: AppSession) -> list[ForwardMsg]:
        messages = flush_browser_queue(self)
        ended = False
        for message in messages:
            kind = message.WhichOneof("type")
            if kind == "new_session":  # every run starts with one, naming its page
                run = message.new_session
                names = {p.page_script_hash: p.page_name for p in run.app_pages}
                page_of[self.id] = names.get(run.page_script_hash, "?")
            ended |= kind == "script_finished" and message.script_finished in RUN_ENDED
        if ended:
            with lock:
                started = asked_at.pop(self.id, None)
            if started is not None:
                ms, page = (time.perf_counter() - started) * 1000, page_of.get(self.id, "?")
                with times_file.open("a", encoding="utf-8") as out:
                    out.write(f"{ms:.1f} {page}\n")
        return messages

    AppSession.handle_backmsg = timed_handle_backmsg  # type: ignore[method-assign]
    AppSession.flush_browser_queue = timed_flush  # type: ignore[method-assign]


if __name__ == "__main__":
    note_run_times(Path(os.environ["VIG_BENCH_SERVER_TIMES"]))
    sys.argv[0] = "streamlit"
    sys.exit(streamlit_main())
