"""Running JSBSim: the fixed-rate runner and what it is made of.

- :mod:`flightsim.sim.simulation`: :class:`~flightsim.sim.simulation.Simulation`
  (load, initial conditions, trim, step, run, record, reset, scripts).
- :mod:`flightsim.sim.initial_conditions`: typed initial conditions.
- :mod:`flightsim.sim.trim`: trim modes and :class:`~flightsim.sim.trim.TrimResult`.
- :mod:`flightsim.sim.controls`: :class:`~flightsim.sim.controls.ControlTable`.
- :mod:`flightsim.sim.properties`: cached property nodes and the catalog.
- :mod:`flightsim.sim.recorder` / :mod:`flightsim.sim.recording`: recording and
  its result; :mod:`flightsim.sim.pacing`: wall-clock pacing;
  :mod:`flightsim.sim.divergence`: the errors of a diverged or crashed run;
  :mod:`flightsim.sim.script_files`: what is read from a JSBSim script.
- :mod:`flightsim.sim.guard`: the crash-safe load check in a child process;
  :mod:`flightsim.sim.logbridge`: JSBSim's console output into ``logging``.
"""
