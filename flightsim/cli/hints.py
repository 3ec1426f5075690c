"""Advice in error messages, rewritten from Python-API terms into command-line terms.

Library errors tell API users what to pass (``stop_on_crash=False``,
``mode='glide'``); on the command line the same advice is an option, and only
an option the command at hand has: ``run`` has ``--dt``, a script sets its time
step in its own ``<run dt=...>``. The dispatcher passes every error message
through :func:`cli_message`.
"""

from __future__ import annotations

ALL_COMMANDS = None
"""A rewrite that applies whatever the command."""

_TRIM_OPTION = frozenset({"run", "analyze", "envelope"})
"""The commands with a ``--trim`` option."""
_SWEEP_TRIM = 'trim = "{}" in the batch file\'s [case]'

API_TO_CLI: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    (" (exc.recording / sim.recording)", "", ALL_COMMANDS),
    ("aircraft_dirs: ", "--aircraft-dir ", ALL_COMMANDS),
    ("Pass stop_on_crash=False to fly on.", "Add --no-crash-stop to fly on.", frozenset({"run"})),
    (" Pass stop_on_crash=False to fly on.", "", ALL_COMMANDS),
    ("try a smaller dt_s", "try a smaller --dt", frozenset({"run"})),
    ("try a smaller dt_s", "try a smaller dt in the script's <run> element", frozenset({"script"})),
    (", or try a smaller dt_s", "", ALL_COMMANDS),
    ("dt_s ", "--dt ", frozenset({"run"})),
    # trim modes: an option of run, analyze and envelope, a key of a sweep's case, the
    # <trim> element of a script's initialization file (which has no glide)
    (" For a power-off descent, trim with mode='glide'.", "", frozenset({"script"})),
    (
        "trims with mode='glide'",
        "trims in a glide, which <trim> in an initialization file cannot ask for",
        frozenset({"script"}),
    ),
    ("mode='glide'", "--trim glide", _TRIM_OPTION),
    ("mode='glide'", _SWEEP_TRIM.format("glide"), frozenset({"sweep"})),
    ("mode='full'", "--trim full", _TRIM_OPTION),
    ("mode='full'", _SWEEP_TRIM.format("full"), frozenset({"sweep"})),
    ("mode='full'", "<trim>full</trim>", frozenset({"script"})),
    (
        "start on the ground and trim with mode='ground'",
        "start on the ground and trim there: --on-ground --trim ground",
        frozenset({"run"}),
    ),
    (
        "start on the ground and trim with mode='ground'",
        'start on the ground and trim there: ic = { on_ground = true } and trim = "ground" '
        "in the batch file's [case]",
        frozenset({"sweep"}),
    ),
    (" To stand on the gear instead, start on the ground and trim with mode='ground'.", "", None),
    ("envelope setting", "--setting", frozenset({"envelope"})),
    (
        "or pass guard=False to hand it to JSBSim unchecked.",
        "or add --no-guard to hand it to JSBSim unchecked.",
        frozenset({"run", "script"}),
    ),
    (
        "or pass guard=False to load it anyway.",
        "or add --no-guard to load it anyway.",
        frozenset({"run", "script", "props", "evaluate"}),
    ),
    (
        "give the environment profile=",
        "from Python, give the environment profile=",
        frozenset({"evaluate", "sweep"}),
    ),
    (
        "List them with sim.properties(prefix) or 'flightsim props AIRCRAFT'.",
        "List them with 'flightsim props AIRCRAFT PATTERN'.",
        ALL_COMMANDS,
    ),
)
"""(phrase in a library message, what the command line says instead, for which commands);
the first rewrite of a phrase that applies to the command wins."""


def cli_message(message: str, command: str) -> str:
    """``message`` with API advice replaced by an option that ``command`` has (or dropped)."""
    for api, cli, commands in API_TO_CLI:
        if api in message and (commands is ALL_COMMANDS or command in commands):
            message = message.replace(api, cli)
    return message
