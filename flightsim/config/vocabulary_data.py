"""The XML vocabulary JSBSim 1.3 reads, as data (parsed by :mod:`flightsim.config.vocabulary`).

Written for this project from JSBSim's loaders (``FGFDMExec``, ``FGAircraft``,
``FGMassBalance``, ``FGLGear``, ``FGPropulsion``, ``FGEngine`` and its
subclasses, ``FGTank``, ``FGFCS`` and every ``FGFCSComponent``, ``FGFunction``,
``FGTable``, ``FGCondition``, ``FGScript``, ``FGInitialCondition``,
``FGOutputType`` ...): an element is listed when some loader looks it up by
name. JSBSim's XSD schemas were not used (they disagree with the loader).

Each key is an element name, or ``parent/name`` when the element means
something else under that parent (``form/length`` is in feet, ``tank/length``
in inches). Each value is a dict of strings:

``attrs``
    allowed attributes (``unit`` is added when ``unit`` is given); a trailing
    ``!`` marks a required one.
``children``
    allowed child elements; ``*`` marks one that may repeat (the others are read
    once by JSBSim, which ignores a second copy: silently, except a second ``<input>`` of a
    one-input FCS component, which it logs); ``!`` marks a required
    one. ``ANY`` means free-form content (documentation).
``text``
    what the text holds: ``number``, ``value`` (a number or a property),
    ``property``, ``table``, ``text``, ``condition`` or ``enum:A|B``.
``unit``
    the unit JSBSim converts to, which is also the unit assumed when the
    ``unit`` attribute is missing; ``LBS:mass``/``LBS:force`` pick a dimension;
    ``A|B`` accepts the dimensions of both (the first is the default).
``surprising``
    ``yes`` when that default is one a modeller does not expect (a location in
    inches, an angle in radians): a value given without a unit gets a warning.
``enums``
    ``attr=A|B|C`` allowed values of an attribute (several separated by ``;``).
    An enumerated ``unit`` (``unit=DEG|RAD``) is a unit JSBSim compares by name
    instead of converting.
``numbers``
    attributes whose value JSBSim reads as a number (``GetAttributeValueAsNumber``).
``ignored``
    why JSBSim reads past this element without using it (a warning is given).
``range``
    the values that make physical sense: ``>0`` (positive) or ``>=0`` (not negative);
    the document model refuses an edit outside it (:mod:`flightsim.config.docmodel`).
"""

from __future__ import annotations

# Pieces shared by many elements -------------------------------------------------

_DOC = "documentation* description* limitation* note* reference*"
_XYZ = "x y z"
_RPY = "roll pitch yaw"

FUNCTION_OPERATORS = (
    "property p value v pi table t product sum avg difference min max and or quotient pow "
    "toradians todegrees sqrt log2 ln log10 sign exp abs sin cos tan asin acos atan floor ceil "
    "fmod roundmultiple atan2 mod fraction integer lt le gt ge eq nq not ifthen random urandom "
    "switch interpolate1d rotation_alpha_local rotation_beta_local rotation_gamma_local "
    "rotation_bf_to_wf rotation_wf_to_bf"
)
"""Every operation an FGFunction understands (``FGFunction::Load``)."""

_OPERANDS = " ".join(f"{op}*" for op in FUNCTION_OPERATORS.split())

_UNARY = (
    "toradians todegrees sqrt log2 ln log10 sign exp abs sin cos tan asin acos atan floor ceil "
    "fraction integer not"
)
_BINARY = "quotient pow atan2 fmod mod lt le gt ge eq nq"
_VARIADIC = "product sum avg difference min max and or switch"

OPERAND_COUNTS: dict[str, tuple[int, int | None]] = {
    **dict.fromkeys(_UNARY.split(), (1, 1)),
    **dict.fromkeys(_BINARY.split(), (2, 2)),
    **dict.fromkeys(_VARIADIC.split(), (2, None)),
    "roundmultiple": (1, 2),
    "ifthen": (3, 3),
    "interpolate1d": (5, None),
    "rotation_alpha_local": (6, 6),
    "rotation_beta_local": (6, 6),
    "rotation_gamma_local": (6, 6),
    "rotation_bf_to_wf": (7, 7),
    "rotation_wf_to_bf": (7, 7),
    "function": (1, 1),
}
"""(minimum, maximum) operands of each operation, None for no maximum (``FGFunction::Load``:
unary operations take one, comparisons, quotient, pow, atan2 two, ifthen three, the
variadic ones at least two; a ``<function>`` holds exactly one operation)."""

FCS_COMPONENTS = (
    "pure_gain scheduled_gain aerosurface_scale summer deadband switch kinematic fcs_function "
    "lag_filter lead_lag_filter washout_filter second_order_filter integrator pid actuator "
    "sensor accelerometer magnetometer gyro distributor waypoint_heading waypoint_distance "
    "angle linear_actuator"
)
"""The component types an FCS channel accepts (``FGFCS::Load``)."""

ENGINE_TYPES = (
    "piston_engine turbine_engine turboprop_engine rocket_engine electric_engine brushless_dc_motor"
)
"""Root elements of engine files (``FGPropulsion::Load``)."""

THRUSTER_TYPES = "propeller nozzle rotor direct"
"""Root elements of thruster files (``FGEngine::LoadThruster``)."""

TRIM_REQUESTS = ("0", "1", "longitudinal", "full", "ground", "pullup", "custom", "turn")
"""The ``<trim>`` requests of an initial-conditions file (``FGInitialCondition::SetTrimRequest``,
compared in lower case; "1" is a ground trim, any other value none: "0" is the usual one)."""

