# Quick start: `make demo` then `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The RL extras in a venv of their own: ray[rllib] pins its own Gymnasium release.
RL_VENV := .venv-rl
RL_STAMP := $(RL_VENV)/.installed

.PHONY: demo test lint typecheck pytest pytest-pure pytest-rl bench clean

# Reinstall only when the build inputs change (a removed C file is not an error).
$(STAMP): pyproject.toml setup.py $(wildcard flightsim/*/*.c flightsim/*/*.h)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	MPLBACKEND=Agg $(BIN)/flightsim demo

lint: $(STAMP)
	$(BIN)/ruff check flightsim scripts tests setup.py
	$(BIN)/ruff format --check flightsim scripts tests setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

# the runner's and the environments' tests again on the pure-Python step loop and step
# kernel (flightsim/sim/_steploop_pure.py, flightsim/envs/_stepkernel_pure.py); not the
# scripts' end-to-end runs nor the sweep of generated aircraft, which run once above
# (tests/envs/test_step_kernel.py compares the two kernels bit for bit)
PURE_SKIPS = --ignore=tests/envs/test_unseen_specs.py --ignore=tests/envs/test_bench_env.py \
	--ignore=tests/envs/test_sweep_script.py
pytest-pure: $(STAMP)
	FLIGHTSIM_PURE_PYTHON=1 MPLBACKEND=Agg $(BIN)/python -m pytest -q $(PURE_SKIPS) \
		tests/sim tests/test_recording.py tests/envs

$(RL_STAMP): pyproject.toml setup.py
	test -x $(RL_VENV)/bin/python || $(PYTHON) -m venv $(RL_VENV)
	$(RL_VENV)/bin/python -m pip install --quiet --upgrade pip
	# torch's CPU build first (a wider range would fetch a multi-GB CUDA build)
	$(RL_VENV)/bin/python -m pip install --quiet "torch==2.13.0"
	$(RL_VENV)/bin/python -m pip install --quiet -e ".[rl,rllib]" "pytest>=8" "pytest-timeout>=2.3"
	touch $(RL_STAMP)

# PPO with stable-baselines3 and one RLlib PPO iteration on flightsim's environments
pytest-rl: $(RL_STAMP)
	MPLBACKEND=Agg $(RL_VENV)/bin/python -m pytest -q tests/envs/test_training.py tests/envs/test_rllib.py

test: lint typecheck pytest pytest-pure pytest-rl

bench: $(STAMP)
	$(BIN)/python scripts/bench_runner.py
	$(BIN)/python scripts/bench_validate.py
	$(BIN)/python scripts/bench_report.py

clean:
	rm -rf $(VENV) $(RL_VENV) out .pytest_cache .mypy_cache .ruff_cache build flightsim/sim/*.so flightsim/config/*.so
