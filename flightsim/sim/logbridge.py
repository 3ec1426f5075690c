"""Route JSBSim's console output into Python ``logging``.

JSBSim 1.3 sends each log record to a thread-local ``jsbsim.FGLogger``
(``set_level``, optional ``file_location``, ``message`` fragments, ``flush``).
:class:`LogBridge` assembles those records, keeps the warnings and errors (with
the XML file and line JSBSim gives) for inspection, and forwards every record
to the ``flightsim.jsbsim`` logger. Quiet by default: JSBSim's chatter maps to
DEBUG, its warnings to INFO and its errors to WARNING.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import jsbsim

from flightsim.logs import logger

LOGGER = logger("flightsim.jsbsim")

_PY_LEVEL = {
    jsbsim.LogLevel.BULK: logging.DEBUG,
    jsbsim.LogLevel.DEBUG: logging.DEBUG,
    jsbsim.LogLevel.INFO: logging.DEBUG,
    jsbsim.LogLevel.STDOUT: logging.DEBUG,
    jsbsim.LogLevel.WARN: logging.INFO,
    jsbsim.LogLevel.ERROR: logging.WARNING,
    jsbsim.LogLevel.FATAL: logging.WARNING,
}


@dataclass(frozen=True)
class JSBSimMessage:
    """One record JSBSim logged: ``level`` is ``"warning"``, ``"error"`` or ``"fatal"``."""

    level: str
    text: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}{self.level}: {self.text}"


_LEVEL_NAME = {
    jsbsim.LogLevel.WARN: "warning",
    jsbsim.LogLevel.ERROR: "error",
    jsbsim.LogLevel.FATAL: "fatal",
}


class LogBridge(jsbsim.FGLogger):
    """An ``FGLogger`` that forwards to ``logging`` and keeps warnings and errors.

    ``messages`` holds the last ``keep`` warning/error records (oldest dropped).
    """

    def __init__(self, keep: int = 1000):
        super().__init__()
        self.messages: deque[JSBSimMessage] = deque(maxlen=keep)
        self._level = jsbsim.LogLevel.INFO
        self._parts: list[str] = []
        self._file: str | None = None
        self._line: int | None = None
        self._capture: list[str] | None = None

    def set_level(self, level: jsbsim.LogLevel) -> None:
        self._level = level
        self._parts = []
        self._file = None
        self._line = None

    def file_location(self, filename: str, line: int) -> None:
        self._file = filename
        self._line = line

    def message(self, message: str) -> None:
        self._parts.append(message)

    def format(self, format: jsbsim.LogFormat) -> None:
        """Formatting hints (colours) carry no content: ignored."""

    def flush(self) -> None:
        text = "".join(self._parts).strip()
        self._parts = []
        if not text:
            return
        py_level = _PY_LEVEL.get(self._level, logging.DEBUG)
        if LOGGER.isEnabledFor(py_level):
            where = f"{self._file}:{self._line}: " if self._file else ""
            LOGGER.log(py_level, "%s%s", where, text)
        if self._capture is not None:
            self._capture.append(text)
        name = _LEVEL_NAME.get(self._level)
        if name is not None:
            self.messages.append(JSBSimMessage(name, text, self._file, self._line))

    @contextmanager
    def capture(self) -> Iterator[list[str]]:
        """Collect the text of every record, of any level, logged inside the block."""
        previous, self._capture = self._capture, []
        try:
            yield self._capture
        finally:
            self._capture = previous

    def drain(self) -> list[JSBSimMessage]:
        """Return and forget the kept warning/error records."""
        out = list(self.messages)
        self.messages.clear()
        return out


_local = threading.local()


def install() -> LogBridge:
    """Install the bridge for the calling thread (once) and return it.

    Also sets ``JSBSIM_DEBUG=0`` when unset, which silences the banner JSBSim
    prints before any logger is consulted. Call before creating an FGFDMExec.
    """
    os.environ.setdefault("JSBSIM_DEBUG", "0")
    bridge: LogBridge | None = getattr(_local, "bridge", None)
    if bridge is None:
        bridge = LogBridge()
        jsbsim.set_logger(bridge)
        _local.bridge = bridge
    return bridge
