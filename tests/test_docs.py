"""The user guide's Python examples run as written.

Every ```python block of a page is run, in order, as one script (like a
notebook) in a fresh folder, in a child process. A page whose example breaks
fails here with the page's name and the error.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(p for p in DOCS.glob("*.md") if _BLOCK.search(p.read_text()))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_run(page: Path, tmp_path: Path) -> None:
    script = "\n\n".join(_BLOCK.findall(page.read_text()))
    (tmp_path / "example.py").write_text(script)
    done = subprocess.run(
        [sys.executable, "example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, f"{page.name}: example failed\n{done.stderr[-3000:]}"


def test_every_page_is_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text()
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    linked = set(re.findall(r"\]\(([\w.-]+\.md)\)", index))
    missing = pages - linked
    assert not missing, f"docs/index.md does not link {sorted(missing)}"
