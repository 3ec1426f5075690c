"""The ``flightsim`` command: a thin layer over the public API.

Each sub-command lives in its own module of this package, listed in
:data:`COMMANDS` with its one-line help, and is imported only when it is used:
``flightsim --help`` and ``flightsim --version`` import none of them (nor numpy,
JSBSim or matplotlib). A module exposes ``register(subparsers)``, which adds its
parser (``subparsers.add_parser(name, ...)``) and sets ``func`` (taking the
parsed arguments, returning an exit code). Exit codes: 0 ok, 1 simulation or
validation failure, 2 bad input, 130 after Ctrl-C, 143 after SIGTERM. User
errors print one message on stderr, never a traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import NamedTuple

from flightsim import __version__, accelerators
from flightsim.cli.hints import cli_message
from flightsim.cli.parser import EXIT_BAD_INPUT, OneLineParser
from flightsim.errors import ConfigError, FlightsimError, PropertyError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT)."""
EXIT_TERMINATED = 143
"""Exit code after SIGTERM (128 + SIGTERM)."""

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "Command", "OneLineParser", "main", "run_guarded"]


class Command(NamedTuple):
    """A sub-command: the module that registers it, and its line in ``flightsim --help``."""

    module: str
    help: str
    logs: bool = True
    """The command runs JSBSim or other work that logs warnings (printed on stderr);
    False for the quick commands that do not, which then skip importing logging."""


# Sub-commands in the order `flightsim --help` lists them: one line each.
COMMANDS: dict[str, Command] = {
    "demo": Command("flightsim.cli.demo", "the demo flight: c172p doublet and 180° turn, report"),
    "run": Command("flightsim.cli.run", "fly an aircraft from initial conditions, record to CSV"),
    "script": Command(
        "flightsim.cli.script", "run a JSBSim XML script (by path or bundled name), record to CSV"
    ),
    "aircraft": Command(
        "flightsim.cli.aircraft", "list available aircraft (user folders, project, bundled)"
    ),
    "props": Command(
        "flightsim.cli.props", "list an aircraft's JSBSim properties with units and values"
    ),
    "validate": Command(
        "flightsim.cli.validate",
        "check JSBSim aircraft, engine, thruster, system and script files",
        logs=False,
    ),
    "report": Command(
        "flightsim.cli.report", "figures and a PDF/HTML report from recordings (CSV/NPZ)"
    ),
    "generate": Command(
        "flightsim.cli.generate", "generate a flyable JSBSim aircraft from a TOML spec"
    ),
    "new": Command("flightsim.cli.new", "write a starter aircraft spec (TOML) of a class"),
    "analyze": Command(
        "flightsim.cli.analyze", "linear model, modes and MIL-F-8785C levels at one flight point"
    ),
    "envelope": Command(
        "flightsim.cli.envelope", "trim envelope over altitude x airspeed (x flaps)"
    ),
    "sweep": Command(
        "flightsim.cli.sweep", "parameter sweeps and Monte Carlo batches, local or on Ray"
    ),
}


def top_parser() -> OneLineParser:
    """``flightsim [--version] [--debug] COMMAND``: every sub-command listed, none imported."""
    parser = OneLineParser(
        prog="flightsim",
        description="Flight-dynamics toolkit on JSBSim.",
        epilog="'flightsim COMMAND --help' gives the options of a command.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"flightsim {__version__} ({accelerators.summary()})",
        help="print the version and the step loop in use, and exit",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    listing = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        listing.add_parser(name, help=command.help, add_help=False)
    return parser


def command_parser(name: str) -> OneLineParser:
    """The parser of sub-command ``name``, built by its module (imported here)."""
    holder = OneLineParser(prog="flightsim")
    subparsers = holder.add_subparsers(dest="command")
    importlib.import_module(COMMANDS[name].module).register(subparsers)
    parser = subparsers.choices[name]
    if parser.description is None:
        parser.description = COMMANDS[name].help
    parser.add_argument(  # --debug also after the sub-command
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks and debug logs",
    )
    assert isinstance(parser, OneLineParser)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; exits 0 after ``--help``/``--version``, 2 on bad input."""
    argv = list(argv)
    at = next((i for i, arg in enumerate(argv) if not arg.startswith("-")), len(argv))
    top = top_parser()
    args = top.parse_args(argv[:at])
    if at == len(argv):
        top.print_help(sys.stderr)
        top.exit(EXIT_BAD_INPUT)
    name = argv[at]
    if name not in COMMANDS:
        import difflib  # only for a mistyped command

        close = difflib.get_close_matches(name, list(COMMANDS), n=1)
        mean = f" (did you mean {close[0]}?)" if close else ""
        top.fail(f"unknown command '{name}'{mean}; see 'flightsim --help'")
    args = command_parser(name).parse_args(argv[at + 1 :], namespace=args)
    args.command = name
    return args


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop like Ctrl-C does (data kept, a message, exit code 143)."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt), and
    SIGINT a KeyboardInterrupt even when whoever started us ignores it (a shell runs
    background jobs so): a command stops the same way however it was started."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def interrupted(exc: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped the command (``"interrupted"`` or ``"terminated (SIGTERM)"``), exit code."""
    if isinstance(exc, Terminated):
        return "terminated (SIGTERM)", EXIT_TERMINATED
    return "interrupted", EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``flightsim`` console script; returns the exit code."""
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.debug or COMMANDS[args.command].logs:
        _configure_logging(args.debug)
    return run_guarded(
        lambda: args.func(args), f"flightsim {args.command}:", args.command, debug=args.debug
    )


def run_guarded(call: Callable[[], int], prefix: str, command: str, *, debug: bool) -> int:
    """Run ``call`` (a command), turning user errors into one line on stderr and an exit code.

    ``prefix`` starts each message (``"flightsim run:"``); ``command`` selects the CLI
    wording of API advice (:func:`~flightsim.cli.hints.cli_message`). With ``debug`` the
    error propagates (traceback). Scripts in ``scripts/`` use it too.
    """
    try:
        with sigterm_as_interrupt():
            code: int = call()
    except (ConfigError, PropertyError) as exc:
        if debug:
            raise
        print(f"{prefix} error: {cli_message(str(exc), command)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into a program that stopped reading (`| head`)
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # an output path that cannot be written, a full disk ...
        if debug:
            raise
        where = f" '{exc.filename}'" if exc.filename else ""
        reason = exc.strerror or str(exc)
        print(
            f"{prefix} error: cannot write or read{where}: {reason}; choose another path",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except FlightsimError as exc:
        if debug:
            raise
        print(f"{prefix} error: {cli_message(str(exc), command)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt as exc:
        what, code = interrupted(exc)
        print(f"{prefix} {what}", file=sys.stderr)
        return code
    except SystemExit as exc:  # a command that said why it stopped (common.data_kept)
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    return code


def _configure_logging(debug: bool) -> None:
    """Warnings (debug: everything) of flightsim's loggers on stderr, one line each."""
    import logging

    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not debug:  # JSBSim's own errors are reported through our exceptions
        logging.getLogger("flightsim.jsbsim").setLevel(logging.ERROR)
