/*
 * The runner's hot loop in C, an optional accelerator: flightsim/sim/_steploop_pure.py is
 * its pure-Python twin (same arguments, same results, bit for bit), used when this module
 * is not built or FLIGHTSIM_PURE_PYTHON=1 (flightsim/sim/stepping.py chooses).
 *
 * step_rows(run, steps, rows, getters, chunk, offset, checks, state) -> int
 *
 * calls run() `steps` times and then every getter once, `rows` times over, writing each
 * row of values as C doubles into the writable buffer `chunk` from byte `offset` on (a
 * multiple of 8; with an empty getters tuple nothing is read and chunk may be None).
 *
 * After every step it runs the crash check on `checks`, a tuple of five getters
 * (altitude above sea level [ft], true airspeed [ft/s], height above ground [ft], sink
 * rate [ft/s], weight on wheels) or an empty tuple (no check). `state` is a writable buffer of STATE_SIZE doubles (see
 * the enum below): limits going in, counters and the check's memory coming out. The
 * counters are written also when run() or a getter raises, so the caller always knows
 * how many steps JSBSim took.
 *
 * Returns 0 when every step ran, 1 when the state diverged (NaN/inf, or beyond any
 * flight), 2 on a new ground impact, 3 when run() returned false with STOP_AT_END set
 * (a script's end); the loop stops right after the step concerned.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

enum {
    STEPS_DONE,   /* out: steps run by this call */
    ROWS_DONE,    /* out: rows written by this call */
    VD_PREV,      /* in/out: sink rate [ft/s] after the previous step */
    IMPACTING,    /* in/out: 1 while an impact lasts (one report per impact) */
    SINK_LIMIT,   /* in: sink rate [ft/s] on the wheels taken as an impact */
    CHECK_GROUND, /* in: 1 to look for impacts, 0 for NaN/inf only */
    STOP_AT_END,  /* in: 1 to stop when run() returns false */
    IMPACT_SINK,  /* out: the sink rate [ft/s] of the impact reported */
    TERRAIN_FT,   /* in/out: terrain elevation [ft] at the last h-agl read (NaN: unknown) */
    AGL_AGE,      /* in/out: steps since that read */
    STATE_SIZE
};

/* Beyond these the state has diverged even when finite: |h-agl| [ft], true airspeed [ft/s]. */
#define HEIGHT_LIMIT_FT 1e12
#define SPEED_LIMIT_FPS 1e9
/* Above this height [ft] no wheel touches and no CG is below the terrain: sink rate and
 * weight on wheels are not read (two property reads per step saved in flight). */
#define NEAR_GROUND_FT 1000.0
/* Far above the ground, h-agl (a slow read: JSBSim asks its terrain callback each time)
 * is read every 12th step (11 skipped); in between the height above the terrain last seen
 * follows h-sl (a cheap read). No terrain rises 1000 ft within a few steps. */
#define AGL_REFRESH_STEPS 11.0

