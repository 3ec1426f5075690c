"""An editable model of JSBSim files: parse, edit with checks and units, build, write.

>>> from flightsim.config.docmodel import AircraftDocument
>>> doc = AircraftDocument.open("c172p")
>>> doc.metrics.wingarea
Quantity(value=174.0, unit='FT2')

Unedited parts are written back byte for byte; every edit is checked against
the validator's vocabulary (:mod:`flightsim.config.vocabulary`) and refused
with a :class:`~flightsim.errors.ConfigError` naming the element, file and
line, the document unchanged. See ``docs/editing.md``.
"""

from flightsim.config.docmodel.aircraft import AircraftDocument
from flightsim.config.docmodel.element import Element
from flightsim.config.docmodel.values import Quantity, Vector
from flightsim.config.docmodel.xmlfile import XmlFile

__all__ = ["AircraftDocument", "Element", "Quantity", "Vector", "XmlFile"]
