"""The user guide's Python examples run as written.

Every ```python block of a page is run, in order, as one script (like a
notebook) in a fresh folder, in a child process. A page whose example breaks
fails here with the page's name and the error.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(p for p in DOCS.glob("*.md") if _BLOCK.search(p.read_text()))


def _run_example(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as ``folder/example.py`` (matplotlib off-screen); the finished process."""
    (folder / "example.py").write_text(script)
    return subprocess.run(
        [sys.executable, "example.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_run(page: Path, tmp_path: Path) -> None:
    script = "\n\n".join(_BLOCK.findall(page.read_text()))
    done = _run_example(script, tmp_path)
    assert done.returncode == 0, f"{page.name}: example failed\n{done.stderr[-3000:]}"


def test_every_page_is_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text()
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    linked = set(re.findall(r"\]\(([\w.-]+\.md)\)", index))
    missing = pages - linked
    assert not missing, f"docs/index.md does not link {sorted(missing)}"


# -- example command lines ------------------------------------------------------------------
ROOT = DOCS.parent
_SHELL_BLOCK = re.compile(r"^```(?:sh|console|bash)\n(.*?)^```", re.S | re.M)
READS = ("script", "inputs", "targets", "aircraft", "ic", "aircraft_dirs", "root")
"""Arguments (parsed names) that name files or folders a command reads."""
WRITES = ("output", "output_dir", "png")
"""Arguments that name files or folders a command writes."""
PLACEHOLDERS = ("~/", "path/to/")
"""Paths a reader replaces with their own (a home folder, ``path/to/myplane``)."""
DEMO_OUTPUTS = ("out/demo.csv", "out/demo.meta.json", "out/report.html", "out/report.pdf")


def command_lines(text: str) -> list[tuple[list[str], bool]]:
    """The ``flightsim`` commands of a page's sh/console blocks, as argument lists, each
    with whether the page shows it refused (its next line is ``flightsim ...: error:``)."""
    commands: list[tuple[list[str], bool]] = []
    for block in _SHELL_BLOCK.findall(text):
        lines = [line.strip() for line in block.replace("\\\n", " ").splitlines()]
        prompted = any(line.startswith("$ ") for line in lines)  # console: "$ " commands
        for line, after in zip(lines, [*lines[1:], ""], strict=True):
            if prompted and not line.startswith("$ "):
                continue  # the output of a command
            line = line.removeprefix("$ ").split(" #")[0]
            head = line.split(maxsplit=2) or [""]
            if head[0] not in ("flightsim", ".venv/bin/flightsim") or len(head) < 2:
                continue
            if head[1].endswith(":") or head[1].startswith("-"):
                continue  # a message ("flightsim run: error: ...") or --help, --version
            words = shlex.split(line)[1:]
            if words:
                refused = after.startswith("flightsim") and ": error: " in after
                commands.append((words, refused))
    return commands


def parsed_paths(words: list[str]) -> tuple[list[str], list[str]]:
    """(paths the command reads, paths it writes), from flightsim's own parser."""
    from flightsim.cli import command_parser

    args = command_parser(words[0]).parse_args(words[1:])
    found: dict[str, list[str]] = {"reads": [], "writes": []}
    for kind, names in (("reads", READS), ("writes", WRITES)):
        for name in names:
            value = getattr(args, name, None)
            values = value if isinstance(value, list) else [value]
            found[kind] += [str(v) for v in values if v is not None]
    return found["reads"], found["writes"]


def test_every_example_command_parses_and_its_paths_exist() -> None:
    """Each documented command line is accepted by flightsim's parser, and a path it reads
    exists from the repository root, or a documented command writes it (``out/...``), or
    it is a stated placeholder. A bare name (``c172p``, ``c1723``) is looked up by name."""
    pages = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]
    commands = [(p.name, *command) for p in pages for command in command_lines(p.read_text())]
    assert len(commands) > 20  # the examples are found
    problems, written, reads = [], set(DEMO_OUTPUTS), []
    for page, words, refused in commands:
        try:
            read, wrote = parsed_paths(words)
        except SystemExit:
            if not refused:
                problems.append(f"{page}: flightsim {shlex.join(words)}: not accepted")
            continue
        written.update(path.rstrip("/") for path in wrote)
        reads += [(page, words, path) for path in read]
    for page, words, path in reads:
        if "/" not in path and not path.endswith((".xml", ".csv", ".npz")):
            continue  # a name
        if path.startswith(PLACEHOLDERS) or (ROOT / path).exists():
            continue
        if path in written or str(Path(path).parent) in written:
            continue
        problems.append(f"{page}: flightsim {shlex.join(words)}: no {path}")
    assert not problems, "\n".join(problems)


def test_the_reports_page_records_what_every_figure_needs(tmp_path: Path) -> None:
    """reports.md names the presets that cover every figure, and its example, which
    records them, gets a report with nothing left out (vertical speed needs `flight`)."""
    from flightsim.cli.common import DEFAULT_RECORD

    page = (DOCS / "reports.md").read_text()
    assert f"presets `{DEFAULT_RECORD}`" in " ".join(page.split())
    first_example = _BLOCK.findall(page)[0]
    assert f'record="{DEFAULT_RECORD}"' in first_example
    done = _run_example(first_example, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    html = (tmp_path / "out" / "roll.html").read_text()
    assert "Altitude and vertical speed" in html
    assert "not recorded" not in html
