"""Running JSBSim: the fixed-rate runner and what it is made of.

- :mod:`flightsim.sim.simulation`: :class:`~flightsim.sim.simulation.Simulation`,
  a façade over the parts below (load, initial conditions, trim, step, run,
  record, reset, scripts).
- :mod:`flightsim.sim.options`: the settings shared by both constructors.
- :mod:`flightsim.sim.model`: building the FDM (load, initial conditions, wind,
  engines) and the preflight check's use.
- :mod:`flightsim.sim.stepping`: the stepper, every stepping path, with the
  crash check after every step; compiled (``_steploop.c``) or pure Python
  (``_steploop_pure.py``), chosen by :mod:`flightsim.sim.steploop`.
- :mod:`flightsim.sim.recorder`: the rows recorded and their CSV stream (the
  result is a :class:`flightsim.recording.Recording`).
- :mod:`flightsim.sim.controls`: :class:`~flightsim.sim.controls.ControlTable`
  and the controls adapter.
- :mod:`flightsim.sim.initial_conditions`, :mod:`flightsim.sim.trim`,
  :mod:`flightsim.sim.pacing` (wall-clock pacing), :mod:`flightsim.sim.divergence`
  (the errors of a diverged or crashed run), :mod:`flightsim.sim.property_nodes`
  (cached property nodes and the catalog), :mod:`flightsim.sim.script_files`.
- :mod:`flightsim.sim.craft`: whether a loaded model is a fixed-wing aeroplane (the
  analysis and the environments refuse a rotorcraft, a multirotor or an airship).
- :mod:`flightsim.sim.preflight`: the crash-safe load check in a child process;
  :mod:`flightsim.sim.logbridge`: JSBSim's console output into ``logging``.
"""
