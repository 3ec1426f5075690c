"""The agent step's hot path as a function generated once per environment.

At ~7 µs per c172p JSBSim step, every 100 ns of Python per agent step costs
~0.1% (performance.md, "Recording 12 properties every step": a function
generated once, each bound getter a local and the calls written out, beat
every loop over getters). :func:`make_stepper` returns ``step(action) -> row``:
clip each action to [-1, 1], write it through bound property setters (scaled
and offset per control), run ``substeps`` × ``fdm.run()`` with an optional hook
(the autopilot of the controls the agent does not hold) called before the first
and then every ``hook_every`` of them, and return one list: every getter's
value, then the clipped actions.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

Stepper = Callable[[Sequence[float]], list[float]]


def make_stepper(
    writes: Sequence[tuple[Callable[[float], Any], int, float, float]],
    n: int,
    run: Callable[[], Any],
    substeps: int,
    getters: Sequence[Callable[[], float]],
    hook: Callable[[], Any] | None = None,
    hook_every: int = 0,
) -> Stepper:
    """``step(a)``: clip ``a[:n]`` (as floats), call each setter with ``a[i] * scale + offset``,
    ``run()`` ``substeps`` times; return the getters' values + the clipped ``a``.

    ``writes`` lists ``(setter, action index, scale, offset)``; what :func:`real` refuses in
    ``a`` raises its TypeError. ``hook()`` is called before
    JSBSim steps 0, ``hook_every``, 2 × ``hook_every``, ... of the agent step; with
    ``hook_every`` 0 or at least ``substeps``, once, before them all.
    """
    names: dict[str, Any] = {"run": run, "steps": range(substeps), "to_float": real, "F": float}
    lines = ["def step(a):"]
    for i in range(n):
        lines.append(f"    a{i} = a[{i}]")
        lines.append(f"    if type(a{i}) is not F:")  # a float goes as it is: the usual case
        lines.append(f"        a{i} = to_float(a{i})")
        lines.append(f"    a{i} = 1.0 if a{i} > 1.0 else -1.0 if a{i} < -1.0 else a{i}")
    for k, (setter, index, scale, offset) in enumerate(writes):
        names[f"w{k}"] = setter
        value = (
            f"a{index}" if (scale, offset) == (1.0, 0.0) else f"a{index} * {scale!r} + {offset!r}"
        )
        lines.append(f"    w{k}({value})")
    if hook is not None:
        names["hook"] = hook
    if hook is not None and 0 < hook_every < substeps:
        names["every"] = hook_every
        lines += [
            "    for i in steps:",
            "        if i % every == 0:",
            "            hook()",
            "        run()",
        ]
    else:
        if hook is not None:
            lines.append("    hook()")
        lines += ["    for _ in steps:", "        run()"]
    names.update({f"g{i}": g for i, g in enumerate(getters)})
    values = [f"g{i}()" for i in range(len(getters))] + [f"a{i}" for i in range(n)]
    lines.append(f"    return [{', '.join(values)}]")
    return _compile(lines, names, "step")  # type: ignore[no-any-return]


def real(value: Any) -> float:
    """``float(value)``, but a TypeError for what is no real number though ``float`` takes it:
    a string (even ``"1"``), bytes, a complex number (numpy's would lose its imaginary part)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError("a string is not a number here")
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise TypeError("a complex number")
    return float(value)


def _compile(lines: list[str], names: dict[str, Any], function: str) -> Any:
    # the bound methods become default arguments: local-variable lookups when called
    header, *body = lines
    defaults = ", ".join(f"{k}={k}" for k in names)
    signature = header[:-2] + (", " if header[-3] != "(" else "") + defaults + "):"
    namespace: dict[str, Any] = dict(names)
    exec(compile("\n".join([signature, *body]), f"<flightsim {function}>", "exec"), namespace)
    return namespace[function]
