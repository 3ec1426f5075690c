"""Specs of kinds of aircraft the fleet has none of (tests/design/specs: a rear-engined
regional jet, a biplane, a flying boat, a delta fighter, a piston fighter, a 22 kg UAV, a
forward-swept business jet, an eight-engine bomber): they generate, validate and fly the
fly-out; what broke on them stays fixed, and what a spec cannot express is said so."""

from __future__ import annotations

from pathlib import Path

from flightsim.design import estimate, load_spec

SPECS = Path(__file__).parent / "specs"


def test_every_engine_of_a_spec_is_built_whatever_their_count() -> None:
    # eight turbofans had been placed as four (pairs at 34% and 60% of the semi-span
    # only): the B-52 got half its thrust and was refused its cruise
    spec = load_spec(SPECS / "u-stratofortress.toml")
    model = estimate(spec)
    assert model.propulsion is not None
    ys = sorted(y for _, y, _ in model.propulsion.positions)
    assert len(ys) == 8
    semi = spec.wing.span / 2.0
    assert [round(y / semi, 3) for y in ys[4:]] == [0.34, 0.427, 0.513, 0.6]
    assert ys[:4] == [-y for y in reversed(ys[4:])]
