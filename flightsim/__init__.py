"""flightsim: a flight-dynamics toolkit on JSBSim."""

import logging

logging.getLogger("flightsim").addHandler(logging.NullHandler())

__version__ = "0.1.0"