_COMPONENT_COMMON = "input* output* clipto delay init* " + _DOC
_ONE_INPUT = _COMPONENT_COMMON.replace("input*", "input!", 1)
"""Components whose constructor calls ``CheckInputNodes(1, 1)``: without an ``<input>``
JSBSim refuses the aircraft, a second one it logs as an error and ignores."""
_COMPONENT_ATTRS = "name type"
_SENSOR_PARTS = "lag noise drift_rate bias gain delay quantization max min "
_SENSOR = _SENSOR_PARTS + _ONE_INPUT  # FGSensor reads its first input: none segfaults
_ORIENTED_SENSOR = "location orientation axis " + _SENSOR_PARTS + _COMPONENT_COMMON
_SENSORS = ("sensor", "accelerometer", "magnetometer", "gyro")
_TABLE_HOLDER = "independentVar* tableData* " + _DOC

# FGFilter computes its coefficients from every c<n> of its type (a lead-lag filter c1-c4, a
# second-order one c1-c6) and segfaults on a missing one; an integrator without c1 is refused.
_FCS_FIELDS: dict[str, dict[str, str]] = {
    "pure_gain": {"children": "gain! " + _ONE_INPUT},
    "scheduled_gain": {"children": "gain table! " + _ONE_INPUT},
    "aerosurface_scale": {"children": "gain domain range! zero_centered table " + _ONE_INPUT},
    "summer": {"children": "bias " + _COMPONENT_COMMON},
    "deadband": {"children": "width gain " + _ONE_INPUT},
    "switch": {"children": "default test* " + _COMPONENT_COMMON},
    "kinematic": {"children": "traverse! noscale " + _ONE_INPUT},
    "fcs_function": {"children": "function! " + _COMPONENT_COMMON},
    "lag_filter": {"children": "c1! trigger " + _ONE_INPUT},
    "lead_lag_filter": {"children": "c1! c2! c3! c4! trigger " + _ONE_INPUT},
    "washout_filter": {"children": "c1! trigger " + _ONE_INPUT},
    "second_order_filter": {"children": "c1! c2! c3! c4! c5! c6! trigger " + _ONE_INPUT},
    "integrator": {"children": "c1! trigger " + _ONE_INPUT},
    "pid": {"children": "kp ki kd trigger pvdot " + _ONE_INPUT},
    "actuator": {"children": "lag rate_limit* bias deadband_width hysteresis_width " + _ONE_INPUT},
    "sensor": {"children": _SENSOR},
    "accelerometer": {"children": _ORIENTED_SENSOR},
    "magnetometer": {"children": _ORIENTED_SENSOR},
    "gyro": {"children": _ORIENTED_SENSOR},
    "distributor": {
        "attrs": "type!",
        "children": "case* " + _COMPONENT_COMMON,
        "enums": "type=inclusive|exclusive",
    },
    "waypoint_heading": {
        "attrs": "unit",
        "children": "source_latitude! source_longitude! target_latitude! target_longitude! "
        + _COMPONENT_COMMON,
        "enums": "unit=DEG|RAD",
    },
    "waypoint_distance": {
        "attrs": "unit",
        "children": "source_latitude! source_longitude! target_latitude! target_longitude! "
        "radius " + _COMPONENT_COMMON,
        "enums": "unit=FT|M",
    },
    "angle": {
        "attrs": "unit",
        "children": "source_angle! target_angle! " + _COMPONENT_COMMON,
        "enums": "unit=DEG|RAD",
    },
    "linear_actuator": {
        "children": "versus bias module hysteresis rate lag reset set gain " + _ONE_INPUT
    },
}

_ENGINE_FIELDS: dict[str, dict[str, str]] = {
    "piston_engine": {
        "children": "minmp maxmp displacement bore stroke cylinders cylinder-head-mass "
        "compression-ratio sparkfaildrop maxhp cycles idlerpm maxrpm maxthrottle minthrottle "
        "bsfc volumetric-efficiency numboostspeeds boostoverride boostmanual takeoffboost "
        "ratedboost1 ratedboost2 ratedboost3 ratedpower1 ratedpower2 ratedpower3 ratedrpm1 "
        "ratedrpm2 ratedrpm3 ratedaltitude1 ratedaltitude2 ratedaltitude3 boost-loss-factor "
        "air-intake-impedance-factor ram-air-factor cooling-factor man-press-lag starter-rpm "
        "starter-torque static-friction injected peak-piston-speed static-fmep dynamic-fmep "
        "oil-pressure-relief-valve-psi design-oil-temp-degK oil-pressure-rpm-max "
        "oil-viscosity-index table* function* property* " + _DOC
    },
    "turbine_engine": {
        "children": "milthrust! maxthrust bypassratio bleed tsfc atsfc idlen1 idlen2 ignitionn1 "
        "ignitionn2 maxn1 maxn2 augmented augmethod injected injection-time injection-N1-inc "
        "injection-N2-inc disable-windmill n1spinup n2spinup n1spindown n2spindown n1startrate "
        "n2startrate function* property* " + _DOC
    },
    "turboprop_engine": {
        "children": "milthrust idlen1 idlen2 maxn1 maxn2 maxpower psfc n1idle_max_delay "
        "maxstartingtime startern1 ielumaxtorque itt_delay betarangeend reversemaxpower "
        "idlefuelflow function* table* property* " + _DOC
    },
    "rocket_engine": {
        "children": "isp! builduptime maxthrottle minthrottle slfuelflowmax sloxiflowmax "
        "propflowmax mixtureratio thrust_table variation total_isp function* property* " + _DOC
    },
    "electric_engine": {"children": "power function* property* " + _DOC},
    "brushless_dc_motor": {
        "children": "maxvolts velocityconstant coilresistance noloadcurrent function* property* "
        + _DOC
    },
}

_ROTOR_PARTS = (
    "diameter numblades gearratio nominalrpm minrpm maxrpm chord liftcurveslope twist "
    "hingeoffset flappingmoment massmoment polarmoment inflowlag tiplossfactor "
    "maxbrakepower gearloss gearmoment controlmap ExternalRPM groundeffectexp "
    "groundeffectshift freewheelthresh cgroundeffect shafttilt cantangle xhub yhub zhub "
    "tailrotor location orient sense " + _DOC
)

