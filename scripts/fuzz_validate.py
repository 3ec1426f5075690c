"""Fuzz the validator with mutations of real JSBSim files (long budget).

Each example takes one bundled file (aircraft, engine, thruster, system,
script), applies 1-4 mutations drawn by Hypothesis (delete, duplicate or
rename an element; drop, rename or spoil an attribute; a number turned into
garbage, NaN or a huge value; a broken table; truncated bytes; random bytes
inserted) and runs ``flightsim.config.validate`` on the result. The validator
must return diagnostics within the per-example time limit, and may raise only
what its API promises for input that cannot be read: the mutated file exists,
so the one allowed error is ``UnreadableFileError`` for a file that is no longer
text (a NUL byte inserted). Failing inputs are saved under ``--out``.

    .venv/bin/python scripts/fuzz_validate.py --examples 2000
    .venv/bin/python scripts/fuzz_validate.py --seconds 600

The test suite runs the same property with a small budget (tests/config/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import copy
import faulthandler
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from flightsim.config import validate
from flightsim.config.diagnostics import Diagnostic
from flightsim.config.safexml import UnreadableFileError
from flightsim.paths import jsbsim_root

SOURCES = (
    "aircraft/c172x/c172x.xml",
    "aircraft/f16/f16.xml",
    "aircraft/737/737.xml",
    "engine/eng_io320.xml",
    "engine/F100-PW-229.xml",
    "engine/prop_75in2f.xml",
    "systems/GNCUtilities.xml",
    "scripts/c1723.xml",
)
"""Files below the JSBSim root that examples start from."""

GARBAGE = (
    "abc",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    "1e-400",
    "99999999999999999999999999999",
    "",
    "   ",
    "1,5",
    "0x1F",
    "-",
    "1 2 3",
    "\u00e9t\u00e9",
    "fcs/elevator-cmd-norm",
    "-0",
)
"""Replacement texts: not numbers, non-finite, huge, empty, property-like."""

Mutation = Callable[[bytes, random.Random], bytes]
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _tree_mutation(edit: Callable[[etree._Element, random.Random], None]) -> Mutation:
    """A mutation of the parsed tree; a no-op on bytes that no longer parse."""

    def mutate(data: bytes, rng: random.Random) -> bytes:
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            return data
        edit(root, rng)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))

    return mutate


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _delete_element(root: etree._Element, rng: random.Random) -> None:
    victims = [e for e in _elements(root) if e.getparent() is not None]
    if victims:
        victim = rng.choice(victims)
        parent = victim.getparent()
        assert parent is not None
        parent.remove(victim)


def _duplicate_element(root: etree._Element, rng: random.Random) -> None:
    victims = [e for e in _elements(root) if e.getparent() is not None]
    if victims:
        victim = rng.choice(victims)
        victim.addnext(copy.deepcopy(victim))


def _rename_element(root: etree._Element, rng: random.Random) -> None:
    elements = _elements(root)
    victim = rng.choice(elements)
    tags = sorted({str(e.tag) for e in elements})
    tag = str(victim.tag)
    choices = [rng.choice(tags), tag[:-1] or "x", tag + "s", tag.upper(), "foo_bar"]
    victim.tag = rng.choice(choices)


def _attribute_mutation(root: etree._Element, rng: random.Random) -> None:
    owners = [e for e in _elements(root) if e.attrib]
    if not owners:
        return
    owner = rng.choice(owners)
    name = rng.choice(sorted(owner.attrib))
    value = owner.attrib.pop(name)
    action = rng.randrange(3)
    if action == 1:
        owner.set(name + rng.choice(("s", "x", "_")), value)
    elif action == 2:
        owner.set(name, rng.choice(GARBAGE))


def _is_number(text: str | None) -> bool:
    try:
        float((text or "").strip())
    except ValueError:
        return False
    return bool((text or "").strip())


def _garbage_number(root: etree._Element, rng: random.Random) -> None:
    holders = [e for e in _elements(root) if _is_number(e.text)]
    if holders:
        rng.choice(holders).text = f" {rng.choice(GARBAGE)} "


def _break_table(root: etree._Element, rng: random.Random) -> None:
    tables = [e for e in _elements(root) if e.tag == "tableData"]
    if not tables:
        return
    table = rng.choice(tables)
    rows = [r.split() for r in (table.text or "").splitlines() if r.split()]
    if not rows:
        return
    row = rng.choice(rows)
    action = rng.randrange(5)
    if action == 0 and row:
        row.pop(rng.randrange(len(row)))
    elif action == 1:
        row.append(rng.choice(GARBAGE) or "1")
    elif action == 2 and len(rows) > 1:
        rows.reverse()
    elif action == 3:
        row[rng.randrange(len(row))] = rng.choice(GARBAGE)
    else:
        rows = []
    table.text = "\n" + "\n".join(" ".join(r) for r in rows) + "\n"


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice((b"<", b"&", b"\x00", b"\xff\xfe", b"]]>", b"<x>", b"&lt;", b"<!--"))
    return data[:at] + junk + data[at:]


MUTATIONS: dict[str, Mutation] = {
    "delete_element": _tree_mutation(_delete_element),
    "duplicate_element": _tree_mutation(_duplicate_element),
    "rename_element": _tree_mutation(_rename_element),
    "attribute": _tree_mutation(_attribute_mutation),
    "garbage_number": _tree_mutation(_garbage_number),
    "break_table": _tree_mutation(_break_table),
    "truncate": _truncate,
    "insert_bytes": _insert_bytes,
}

Plan = tuple[str, tuple[tuple[str, int], ...]]


def plans() -> st.SearchStrategy[Plan]:
    """A source file and 1-4 (mutation, seed) steps."""
    step = st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 2**32 - 1))
    return st.tuples(st.sampled_from(SOURCES), st.lists(step, min_size=1, max_size=4).map(tuple))


def mutated(plan: Plan) -> bytes:
    """The bytes of ``plan``'s source file after its mutations."""
    source, steps = plan
    data = (jsbsim_root() / source).read_bytes()
    for name, seed in steps:
        data = MUTATIONS[name](data, random.Random(seed))
    return data


