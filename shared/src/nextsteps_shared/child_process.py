"""Child processes that do not outlive the process that started them.

``preexec_fn=die_with_parent`` asks Linux to send SIGTERM to the child when its parent dies,
even when the parent is killed with SIGKILL and cannot stop its children itself (a
``nextsteps run`` killed by an OOM killer or a test's timeout must not leave a nats-server and
two services behind). Elsewhere it does nothing. Linux ties this to the *thread* that started
the child: start children from a thread that lives as long as they should (the main thread).
It only makes one prctl system call in the child, so it is safe as a ``preexec_fn``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Runs in the child between fork and exec."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
