"""Advice in error messages, rewritten from Python-API terms into command-line terms.

Library errors tell API users what to pass (``stop_on_crash=False``,
``mode='glide'``); on the command line the same advice is an option. The
dispatcher passes every error message through :func:`cli_message`.
"""

from __future__ import annotations

API_TO_CLI: tuple[tuple[str, str], ...] = (
    (" (exc.recording / sim.recording)", ""),
    ("Pass stop_on_crash=False to fly on.", "Add --no-crash-stop to fly on."),
    ("try a smaller dt_s", "try a smaller --dt"),
    ("dt_s ", "--dt "),
    ("mode='glide'", "--trim glide"),
    ("mode='full'", "--trim full"),
    ("or pass guard=False to load it anyway.", "or add --no-guard to load it anyway."),
    (
        "List them with sim.properties(prefix) or 'flightsim props AIRCRAFT'.",
        "List them with 'flightsim props AIRCRAFT PATTERN'.",
    ),
)
"""(phrase in a library message, what the command line says instead)."""


def cli_message(message: str) -> str:
    """``message`` with API advice replaced by the matching command-line option."""
    for api, cli in API_TO_CLI:
        message = message.replace(api, cli)
    return message