class ValidatorHungError(AssertionError):
    """The validator did not return within the per-example time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`ValidatorHungError` in the main thread after ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ValidatorHungError(f"validate() ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def is_text(data: bytes) -> bool:
    """Whether ``data`` is text for the validator: no NUL byte (these files have no BOM)."""
    return b"\x00" not in data


def check_plan(plan: Plan, folder: Path, limit_s: float) -> list[Diagnostic]:
    """Write the mutated file as JSBSim would find it and validate it; fail on a bug.

    An aircraft main file goes to ``folder/<name>/<name>.xml``, beside links to
    the other files of its folder (its own systems; engines and shared systems
    come from the bundled root); any other file to ``folder``. A text file must
    give diagnostics, never an exception; a binary one must give
    :class:`UnreadableFileError`.
    """
    source = Path(plan[0])
    target = folder / source.name
    if source.parts[0] == "aircraft":
        target = folder / source.stem / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        for entry in (jsbsim_root() / source.parent).iterdir():
            if entry.name != source.name:
                (target.parent / entry.name).symlink_to(entry)
    data = mutated(plan)
    target.write_bytes(data)
    with time_limit(limit_s):
        try:
            diagnostics = validate(target)
        except UnreadableFileError:
            if is_text(data):
                raise
            return []
    assert is_text(data), "a binary file was validated instead of refused as unreadable"
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert isinstance(d, Diagnostic), d
        str(d)
        d.to_json()
    return diagnostics


def run(examples: int, seconds: float | None, limit_s: float, out: Path) -> int:
    """Run batches of examples until ``examples`` or ``seconds`` is reached."""
    started = time.monotonic()
    done = 0
    batch = 100
    failures: list[Plan] = []
    try:
        while done < examples and (seconds is None or time.monotonic() - started < seconds):
            count = min(batch, examples - done)

            @settings(
                max_examples=count,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(plans())
            def fuzz(plan: Plan) -> None:
                # a watchdog for hangs inside C code, where SIGALRM cannot interrupt
                faulthandler.dump_traceback_later(limit_s * 3, exit=True)
                with tempfile.TemporaryDirectory() as folder:
                    try:
                        check_plan(plan, Path(folder), limit_s)
                    except BaseException as exc:
                        if not failures:  # shrinking a hang takes a while: say so at once
                            print(f"failure {exc!r} on {plan}; shrinking...", file=sys.stderr)
                        failures.append(plan)  # the last one is the shrunk example
                        raise

            try:
                fuzz()
            except BaseException:
                if failures:
                    out.mkdir(parents=True, exist_ok=True)
                    saved = out / f"failing-{Path(failures[-1][0]).name}"
                    saved.write_bytes(mutated(failures[-1]))
                    print(f"failure on {failures[-1]}; input saved to {saved}", file=sys.stderr)
                raise
            done += count
            rate = done / (time.monotonic() - started)
            print(f"{done} examples, no failure ({rate:.1f} examples/s)", flush=True)
    finally:
        faulthandler.cancel_dump_traceback_later()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=None, help="examples (default 1000)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this time [s]")
    parser.add_argument("--limit", type=float, default=10.0, help="per-example limit [s]")
    parser.add_argument("--out", type=Path, default=Path("out/fuzz"), help="failing inputs")
    args = parser.parse_args(argv)
    examples = args.examples or (sys.maxsize if args.seconds else 1000)
    return run(examples, args.seconds, args.limit, args.out)


if __name__ == "__main__":
    sys.exit(main())
