"""What a run-side command prints when it is done: aligned summary lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from flightsim import Recording

LARGE_CSV_BYTES = 20 * 1024 * 1024
"""A CSV from this size [bytes] gets a hint to record fewer rows (``--record-every``)."""


def summary_line(label: str, text: str) -> str:
    """One aligned line of a command's summary: ``"altitude      3990 to 4010 ft MSL"``."""
    return f"{label:<14}{text}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``"1 property"``, ``"17 properties"``: the count and the word in its number."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {words or word + 's'}"


def size_text(size_bytes: int) -> str:
    """A file size for people: ``"812 B"``, ``"35.2 kB"``, ``"177.0 MB"`` (powers of 1000)."""
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size_bytes >= factor:
            return f"{size_bytes / factor:.1f} {unit}"
    return f"{size_bytes} B"


def wrote_line(path: Path, *, record_every_option: bool = False) -> str:
    """``wrote         out/run.csv (1.2 MB)``; a large CSV points at ``--record-every``
    when the command has it (``record_every_option``)."""
    try:
        size = path.stat().st_size
    except OSError:
        return summary_line("wrote", str(path))
    text = f"{path} ({size_text(size)}"
    if record_every_option and size >= LARGE_CSV_BYTES:
        text += "; --record-every N keeps one step in N for a smaller file"
    return summary_line("wrote", text + ")")


def flight_summary(rec: Recording, simulated_s: float | None = None) -> list[str]:
    """Short lines describing a recording: duration, and ranges of what it holds.

    ``simulated_s`` is the simulated time [s] (the recorded span when None).
    Altitude [ft], airspeed [KCAS], bank [deg] and heading change [deg] are
    reported when their properties (``position/h-sl-ft``, ``velocities/vc-kts``,
    ``attitude/phi-deg``, ``attitude/psi-deg``) were recorded.
    """
    duration_s = rec.duration_s if simulated_s is None else simulated_s
    lines = [summary_line("duration", f"{duration_s:.2f} s simulated, {len(rec)} rows")]
    if len(rec) == 0:
        return lines
    if "position/h-sl-ft" in rec:
        h = rec["position/h-sl-ft"]
        lines.append(summary_line("altitude", f"{np.nanmin(h):.0f} to {np.nanmax(h):.0f} ft MSL"))
    if "velocities/vc-kts" in rec:
        v = rec["velocities/vc-kts"]
        lines.append(summary_line("airspeed", f"{np.nanmin(v):.1f} to {np.nanmax(v):.1f} KCAS"))
    if "attitude/phi-deg" in rec:
        bank = float(np.nanmax(np.abs(rec["attitude/phi-deg"])))
        lines.append(summary_line("max bank", f"{bank:.1f} deg"))
    if "attitude/psi-deg" in rec:
        change = no_negative_zero(round(heading_change_deg(rec["attitude/psi-deg"]), 1))
        lines.append(summary_line("heading", f"{change:+.1f} deg change"))
    return lines


def heading_change_deg(psi_deg: np.ndarray) -> float:
    """Net heading change [deg] over a heading history in [0, 360), unwrapped (right turn > 0)."""
    if len(psi_deg) < 2:
        return 0.0
    unwrapped = np.unwrap(np.radians(psi_deg))
    return float(np.degrees(unwrapped[-1] - unwrapped[0]))


def no_negative_zero(value: float) -> float:
    """``value`` with a negative zero made positive (so it prints ``0``, not ``-0``)."""
    return value + 0.0
