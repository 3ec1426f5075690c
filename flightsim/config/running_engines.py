"""The ``<running>`` elements of a JSBSim initialisation file that start no engine.

JSBSim (``FGInitialCondition::Load``) reads each ``<running>`` as an engine index, -1
for all of them, and silently starts none for an index the aircraft does not have:
``<running>1</running>`` written as "yes" leaves a single-engine aircraft's engine off.
Used by the validator (a script's initialisation file) and by the runner (``--ic``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from lxml import etree


def unstarted(root: etree._Element, engines: int) -> Iterator[tuple[etree._Element, str]]:
    """Each ``<running>`` under ``root`` whose number is neither -1 nor the index of one of
    ``engines`` engines, with its text; one that is not a number is left to the
    vocabulary rules (JSBSim refuses the file)."""
    for element in root.iter("running"):
        text = (element.text or "").strip()
        try:
            index = float(text)
        except ValueError:
            continue
        if index == -1 or (math.isfinite(index) and index == int(index) and 0 <= index < engines):
            continue
        yield element, text


def starts_no_engine(text: str, aircraft: str, engines: int) -> str:
    """What a ``<running>`` of ``text`` does on ``aircraft`` with ``engines`` engines."""
    return (
        f"<running> {text} names no engine of {aircraft}, which has {engines} "
        f"engine{'' if engines == 1 else 's'} (numbered from 0): JSBSim ignores it and "
        "starts no engine for it"
    )


START_HINT = "write -1 to start every engine, or the index of one (0 for the first)"
"""What to write instead."""
