"""The ``flightsim`` command: a thin layer over the public API.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` (taking the
parsed arguments, returning an exit code). Exit codes: 0 ok, 1 simulation or
validation failure, 2 bad input. User errors print one message on stderr, never
a traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from flightsim import __version__
from flightsim.cli.hints import cli_message
from flightsim.errors import ConfigError, FlightsimError, PropertyError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

# Sub-command modules, in the order `flightsim --help` lists them.
_COMMANDS = ("demo", "run", "script", "aircraft", "props", "validate", "report", "sweep")


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``flightsim run: error: --alt: ...``.

    argparse would print the whole usage and name the option twice (our
    argument types already start their message with the option name).
    Sub-command parsers inherit this class.
    """

    def error(self, message: str) -> NoReturn:
        match = re.match(r"argument ([^:]+): (.*)", message, re.DOTALL)
        if match:
            names, detail = match.group(1), match.group(2)
            if not any(detail.startswith(f"{n}:") for n in names.split("/")):
                detail = f"{names}: {detail}"
            message = detail
        else:
            message += f" (see '{self.prog} --help')"
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = OneLineParser(
        prog="flightsim",
        description="Flight-dynamics toolkit on JSBSim.",
    )
    parser.add_argument("--version", action="version", version=f"flightsim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"flightsim.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"flightsim.cli.{name}":
                raise
            continue
        module.register(sub)
    for command in sub.choices.values():  # --debug also after the sub-command
        command.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks and debug logs",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``flightsim`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.debug:  # JSBSim's own errors are reported through our exceptions
        logging.getLogger("flightsim.jsbsim").setLevel(logging.ERROR)
    try:
        code: int = args.func(args)
    except (ConfigError, PropertyError) as exc:
        if args.debug:
            raise
        print(f"flightsim {args.command}: error: {cli_message(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into a program that stopped reading (`| head`)
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # an output path that cannot be written, a full disk ...
        if args.debug:
            raise
        where = f" '{exc.filename}'" if exc.filename else ""
        reason = exc.strerror or str(exc)
        print(
            f"flightsim {args.command}: error: cannot write or read{where}: {reason}; "
            "choose another path (a writable file, not a folder)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except FlightsimError as exc:
        if args.debug:
            raise
        print(f"flightsim {args.command}: error: {cli_message(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"flightsim {args.command}: interrupted", file=sys.stderr)
        return 130
    return code
