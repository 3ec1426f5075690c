"""Running JSBSim work in a child Python process that may crash or hang.

JSBSim aborts or segfaults the whole process on some broken models and in some
of its own code paths; flightsim runs such work in ``python -m <module>`` with
this package importable, JSBSim's console quiet, and a timeout, and reads what
happened from the exit code (a negative one is the signal that killed it).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
DEFAULT_TIMEOUT_S = 60.0
"""How long a child may take before it is killed [s] (a load check, a trial trim)."""


def child_env() -> dict[str, str]:
    """This process's environment with JSBSim quiet and this package importable."""
    env = dict(os.environ)
    env["JSBSIM_DEBUG"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_PACKAGE_PARENT), env.get("PYTHONPATH", "")) if p
    )
    return env


def run_module(
    module: str, args: list[str], cwd: str, timeout_s: float
) -> tuple[int | None, str, bool]:
    """Run ``python -m module args`` in ``cwd``; return (exit code, stderr text, timed out).

    The child gets its own session and no stdin; after ``timeout_s`` [s] it is
    killed with every process it started (its process group; exit code None).
    """
    import subprocess  # here: `flightsim validate` reads DEFAULT_TIMEOUT_S, needs no child

    command = [sys.executable, "-m", module, *args]
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as child:
        try:
            _, err = child.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # its own session: the group is its own
            _, err = child.communicate()
            return None, err.decode("utf-8", "replace"), True
        return child.returncode, err.decode("utf-8", "replace"), False


def signal_name(exit_code: int | None) -> str | None:
    """The name of the signal that ended a child (``SIGSEGV``), or None for a normal exit."""
    if exit_code is None or exit_code >= 0:
        return None
    try:
        return signal.Signals(-exit_code).name
    except ValueError:
        return f"signal {-exit_code}"