static int
as_count(PyObject *value, const char *name, Py_ssize_t *out)
{
    *out = PyLong_AsSsize_t(value);
    if (*out == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (*out < 0) {
        PyErr_Format(PyExc_ValueError, "step_rows: %s must be >= 0", name);
        return -1;
    }
    return 0;
}

static int
call_number(PyObject *getter, double *out)
{
    PyObject *value = PyObject_CallNoArgs(getter);
    if (value == NULL) {
        return -1;
    }
    *out = PyFloat_AsDouble(value);
    Py_DECREF(value);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* The crash check after one step: -1 error, 0 fine, 1 diverged, 2 a new impact. */
static int
check_step(PyObject *checks, double *s)
{
    double h_sl, vt;
    if (call_number(PyTuple_GET_ITEM(checks, 0), &h_sl) < 0 ||
        call_number(PyTuple_GET_ITEM(checks, 1), &vt) < 0) {
        return -1;
    }
    /* the comparisons are false for NaN: a NaN trips */
    if (!(-HEIGHT_LIMIT_FT < h_sl && h_sl < HEIGHT_LIMIT_FT && vt < SPEED_LIMIT_FPS)) {
        return 1;
    }
    if (s[CHECK_GROUND] == 0.0) {
        return 0;
    }
    /* false while the terrain is unknown (NaN) */
    if (h_sl - s[TERRAIN_FT] > NEAR_GROUND_FT && s[AGL_AGE] < AGL_REFRESH_STEPS) {
        s[AGL_AGE] += 1.0;
        return 0;
    }
    double h;
    if (call_number(PyTuple_GET_ITEM(checks, 2), &h) < 0) {
        return -1;
    }
    if (!(-HEIGHT_LIMIT_FT < h && h < HEIGHT_LIMIT_FT)) {
        return 1;
    }
    s[TERRAIN_FT] = h_sl - h;
    s[AGL_AGE] = 0.0;
    if (h > NEAR_GROUND_FT) {
        s[VD_PREV] = 0.0;
        s[IMPACTING] = 0.0;
        return 0;
    }
    double vd, wow;
    if (call_number(PyTuple_GET_ITEM(checks, 3), &vd) < 0 ||
        call_number(PyTuple_GET_ITEM(checks, 4), &wow) < 0) {
        return -1;
    }
    if (vd != vd) {
        return 1;
    }
    /* the gear has already slowed the sink on the step that touches: the step before counts */
    double sink = vd > s[VD_PREV] ? vd : s[VD_PREV];
    int on_wheels = wow != 0.0;
    /* below the terrain with no wheel carrying it, going down (a body rising out of the
     * terrain is leaving it: it hit it on the way down) */
    int impact = (on_wheels && sink > s[SINK_LIMIT]) || (h < 0.0 && !on_wheels && vd > 0.0);
    s[VD_PREV] = vd;
    if (impact && s[IMPACTING] == 0.0) {
        s[IMPACTING] = 1.0;
        s[IMPACT_SINK] = sink;
        return 2;
    }
    /* an impact lasts while the condition holds or the CG stays below the terrain */
    s[IMPACTING] = (impact || (s[IMPACTING] != 0.0 && h < 0.0)) ? 1.0 : 0.0;
    return 0;
}

static PyObject *
step_rows(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError, "step_rows takes 8 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *run = args[0], *getters = args[3], *chunk = args[4], *checks = args[6];
    Py_ssize_t steps, rows, offset;
    if (as_count(args[1], "steps", &steps) < 0 || as_count(args[2], "rows", &rows) < 0 ||
        as_count(args[5], "offset", &offset) < 0) {
        return NULL;
    }
    if (!PyTuple_Check(getters) || !PyTuple_Check(checks)) {
        PyErr_SetString(PyExc_TypeError, "step_rows: getters and checks must be tuples");
        return NULL;
    }
    Py_ssize_t n_checks = PyTuple_GET_SIZE(checks);
    if (n_checks != 0 && n_checks != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "step_rows: checks must be () or (h_sl, vt, h_agl, v_down, wow)");
        return NULL;
    }
    if (offset % (Py_ssize_t)sizeof(double) != 0) {
        PyErr_SetString(PyExc_ValueError, "step_rows: offset must be a multiple of 8 bytes");
        return NULL;
    }
    Py_buffer state_view = {0};
    if (PyObject_GetBuffer(args[7], &state_view, PyBUF_WRITABLE) < 0) {
        return NULL;
    }
    if (state_view.len < (Py_ssize_t)(STATE_SIZE * sizeof(double))) {
        PyBuffer_Release(&state_view);
        PyErr_Format(PyExc_ValueError, "step_rows: state must hold %d doubles", STATE_SIZE);
        return NULL;
    }
    double *s = (double *)state_view.buf;
    s[STEPS_DONE] = 0.0;
    s[ROWS_DONE] = 0.0;
    Py_ssize_t width = PyTuple_GET_SIZE(getters);
    Py_buffer view = {0};
    double *out = NULL;
    if (width > 0) {
        if (PyObject_GetBuffer(chunk, &view, PyBUF_WRITABLE) < 0) {
            PyBuffer_Release(&state_view);
            return NULL;
        }
        Py_ssize_t row_bytes = width * (Py_ssize_t)sizeof(double);
        /* rows that fit after offset, divided rather than multiplied: no overflow */
        if (offset > view.len || rows > (view.len - offset) / row_bytes) {
            PyErr_Format(PyExc_ValueError,
                         "step_rows: %zd rows of %zd values do not fit the %zd bytes "
                         "after offset %zd",
                         rows, width, view.len > offset ? view.len - offset : 0, offset);
            PyBuffer_Release(&view);
            PyBuffer_Release(&state_view);
            return NULL;
        }
        out = (double *)((char *)view.buf + offset);
    }
    int stop_at_end = s[STOP_AT_END] != 0.0;
    long code = 0;
    for (Py_ssize_t row = 0; row < rows && code == 0; row++) {
        for (Py_ssize_t step = 0; step < steps; step++) {
            PyObject *result = PyObject_CallNoArgs(run);
            if (result == NULL) {
                code = -1;
                break;
            }
            int running = stop_at_end ? PyObject_IsTrue(result) : 1;
            Py_DECREF(result);
            s[STEPS_DONE] += 1.0;
            if (running < 0) {
                code = -1;
                break;
            }
            if (n_checks) {
                code = check_step(checks, s);
                if (code != 0) {
                    break;
                }
            }
            if (!running) {
                code = 3;
                break;
            }
        }
        if (code != 0) {
            break;
        }
        for (Py_ssize_t i = 0; i < width; i++) {
            if (call_number(PyTuple_GET_ITEM(getters, i), &out[i]) < 0) {
                code = -1;
                break;
            }
        }
        if (code != 0) {
            break;
        }
        out += width;
        s[ROWS_DONE] += 1.0;
    }
    if (width > 0) {
        PyBuffer_Release(&view);
    }
    PyBuffer_Release(&state_view);
    if (code < 0) {
        return NULL;
    }
    return PyLong_FromLong(code);
}

static PyMethodDef methods[] = {
    {"step_rows", (PyCFunction)(void (*)(void))step_rows, METH_FASTCALL,
     "step_rows(run, steps, rows, getters, chunk, offset, checks, state) -> code: run() "
     "`steps` times (crash-checked after each) then read every getter, `rows` times, "
     "writing each row as C doubles into chunk from byte offset. See _steploop.c."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "flightsim.sim._steploop",
    "The runner's hot loop: step JSBSim, check each step, record rows as C doubles.",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__steploop(void)
{
    return PyModule_Create(&module);
}
