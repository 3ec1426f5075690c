"""The argument parser of ``flightsim`` and its sub-commands: errors in one line, with help.

argparse would print the whole usage and name the option twice, and leave an
unknown option to the top-level parser (``flightsim: error: unrecognized
arguments``). :class:`OneLineParser` answers in the sub-command's own name:

- ``flightsim run: error: unknown option --altt (did you mean --alt?); see 'flightsim run --help'``
- ``flightsim run: error: unexpected argument 'm' after --alt 1200: quote a value with a
  unit, --alt '1200 m'``

A value that starts with a minus sign and a digit is a value, not an option:
``--alt -2000,-500``, ``--alt -1000:0:500``, ``--gamma -3deg``, ``--alt -1e3``
(argparse itself takes only a bare ``-500`` or ``-.5`` so, and would have refused
the others as unknown options, leaving users to write ``--alt=-2000,-500``).

Standard library only: it is imported by ``flightsim --help``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

EXIT_BAD_INPUT = 2

_REQUIRED = "the following arguments are required: "
"""How argparse starts its error for missing required arguments."""
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_NEGATIVE_VALUE = re.compile(r"-\.?\d")
"""What argparse takes for a value rather than an option (matched at the start): a minus
sign, then a digit, maybe after a point. No flightsim option looks like that (``-1``)."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``flightsim run: error: --alt: ...``.

    Unknown options are answered with the closest option of this parser; words
    left over after a number (``--alt 1200 m``) with a hint to quote values with
    units. Sub-command parsers inherit this class.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # argparse's own test is a bare number (r"^-\d+$|^-\d*\.\d+$"): widened to every
        # value that starts like a negative number (a list, a range, a unit, an exponent)
        self._negative_number_matcher = _NEGATIVE_VALUE
        self._missing_options: Callable[[], list[str]] = list  # set while parsing

    def error(self, message: str) -> NoReturn:
        if message.startswith(_REQUIRED) and self._missing_options():  # arguments and options
            message = ", ".join([message, *self._missing_options()])
        match = re.match(r"argument ([^:]+): (.*)", message, re.DOTALL)
        if match:
            names, detail = match.group(1), match.group(2)
            if not any(detail.startswith(f"{n}:") for n in names.split("/")):
                detail = f"{names}: {detail}"
            message = detail
        else:
            message += f" (see '{self.prog} --help')"
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse ``args``; anything left over is an error that says what was meant.

        Options may come before, between or after the arguments (``flightsim props
        J3Cub --aircraft-dir DIR prop-induced``): a sub-command's arguments are parsed
        intermixed (argparse had given ``J3Cub`` and an empty optional PATTERN to the
        first positionals, and refused ``prop-induced``); the top-level parser, which
        holds the sub-commands, cannot be and needs not.
        """
        if self._subparsers:
            parsed, extras = self.parse_known_args(args, namespace)
        else:
            parsed, extras = self._parse_intermixed(args, namespace)
        if extras:
            self.fail(self.leftover_message(list(args or ()), extras))
        return parsed

    def _parse_intermixed(
        self, args: Sequence[str] | None, namespace: argparse.Namespace | None
    ) -> tuple[argparse.Namespace, list[str]]:
        """``parse_known_intermixed_args`` that reports every missing required argument at
        once: argparse's first pass, over the options, stopped at a missing required option
        (``flightsim sweep`` named only ``-o/--output``, not BATCH.toml too). Required
        options are checked here, after the arguments, and a missing argument's error
        names the options missing with it (:meth:`error`)."""
        required = [a for a in self._actions if a.option_strings and a.required]
        parsed = namespace if namespace is not None else argparse.Namespace()
        self._missing_options = lambda: [
            "/".join(a.option_strings) for a in required if getattr(parsed, a.dest, None) is None
        ]
        for action in required:
            action.required = False
        try:
            parsed, extras = self.parse_known_intermixed_args(args, parsed)
        finally:
            for action in required:
                action.required = True
        missing, self._missing_options = self._missing_options(), list
        if missing:
            self.error(f"{_REQUIRED}{', '.join(missing)}")
        return parsed, extras

    def fail(self, message: str) -> NoReturn:
        """Exit 2 with ``message`` on one line (no usage block, no "see --help" added)."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")

    absent_options: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated)
    """Options users look for that this command does not have, with why or what instead:
    ``{"--dt": "a script sets its own time step"}`` (set by a sub-command's module)."""

    def leftover_message(self, args: list[str], extras: list[str]) -> str:
        """What to say about the first argument the parser could not place."""
        first = extras[0]
        see = f"see '{self.prog} --help'"
        if first.startswith("-") and not _NUMBER.match(first):
            option = first.split("=", 1)[0]
            if option in self.absent_options:
                return f"unknown option {option}: {self.absent_options[option]}; {see}"
            import difflib  # only for a mistyped option

            close = difflib.get_close_matches(option, self.option_names(), n=1, cutoff=0.6)
            if close:
                return f"unknown option {option} (did you mean {close[0]}?); {see}"
            return f"unknown option {option}; {see}"
        for at in range(2, len(args)):
            if args[at] == first and _NUMBER.match(args[at - 1]) and args[at - 2][:2] == "--":
                option, number = args[at - 2], args[at - 1]
                return (
                    f"unexpected argument '{first}' after {option} {number}: quote a value "
                    f"with a unit, {option} '{number} {first}'"
                )
        return f"unexpected argument '{first}'; {see}"

    def option_names(self) -> list[str]:
        """Every long option of this parser (``--alt``, ``--help`` ...)."""
        return [name for name in self._option_string_actions if name.startswith("--")]
