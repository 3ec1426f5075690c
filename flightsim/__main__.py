"""``python -m flightsim`` runs the ``flightsim`` command."""

import sys

from flightsim.cli import main

sys.exit(main())
