"""An element that should name a property but is empty: JSBSim looks up the name "", gets
the root of its property tree and reads 0 from it without a word (a function's
``<property>``, a table's ``<independentVar>``, a component's ``<input>``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from planted_faults import line_of, only, planted_aircraft

from flightsim.config import validate


@pytest.mark.parametrize(
    ("old", "new", "tag"),
    [
        ("<value>0.028</value>", "<value>0.028</value><property> </property>", "property"),
        (
            "<independentVar>aero/h_b-mac-ft</independentVar>",
            "<independentVar/>",
            "independentVar",
        ),
        ("<input>fcs/roll-trim-sum</input>   <!--", "<input></input>   <!--", "input"),
    ],
)
def test_an_empty_property_name_is_an_error(tmp_path: Path, old: str, new: str, tag: str) -> None:
    main = planted_aircraft(tmp_path, "c310", "c310.xml", old, new)
    found = only(validate(main), "FS113")
    assert found.message.startswith(f"<{tag}> names no property")
    assert "reads 0" in found.message
    assert found.line == line_of(main, new)