_THRUSTER_FIELDS: dict[str, dict[str, str]] = {
    "propeller": {
        "attrs": "version",
        "children": "ixx! diameter! numblades! gearratio minpitch maxpitch minrpm maxrpm "
        "reversepitch constspeed p_factor ct_factor cp_factor sense table* "
        "location orient " + _DOC,
    },
    "nozzle": {"children": "area pe expr nzl_eff diam location orient " + _DOC},
    "rotor": {"children": _ROTOR_PARTS},
    "direct": {"children": "location orient " + _DOC},
}

VOCABULARY: dict[str, dict[str, str]] = {
    # --- aircraft -----------------------------------------------------------------
    "fdm_config": {
        "attrs": "name! version release",
        "children": "fileheader planet metrics mass_balance ground_reactions "
        "external_reactions buoyant_forces propulsion system* autopilot flight_control "
        "aerodynamics input* output* child " + _DOC,
    },
    "fileheader": {"children": "ANY"},
    "documentation": {"attrs": "ANY", "children": "ANY", "text": "text"},
    "description": {"attrs": "ANY", "children": "ANY", "text": "text"},
    "limitation": {"attrs": "ANY", "children": "ANY", "text": "text"},
    "note": {"attrs": "ANY", "children": "ANY", "text": "text"},
    "reference": {"attrs": "ANY", "children": "ANY", "text": "text"},
    "planet": {
        "attrs": "name file",
        "children": "GM J2 equatorial_radius polar_radius semimajor_axis semiminor_axis "
        "rotation_rate atmosphere " + _DOC,
    },
    "planet/GM": {"text": "number", "unit": "FT3/SEC2"},
    "planet/J2": {"text": "number"},
    "planet/equatorial_radius": {"text": "number", "unit": "FT"},
    "planet/polar_radius": {"text": "number", "unit": "FT"},
    "planet/semimajor_axis": {"text": "number", "unit": "FT"},
    "planet/semiminor_axis": {"text": "number", "unit": "FT"},
    "planet/rotation_rate": {"text": "number", "unit": "RAD/SEC"},
    "atmosphere": {"attrs": "model", "children": "day utc " + _DOC},
    "atmosphere/day": {"text": "number"},
    "atmosphere/utc": {"text": "number"},
    "metrics": {
        "attrs": "file",
        "children": "wingarea! wingspan! chord! htailarea htailarm vtailarea vtailarm "
        "wing_incidence location* property* function* " + _DOC,
    },
    "wingarea": {"text": "number", "unit": "FT2", "range": ">0"},
    "wingspan": {"text": "number", "unit": "FT", "range": ">0"},
    "metrics/chord": {"text": "number", "unit": "FT", "range": ">0"},
    "htailarea": {"text": "number", "unit": "FT2", "range": ">=0"},
    "htailarm": {"text": "number", "unit": "FT"},
    "vtailarea": {"text": "number", "unit": "FT2", "range": ">=0"},
    "vtailarm": {"text": "number", "unit": "FT"},
    "wing_incidence": {"text": "number", "unit": "RAD", "surprising": "yes"},
    "location": {
        "attrs": "name",
        "children": "x! y! z!",
        "unit": "IN",
        "surprising": "yes",
    },
    "x": {"text": "number"},
    "y": {"text": "number"},
    "z": {"text": "number"},
    "orient": {"children": "roll pitch yaw", "unit": "RAD", "surprising": "yes"},
    "orientation": {
        "attrs": "frame",
        "children": "roll pitch yaw",
        "unit": "RAD",
        "surprising": "yes",
    },
    "roll": {"text": "number"},
    "pitch": {"text": "number"},
    "yaw": {"text": "number"},
    "mass_balance": {
        "attrs": "file negated_crossproduct_inertia",
        "children": "ixx iyy izz ixy ixz iyz emptywt location* pointmass* property* function* "
        + _DOC,
        "enums": "negated_crossproduct_inertia=true|false",
    },
    "ixx": {"text": "number", "unit": "SLUG*FT2", "range": ">=0"},
    "iyy": {"text": "number", "unit": "SLUG*FT2", "range": ">=0"},
    "izz": {"text": "number", "unit": "SLUG*FT2", "range": ">=0"},
    "ixy": {"text": "number", "unit": "SLUG*FT2"},
    "ixz": {"text": "number", "unit": "SLUG*FT2"},
    "iyz": {"text": "number", "unit": "SLUG*FT2"},
    "emptywt": {"text": "number", "unit": "LBS:mass", "range": ">=0"},
    "pointmass": {"attrs": "name", "children": "weight! location! form " + _DOC},
    # JSBSim reads a missing coordinate as 0; a point mass's location is often left
    # empty and moved at run time (inertia/pointmass-location-X-inches...).
    "pointmass/location": {"attrs": "name", "children": "x y z", "unit": "IN", "surprising": "yes"},
    "weight": {"text": "number", "unit": "LBS:mass", "range": ">=0"},
    "form": {
        "attrs": "shape!",
        "children": "radius length",
        "enums": "shape=tube|cylinder|sphere|ball",
    },
    "form/radius": {"text": "number", "unit": "FT", "range": ">=0"},
    "form/length": {"text": "number", "unit": "FT", "range": ">=0"},
    "ground_reactions": {"attrs": "file", "children": "contact* property* function* " + _DOC},
    "contact": {
        "attrs": "type! name",
        "children": "location! orientation static_friction dynamic_friction rolling_friction "
        "spring_coeff damping_coeff damping_coeff_rebound max_steer brake_group retractable "
        "castered table strut_force " + _DOC,
        "enums": "type=BOGEY|STRUCTURE",
    },
    "static_friction": {"text": "number", "range": ">=0"},
    "dynamic_friction": {"text": "number", "range": ">=0"},
    "rolling_friction": {"text": "number", "range": ">=0"},
    "spring_coeff": {"text": "number", "unit": "LBS/FT", "range": ">0"},
    "damping_coeff": {
        "attrs": "type",
        "text": "number",
        "unit": "LBS/FT/SEC|LBS/FT2/SEC2",
        "enums": "type=SQUARE",
        "range": ">=0",
    },
    "damping_coeff_rebound": {
        "attrs": "type",
        "text": "number",
        "unit": "LBS/FT/SEC|LBS/FT2/SEC2",
        "enums": "type=SQUARE",
        "range": ">=0",
    },
    "max_steer": {"text": "number", "unit": "DEG"},
    "brake_group": {"text": "enum:NONE|LEFT|RIGHT|CENTER|NOSE|TAIL"},
    "retractable": {"text": "number"},
    "castered": {"text": "number"},
    "strut_force": {"children": "function " + _DOC},
    "external_reactions": {
        "attrs": "file",
        "children": "force* moment* property* function* " + _DOC,
    },
    "force": {
        "attrs": "name! frame",
        "children": "location direction function " + _DOC,
        "enums": "frame=BODY|LOCAL|WIND|INERTIAL",
    },
    "moment": {
        "attrs": "name! frame",
        "children": "direction function " + _DOC,
        "enums": "frame=BODY|LOCAL|WIND|INERTIAL",
    },
    "direction": {"children": "x y z", "unit": "IN"},
    "buoyant_forces": {"attrs": "file", "children": "gas_cell* property* function* " + _DOC},
    "gas_cell": {
        "attrs": "type!",
        "children": "location! x_radius y_radius z_radius x_width y_width z_width "
        "max_overpressure valve_coefficient fullness heat ballonet* " + _DOC,
        "enums": "type=HYDROGEN|HELIUM|AIR",
    },
    "ballonet": {
        "attrs": "type",
        "children": "location! x_radius y_radius z_radius x_width y_width z_width "
        "max_overpressure valve_coefficient fullness heat blower_input " + _DOC,
        "enums": "type=HYDROGEN|HELIUM|AIR",
    },
    "x_radius": {"text": "number", "unit": "FT"},
    "y_radius": {"text": "number", "unit": "FT"},
    "z_radius": {"text": "number", "unit": "FT"},
    "x_width": {"text": "number", "unit": "FT"},
    "y_width": {"text": "number", "unit": "FT"},
    "z_width": {"text": "number", "unit": "FT"},
    "max_overpressure": {"text": "number", "unit": "LBS/FT2"},
    "valve_coefficient": {"text": "number", "unit": "FT4*SEC/SLUG"},
    "fullness": {"text": "number"},
    "heat": {"children": "function* " + _DOC},
    "blower_input": {"children": "function " + _DOC},
    # --- propulsion ---------------------------------------------------------------
    "propulsion": {
        "attrs": "file",
        "children": "engine* tank* property* function* dump-rate refuel-rate " + _DOC,
    },
    "dump-rate": {"text": "number", "unit": "LBS/MIN", "range": ">=0"},
    "refuel-rate": {"text": "number", "unit": "LBS/MIN", "range": ">=0"},
    "engine": {
        "attrs": "file name",
        "children": "feed* thruster location orient " + " ".join(ENGINE_TYPES.split()) + " " + _DOC,
    },
    "feed": {"text": "number"},
    "thruster": {
        "attrs": "file name",
        "children": "location orient pointing sense p_factor "
        + " ".join(THRUSTER_TYPES.split())
        + " "
        + _DOC,
    },
    "sense": {"text": "number"},
    "p_factor": {"text": "number"},
    "pointing": {"children": "x y z"},
    "tank": {
        "attrs": "type! number name",
        "children": "location! drain_location radius capacity! contents unusable-volume "
        "temperature standpipe priority density type grain_config inertia_factor ixx iyy izz "
        + _DOC,
        "enums": "type=FUEL|OXIDIZER",
    },
    "drain_location": {"children": "x y z", "unit": "IN", "surprising": "yes"},
    "tank/radius": {"text": "number", "unit": "IN", "range": ">=0"},
    "capacity": {"text": "number", "unit": "LBS:mass", "range": ">=0"},
    "contents": {"text": "number", "unit": "LBS:mass", "range": ">=0"},
    "unusable-volume": {"text": "number", "unit": "GAL", "range": ">=0"},
    "temperature": {"text": "number"},
    "standpipe": {"text": "number", "unit": "LBS:mass", "range": ">=0"},
    "priority": {"text": "number"},
    "density": {"text": "number", "unit": "LBS/GAL", "range": ">0"},
    "tank/type": {
        "text": "enum:AVGAS|JET-A|JET-A1|JET-B|JP-1|JP-2|JP-3|JP-4|JP-5|JP-6|JP-7|JP-8|"
        "JP-8+100|JPTS|AVTAG|AVCAT|RP-1|T-1|ETHANOL|HYDRAZINE|F-34|F-35|F-40|F-44|JP-10|"
        "UNKNOWN"
    },
    "grain_config": {
        "attrs": "type!",
        "children": "length bore_diameter " + _DOC,
        "enums": "type=CYLINDRICAL|ENDBURNING|FUNCTION",
    },
    "grain_config/length": {"text": "number", "unit": "IN"},
    "bore_diameter": {"text": "number", "unit": "IN"},
    "inertia_factor": {"text": "number"},
    # engines (file roots and inline under <engine>)
    "minmp": {"text": "number", "unit": "INHG"},
    "maxmp": {"text": "number", "unit": "INHG"},
    "displacement": {"text": "number", "unit": "IN3", "range": ">0"},
    "bore": {"text": "number", "unit": "IN", "range": ">=0"},
    "stroke": {"text": "number", "unit": "IN", "range": ">=0"},
    "cylinders": {"text": "number", "range": ">0"},
    "cylinder-head-mass": {"text": "number", "unit": "KG"},
    "compression-ratio": {"text": "number"},
    "sparkfaildrop": {"text": "number"},
    "maxhp": {"text": "number", "unit": "HP", "range": ">=0"},
    "cycles": {"text": "number"},
    "idlerpm": {"text": "number"},
    "maxrpm": {"text": "number", "range": ">0"},
    "minrpm": {"text": "number"},
    "maxthrottle": {"text": "number"},
    "minthrottle": {"text": "number"},
    "bsfc": {"text": "number", "unit": "LBS/HP*HR"},
    "volumetric-efficiency": {"text": "number"},
    "numboostspeeds": {"text": "number"},
    "boostoverride": {"text": "number"},
    "boostmanual": {"text": "number"},
    "takeoffboost": {"text": "number", "unit": "PSI"},
    "ratedboost1": {"text": "number", "unit": "PSI"},
    "ratedboost2": {"text": "number", "unit": "PSI"},
    "ratedboost3": {"text": "number", "unit": "PSI"},
    "ratedpower1": {"text": "number", "unit": "HP"},
    "ratedpower2": {"text": "number", "unit": "HP"},
    "ratedpower3": {"text": "number", "unit": "HP"},
    "ratedrpm1": {"text": "number"},
    "ratedrpm2": {"text": "number"},
    "ratedrpm3": {"text": "number"},
    "ratedaltitude1": {"text": "number", "unit": "FT"},
    "ratedaltitude2": {"text": "number", "unit": "FT"},
    "ratedaltitude3": {"text": "number", "unit": "FT"},
    "boost-loss-factor": {"text": "number"},
    "air-intake-impedance-factor": {"text": "number"},
    "ram-air-factor": {"text": "number"},
    "cooling-factor": {"text": "number"},
    "man-press-lag": {"text": "number"},
    "starter-rpm": {"text": "number"},
    "starter-torque": {"text": "number"},
    "static-friction": {"text": "number", "unit": "HP"},
    "injected": {"text": "number"},
    "peak-piston-speed": {"text": "number"},
    "static-fmep": {"text": "number", "unit": "PA"},
    "dynamic-fmep": {"text": "number", "unit": "PA"},
    "oil-pressure-relief-valve-psi": {"text": "number", "unit": "PSI"},
    "design-oil-temp-degK": {"text": "number"},
    "oil-pressure-rpm-max": {"text": "number"},
    "oil-viscosity-index": {"text": "number"},
    "milthrust": {"text": "number", "unit": "LBS:force", "range": ">=0"},
    "maxthrust": {"text": "number", "unit": "LBS:force", "range": ">=0"},
    "bypassratio": {"text": "number"},  # FGTurbine computes nothing from it (JSBSim 1.3.3)
    "bleed": {"text": "number", "range": ">=0"},
    "tsfc": {"text": "number"},
    "atsfc": {"text": "number"},
    "idlen1": {"text": "number"},
    "idlen2": {"text": "number"},
    "ignitionn1": {"text": "number"},
    "ignitionn2": {"text": "number"},
    "maxn1": {"text": "number"},
    "maxn2": {"text": "number"},
    "augmented": {"text": "number"},
    "augmethod": {"text": "number"},
    "injection-time": {"text": "number"},
    "injection-N1-inc": {"text": "number"},
    "injection-N2-inc": {"text": "number"},
    "disable-windmill": {"text": "number"},
    "n1spinup": {"text": "number"},
    "n2spinup": {"text": "number"},
    "n1spindown": {"text": "number"},
    "n2spindown": {"text": "number"},
    "n1startrate": {"text": "number"},
    "n2startrate": {"text": "number"},
    "maxpower": {"text": "number"},
    "psfc": {"text": "number"},
    "n1idle_max_delay": {"text": "number"},
    "maxstartingtime": {"text": "number"},
    "startern1": {"text": "number"},
    "ielumaxtorque": {"text": "number"},
    "itt_delay": {"text": "number"},
    "betarangeend": {"text": "number"},
    "reversemaxpower": {"text": "number"},
    "idlefuelflow": {"text": "number"},
    "isp": {"text": "number"},
    "builduptime": {"text": "number"},
    "slfuelflowmax": {"text": "number", "unit": "LBS/SEC:mass_flow"},
    "sloxiflowmax": {"text": "number", "unit": "LBS/SEC:mass_flow"},
    "propflowmax": {"text": "number", "unit": "LBS/SEC:mass_flow"},
    "mixtureratio": {"text": "number"},
    "thrust_table": {"attrs": "name type", "children": _TABLE_HOLDER},
    "variation": {"children": "thrust total_isp " + _DOC},
    "thrust": {"text": "number"},
    "total_isp": {"text": "number"},
    "power": {"text": "number", "unit": "WATTS", "range": ">=0"},
    "maxvolts": {"text": "number", "unit": "VOLTS"},
    "velocityconstant": {"text": "number"},
    "coilresistance": {"text": "number", "unit": "OHMS"},
    "noloadcurrent": {"text": "number", "unit": "AMPERES"},
    # thrusters
    "propeller/ixx": {"text": "number", "unit": "SLUG*FT2", "range": ">=0"},
    "diameter": {"text": "number", "unit": "FT", "range": ">0"},
    "numblades": {"text": "number", "range": ">0"},
    "gearratio": {"text": "number", "range": ">0"},
    "minpitch": {"text": "number"},
    "maxpitch": {"text": "number"},
    "reversepitch": {"text": "number"},
    "constspeed": {"text": "number"},
    "ct_factor": {"text": "number"},
    "cp_factor": {"text": "number"},
    "area": {"text": "number", "unit": "FT2", "range": ">=0"},
    "pe": {"text": "number", "unit": "PSF"},
    "expr": {"text": "number"},
    "nzl_eff": {"text": "number"},
    "diam": {"text": "number", "unit": "FT", "range": ">0"},
    "tailrotor": {"children": _ROTOR_PARTS},
    "nominalrpm": {"text": "number"},
    "rotor/chord": {"text": "number", "unit": "FT"},
    "tailrotor/chord": {"text": "number", "unit": "FT"},
    "liftcurveslope": {"text": "number"},
    "twist": {"text": "number", "unit": "RAD"},
    "hingeoffset": {"text": "number", "unit": "FT"},
    "flappingmoment": {"text": "number", "unit": "SLUG*FT2"},
    "massmoment": {"text": "number"},
    "polarmoment": {"text": "number", "unit": "SLUG*FT2"},
    "inflowlag": {"text": "number"},
    "tiplossfactor": {"text": "number"},
    "maxbrakepower": {"text": "number", "unit": "HP"},
    "gearloss": {"text": "number", "unit": "HP"},
    "gearmoment": {"text": "number", "unit": "SLUG*FT2"},
    "controlmap": {"text": "enum:MAIN|TAIL|TANDEM"},
    "ExternalRPM": {"text": "number"},
    "groundeffectexp": {"text": "number"},
    "groundeffectshift": {"text": "number", "unit": "FT"},
    "freewheelthresh": {"text": "number"},
    "cgroundeffect": {"text": "number"},
    "shafttilt": {"text": "number", "unit": "RAD"},
    "cantangle": {"text": "number", "unit": "RAD"},
    "xhub": {"text": "number", "unit": "FT"},
    "yhub": {"text": "number", "unit": "FT"},
    "zhub": {"text": "number", "unit": "FT"},
    # --- functions and tables -----------------------------------------------------
    "function": {
        "attrs": "name type",
        "children": _DOC + " " + _OPERANDS,
    },
    "property": {
        "attrs": "value persistent caption apply",
        "text": "property",
        "enums": "persistent=true|false",
        "numbers": "value",
    },
    "fn:property": {"attrs": "apply", "text": "property"},
    "fn:p": {"attrs": "apply", "text": "property"},
    "fn:value": {"text": "number"},
    "fn:v": {"text": "number"},
    "fn:pi": {},
    "table": {"attrs": "name type", "children": _TABLE_HOLDER},
    "fn:table": {"attrs": "name type", "children": _TABLE_HOLDER},
    "fn:t": {"attrs": "name type", "children": _TABLE_HOLDER},
    "independentVar": {"attrs": "lookup", "text": "property"},
    "tableData": {"attrs": "breakPoint", "children": "tableData*", "text": "table"},
    "fn:random": {"attrs": "seed mean stddev"},
    "fn:urandom": {"attrs": "seed lower upper"},
    # --- flight control -----------------------------------------------------------
    "system": {"attrs": "name file", "children": "channel* property* function* " + _DOC},
    "autopilot": {"attrs": "name file", "children": "channel* property* function* " + _DOC},
    "flight_control": {
        "attrs": "name file",
        "children": "channel* property* function* " + _DOC,
    },
    "channel": {
        "attrs": "name execute execrate",
        "children": " ".join(f"{c}*" for c in FCS_COMPONENTS.split()),
    },
    "input": {"text": "property"},
    "output": {"text": "property"},
    "clipto": {"attrs": "type", "children": "min! max!", "enums": "type=cyclic"},
    "clipto/min": {"text": "value"},
    "clipto/max": {"text": "value"},
    "delay": {"attrs": "type", "text": "value", "enums": "type=time|frames"},
    "init": {"text": "value"},
    "gain": {"text": "value"},
    "bias": {"text": "value"},
    "width": {"text": "value"},
    "domain": {"children": "min! max! " + _DOC},
    "range": {"children": "min! max! " + _DOC},
    "domain/min": {"text": "number"},
    "domain/max": {"text": "number"},
    "range/min": {"text": "number"},
    "range/max": {"text": "number"},
    "zero_centered": {"text": "text"},
    "default": {"attrs": "value!"},
    "test": {
        "attrs": "logic value",
        "children": "test* " + _DOC,
        "text": "condition",
        "enums": "logic=AND|OR",
    },
    "traverse": {"children": "setting* " + _DOC},
    "setting": {"children": "position! time! " + _DOC},
    "setting/position": {"text": "number"},
    "time": {"text": "number"},
    "noscale": {},
    "c1": {"text": "value"},
    "lag_filter/c1": {"text": "value", "range": ">0"},
    "c2": {"text": "value"},
    "c3": {"text": "value"},
    "c4": {"text": "value"},
    "c5": {"text": "value"},
    "c6": {"text": "value"},
    "trigger": {"text": "property"},
    "kp": {"attrs": "type", "text": "value"},
    "ki": {"attrs": "type", "text": "value", "enums": "type=standard|rect|trap|ab2|ab3"},
    "kd": {"attrs": "type", "text": "value"},
    "pvdot": {"text": "property"},
    "lag": {"text": "value"},
    "rate_limit": {
        "attrs": "sense",
        "text": "value",
        "range": ">0",
        "enums": "sense=incr|decr|increasing|decreasing",
    },
    "deadband_width": {"text": "number"},
    "hysteresis_width": {"text": "number"},
    "noise": {
        "attrs": "variation! distribution!",  # FGSensor logs an error without either
        "text": "number",
        "enums": "variation=PERCENT|ABSOLUTE;distribution=UNIFORM|GAUSSIAN",
    },
    "drift_rate": {"text": "number"},
    "quantization": {"attrs": "name", "children": "bits min max " + _DOC},
    "bits": {"text": "number"},
    "quantization/min": {"text": "number"},
    "quantization/max": {"text": "number"},
    **{f"{s}/{m}": {"text": "number"} for s in _SENSORS for m in ("min", "max")},
    **{f"{s}/axis": {"text": "enum:X|Y|Z|x|y|z"} for s in _SENSORS},
    "axis": {
        "attrs": "name! frame",
        "children": "function* " + _DOC,
        "enums": "name=DRAG|SIDE|LIFT|ROLL|PITCH|YAW|X|Y|Z|AXIAL|NORMAL",
    },
    "case": {"children": "test property* " + _DOC},
    "case/property": {"attrs": "value!", "text": "property"},
    "source_latitude": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "source_longitude": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "target_latitude": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "target_longitude": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "waypoint_distance/radius": {"text": "value"},
    "source_angle": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "target_angle": {"attrs": "unit", "text": "property", "enums": "unit=DEG|RAD"},
    "versus": {"text": "value"},
    "module": {"text": "number"},
    "hysteresis": {"text": "number"},
    "rate": {"text": "number"},
    "reset": {"text": "property"},
    "set": {
        "attrs": "name! value action tc type",
        "children": "function " + _DOC,
        "numbers": "value tc",
    },
    "linear_actuator/set": {"text": "value"},
    "linear_actuator/lag": {"text": "number"},
    "linear_actuator/gain": {"text": "number"},
    "summer/bias": {"text": "number"},
    "deadband/gain": {"text": "number"},
    "actuator/bias": {"text": "number"},
    **{f"{s}/{m}": {"text": "number"} for s in _SENSORS for m in ("gain", "bias", "lag")},
    # --- aerodynamics -------------------------------------------------------------
    "aerodynamics": {
        "attrs": "file",
        "children": "axis* function* property* alphalimits hysteresis_limits "
        "aero_ref_pt_shift_x " + _DOC,
    },
    "alphalimits": {"children": "min max " + _DOC, "unit": "RAD"},
    "hysteresis_limits": {"children": "min max " + _DOC, "unit": "RAD"},
    "alphalimits/min": {"text": "number"},
    "alphalimits/max": {"text": "number"},
    "hysteresis_limits/min": {"text": "number"},
    "hysteresis_limits/max": {"text": "number"},
    "aero_ref_pt_shift_x": {"children": "function " + _DOC},
    # --- input / output / child ---------------------------------------------------
    "fdm_config/input": {
        "attrs": "port type rate name protocol file",
        "children": "property* " + _DOC,
    },
    "fdm_config/output": {
        "attrs": "name type rate port protocol file precision",
        "children": "simulation aerosurfaces rates velocities forces moments atmosphere "
        "massprops position coefficients ground_reactions fcs propulsion time resolution "
        "property* function* " + _DOC,
    },
    "simulation": {"text": "text"},
    "aerosurfaces": {"text": "text"},
    "rates": {"text": "text"},
    "velocities": {"text": "text"},
    "forces": {"text": "text"},
    "moments": {"text": "text"},
    "massprops": {"text": "text"},
    "output/atmosphere": {"text": "text"},
    "output/position": {"text": "text"},
    "output/ground_reactions": {"text": "text"},
    "coefficients": {"text": "text"},
    "fcs": {"text": "text"},
    "output/propulsion": {"text": "text"},
    "output/time": {"text": "text"},
    "resolution": {"text": "text"},
    "child": {"attrs": "name file", "children": "location orient mated internal " + _DOC},
    "mated": {"text": "text"},
    "internal": {"text": "text"},
    # --- scripts ------------------------------------------------------------------
    "runscript": {"attrs": "name", "children": "use! run! input* output* " + _DOC},
    "use": {"attrs": "aircraft initialize"},
    "run": {
        "attrs": "start end! dt!",
        "children": "property* event* " + _DOC,
        "numbers": "start end dt",
    },
    "event": {
        "attrs": "name persistent continuous type",
        "children": "condition! set* notify delay " + _DOC,
        "enums": "persistent=true|false;continuous=true|false",
    },
    "condition": {
        "attrs": "logic",
        "children": "condition* " + _DOC,
        "text": "condition",
        "enums": "logic=AND|OR",
    },
    "event/delay": {"text": "number"},
    "notify": {"attrs": "format", "children": "property* " + _DOC},
    # --- initial conditions -------------------------------------------------------
    "initialize": {
        "attrs": "name version",
        "children": "ubody vbody wbody vnorth veast vdown latitude longitude phi theta psi "
        "alpha beta gamma roc elevation altitude altitudeAGL altitudeMSL winddir vwind hwind "
        "xwind vc vt mach vground running* targetNlf trim position orientation velocity "
        "attitude_rate " + _DOC,
    },
    "ubody": {"text": "number", "unit": "FT/SEC"},
    "vbody": {"text": "number", "unit": "FT/SEC"},
    "wbody": {"text": "number", "unit": "FT/SEC"},
    "vnorth": {"text": "number", "unit": "FT/SEC"},
    "veast": {"text": "number", "unit": "FT/SEC"},
    "vdown": {"text": "number", "unit": "FT/SEC"},
    "latitude": {
        "attrs": "type",
        "text": "number",
        "unit": "RAD",
        "surprising": "yes",
        "enums": "type=geod|geodetic|geoc|geocentric",
    },
    "longitude": {"text": "number", "unit": "RAD", "surprising": "yes"},
    "phi": {"text": "number", "unit": "RAD", "surprising": "yes"},
    "theta": {"text": "number", "unit": "RAD", "surprising": "yes"},
    "psi": {"text": "number", "unit": "RAD", "surprising": "yes"},
    "alpha": {"text": "number", "unit": "DEG"},
    "beta": {"text": "number", "unit": "DEG"},
    "gamma": {"text": "number", "unit": "DEG"},
    "roc": {"text": "number", "unit": "FT/SEC"},
    "elevation": {"text": "number", "unit": "FT"},
    "altitude": {"text": "number", "unit": "FT", "range": ">=-10"},
    "altitudeAGL": {"text": "number", "unit": "FT", "range": ">=-10"},
    "altitudeMSL": {"text": "number", "unit": "FT"},
    "winddir": {"text": "number", "unit": "DEG"},
    "vwind": {"text": "number", "unit": "KTS"},
    "hwind": {"text": "number", "unit": "KTS"},
    "xwind": {"text": "number", "unit": "KTS"},
    "vc": {"text": "number", "unit": "KTS"},
    "vt": {"text": "number", "unit": "KTS"},
    "mach": {"text": "number"},
    "vground": {"text": "number", "unit": "KTS"},
    "running": {"text": "number"},
    "targetNlf": {"text": "number"},
    "initialize/trim": {"text": "enum:" + "|".join(TRIM_REQUESTS)},
    "initialize/position": {
        "attrs": "frame",
        "children": "x y z latitude longitude altitudeAGL altitudeMSL radius",
        "unit": "FT",
    },
    "initialize/orientation": {"attrs": "frame", "children": "roll pitch yaw", "unit": "RAD"},
    "initialize/velocity": {"attrs": "frame", "children": "x y z", "unit": "FT/SEC"},
    "attitude_rate": {"attrs": "frame", "children": "x y z", "unit": "RAD/SEC"},
    "position/radius": {"text": "number", "unit": "FT"},
}

