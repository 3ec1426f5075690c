"""The autopilot that flies the controls the agent does not hold is the baseline's own,
with its gains scheduled on the aircraft (flightsim.envs.baseline)."""

from __future__ import annotations

import numpy as np

from flightsim.envs import BaselinePolicy, FlightEnv


def test_unheld_controls_are_flown_with_the_baselines_scheduled_gains() -> None:
    # the f16 rolls twice as fast as the c172p: the baseline slews its bank command at
    # ~21 deg/s and softens its bank loop; the env's own autopilot had the c172p's
    env = FlightEnv("AttitudeTracking", aircraft="f16", controls="throttle")
    baseline = BaselinePolicy(env).autopilot
    assert env._autopilot.gains == baseline.gains
    assert env._autopilot.max_roll_rate_deg_s == baseline.max_roll_rate_deg_s > 20.0
    env.close()


def test_an_agent_holding_the_throttle_flies_the_md11_as_the_baseline_does() -> None:
    # MD-11, HeadingAltitude, the baseline's throttle: all four surfaces held by the
    # baseline succeed in these 2 seeds; with only the throttle held, the env's autopilot
    # flew the surfaces with the c172p's gains and failed all 4 seeds 0-3 (pitch swings)
    env = FlightEnv("HeadingAltitude", aircraft="MD11", controls="throttle")
    policy = BaselinePolicy(env)
    successes = []
    for seed in (0, 2):
        obs, _ = env.reset(seed=seed)
        while True:
            obs, _, terminated, truncated, info = env.step(policy(obs))
            assert np.all(np.isfinite(obs))
            if terminated or truncated:
                break
        successes.append(info["is_success"])
    assert successes == [True, True]
    env.close()
