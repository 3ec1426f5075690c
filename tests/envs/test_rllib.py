"""RLlib trains on a flightsim environment registered by name (extra 'rllib')."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_rllib_ppo_runs_one_training_iteration() -> None:
    ray = pytest.importorskip("ray", reason="extra 'distributed' not installed")
    ppo = pytest.importorskip("ray.rllib.algorithms.ppo", reason="ray[rllib] not installed")
    from flightsim.envs.rllib import register_rllib_envs

    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        assert "flightsim/HeadingAltitude-v0" in register_rllib_envs()
        config = (
            ppo.PPOConfig()
            .environment("flightsim/HeadingAltitude-v0", env_config={"duration_s": 5.0})
            .env_runners(num_env_runners=0)
            .training(train_batch_size_per_learner=256, minibatch_size=128, num_epochs=1)
            .debugging(seed=0)
        )
        algo = config.build_algo()
        result = algo.train()
        algo.stop()
    finally:
        ray.shutdown()
    assert result["training_iteration"] == 1
    assert result["env_runners"]["num_env_steps_sampled_lifetime"] >= 256
    assert result["env_runners"]["episode_return_mean"] > 0.0  # rewards in [0, 1] per step