for _name, _fields in _FCS_FIELDS.items():
    VOCABULARY[_name] = {
        **_fields,
        "attrs": _COMPONENT_ATTRS + " " + _fields.get("attrs", ""),
    }
for _name, _fields in _ENGINE_FIELDS.items():
    VOCABULARY[_name] = {"attrs": "name file", "children": _fields["children"]}
for _name, _fields in _THRUSTER_FIELDS.items():
    VOCABULARY[_name] = {
        "attrs": "name file " + _fields.get("attrs", ""),
        "children": _fields["children"],
    }
for _op in FUNCTION_OPERATORS.split():
    VOCABULARY.setdefault("fn:" + _op, {"attrs": "name", "children": _DOC + " " + _OPERANDS})
VOCABULARY["/output"] = VOCABULARY["fdm_config/output"]
VOCABULARY["engine/location"] = {
    **VOCABULARY["location"],
    "ignored": "JSBSim uses the location of the thruster only",
}
VOCABULARY["engine/orient"] = {
    **VOCABULARY["orient"],
    "ignored": "JSBSim uses the orientation of the thruster only",
}
# FGAircraft::Load and FGMassBalance::Load compare a location's name exactly and skip
# any other: the reference point or the empty-weight CG then stays at x = y = z = 0.
VOCABULARY["metrics/location"] = {
    **VOCABULARY["location"],
    "attrs": "name!",
    "enums": "name=AERORP|EYEPOINT|VRP",
}
VOCABULARY["mass_balance/location"] = {
    **VOCABULARY["location"],
    "attrs": "name!",
    "enums": "name=CG",
}
VOCABULARY["axis/function"] = {  # FGAerodynamics: apply_at_cg="true" acts at the CG
    **VOCABULARY["function"],
    "attrs": VOCABULARY["function"]["attrs"] + " apply_at_cg",
    "enums": "apply_at_cg=true|false",
}
VOCABULARY["switch/test"] = {  # FGSwitch logs "No VALUE supplied" and outputs 0
    **VOCABULARY["test"],
    "attrs": "logic value!",
}
VOCABULARY["runscript/output"] = VOCABULARY["fdm_config/output"]
VOCABULARY["runscript/input"] = VOCABULARY["fdm_config/input"]

