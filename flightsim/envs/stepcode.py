"""Step functions generated once per environment: the hot path without loops over tuples.

At ~7 µs per c172p JSBSim step, every 100 ns of Python per agent step costs
~0.1% (performance.md, "Recording 12 properties every step": a function
generated once, each bound getter a local and the calls written out, beat
every loop over getters). :func:`make_writer` returns ``write(action) -> held``
(clips each action to [-1, 1] and writes it through bound property setters,
scaled and offset per control); :func:`make_advancer` returns
``advance() -> state`` (``substeps`` × ``fdm.run()`` then every getter, as a
list).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Writer = Callable[[Sequence[float]], list[float]]
Advancer = Callable[[], list[float]]


def make_writer(
    writes: Sequence[tuple[Callable[[float], Any], int, float, float]], n: int
) -> Writer:
    """``write(a)``: clip ``a[:n]`` to [-1, 1], call each setter with ``a[i] * scale + offset``.

    ``writes`` lists ``(setter, action index, scale, offset)``.
    """
    names: dict[str, Any] = {}
    lines = ["def write(a):"]
    for i in range(n):
        lines.append(f"    a{i} = a[{i}]")
        lines.append(f"    a{i} = 1.0 if a{i} > 1.0 else -1.0 if a{i} < -1.0 else a{i}")
    for k, (setter, index, scale, offset) in enumerate(writes):
        names[f"w{k}"] = setter
        value = (
            f"a{index}" if (scale, offset) == (1.0, 0.0) else f"a{index} * {scale!r} + {offset!r}"
        )
        lines.append(f"    w{k}({value})")
    lines.append(f"    return [{', '.join(f'a{i}' for i in range(n))}]")
    return _compile(lines, names, "write")  # type: ignore[no-any-return]


def make_advancer(
    run: Callable[[], Any], substeps: int, getters: Sequence[Callable[[], float]]
) -> Advancer:
    """``advance()``: ``run()`` ``substeps`` times, then the getters' values as a list."""
    names: dict[str, Any] = {"run": run, "steps": range(substeps)}
    names.update({f"g{i}": g for i, g in enumerate(getters)})
    lines = [
        "def advance():",
        "    for _ in steps:",
        "        run()",
        f"    return [{', '.join(f'g{i}()' for i in range(len(getters)))}]",
    ]
    return _compile(lines, names, "advance")  # type: ignore[no-any-return]


def _compile(lines: list[str], names: dict[str, Any], function: str) -> Any:
    # the bound methods become default arguments: local-variable lookups when called
    header, *body = lines
    defaults = ", ".join(f"{k}={k}" for k in names)
    signature = header[:-2] + (", " if header[-3] != "(" else "") + defaults + "):"
    namespace: dict[str, Any] = dict(names)
    exec(compile("\n".join([signature, *body]), f"<flightsim {function}>", "exec"), namespace)
    return namespace[function]