FILE_ROOTS: dict[str, str] = {
    "fdm_config": "aircraft",
    **dict.fromkeys(ENGINE_TYPES.split(), "engine"),
    **dict.fromkeys(THRUSTER_TYPES.split(), "thruster"),
    "system": "system",
    "autopilot": "system",
    "flight_control": "system",
    "runscript": "script",
    "initialize": "initial conditions",
    "metrics": "aircraft section",
    "mass_balance": "aircraft section",
    "ground_reactions": "aircraft section",
    "external_reactions": "aircraft section",
    "buoyant_forces": "aircraft section",
    "propulsion": "aircraft section",
    "aerodynamics": "aircraft section",
    "output": "output directives",
    "planet": "aircraft section",
}
"""Root elements a JSBSim configuration file may have, with the kind of file each makes."""

MISPLACED: dict[str, str] = {
    "fdm_config/atmosphere": "<planet>",
}
"""Elements JSBSim reads elsewhere than where they were found, by ``parent/tag``: the place
where it reads them (``FGFDMExec::LoadPlanet`` reads ``<atmosphere>`` inside ``<planet>``)."""

PARAMETER_VALUES = frozenset(
    {"clipto/min", "clipto/max", "gain", "width", "c1", "lag_filter/c1", "c2", "c3", "c4"}
    | {"c5", "c6", "kp", "ki", "kd"}
)
"""Value elements JSBSim reads as an ``FGParameterValue`` (a number or a property), by
spec key: an empty one stops the load ("must either contain a value number or a
property name"). Others (``delay``, ``init``, an actuator's ``lag``) are read as 0."""

SKIPPED_WHEN_MISNAMED: dict[str, str] = {
    "metrics/location": "JSBSim skips the location (the point it names stays at x = y = z = 0)",
    "mass_balance/location": "JSBSim skips the location (the empty-weight CG stays at "
    "x = y = z = 0)",
}
"""What JSBSim does with an element whose name= it does not know, by ``parent/tag``."""

COMPARISONS = "== != < <= > >= EQ NE LT LE GT GE eq ne lt le gt ge"
"""The comparison operators of a ``<test>``/``<condition>`` line (``FGCondition``)."""
