/*
 * The runner's hot loop in C: step JSBSim and record rows of property values.
 *
 * step_rows(run, steps, rows, getters, chunk, offset) calls run() `steps` times
 * and then every getter once, `rows` times over, writing each row of values as
 * C doubles into the writable buffer `chunk` from byte `offset` on (a multiple
 * of 8; getters is a tuple of callables returning numbers; with an empty tuple
 * nothing is read and chunk may be None; with 0 steps run may be None). In Python the same loop costs ~0.2 us a row more for
 * twelve values (the interpreter's dispatch and struct.pack_into's argument
 * parsing), ~3% of a c172p step (scripts/bench_runner.py).
 *
 * guard_trips(guards, sink_fps, vd_prev, check_ground) is the divergence guard
 * the runner calls between blocks: see its docstring.
 *
 * An exception raised by run() or a getter stops the loop and propagates; a
 * getter returning something that is not a number raises TypeError. Rows that
 * would not fit the buffer raise ValueError before anything runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static int
read_row(PyObject *getters, Py_ssize_t width, double *out)
{
    for (Py_ssize_t i = 0; i < width; i++) {
        if (call_number(PyTuple_GET_ITEM(getters, i), &out[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
step_rows(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_Format(PyExc_TypeError, "step_rows takes 6 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *run = args[0], *getters = args[3], *chunk = args[4];
    Py_ssize_t steps, rows, offset;
    if (as_count(args[1], "steps", &steps) < 0 || as_count(args[2], "rows", &rows) < 0 ||
        as_count(args[5], "offset", &offset) < 0) {
        return NULL;
    }
    if (!PyTuple_Check(getters)) {
        PyErr_SetString(PyExc_TypeError, "step_rows: getters must be a tuple");
        return NULL;
    }
    if (offset % (Py_ssize_t)sizeof(double) != 0) {
        PyErr_SetString(PyExc_ValueError, "step_rows: offset must be a multiple of 8 bytes");
        return NULL;
    }
    Py_ssize_t width = PyTuple_GET_SIZE(getters);
    Py_buffer view = {0};
    double *out = NULL;
    if (width > 0) {
        if (PyObject_GetBuffer(chunk, &view, PyBUF_WRITABLE) < 0) {
            return NULL;
        }
        Py_ssize_t row_bytes = width * (Py_ssize_t)sizeof(double);
        /* rows that fit after offset, divided rather than multiplied: no overflow */
        if (offset > view.len || rows > (view.len - offset) / row_bytes) {
            PyBuffer_Release(&view);
            PyErr_Format(PyExc_ValueError,
                         "step_rows: %zd rows of %zd values do not fit the %zd bytes "
                         "after offset %zd",
                         rows, width, view.len > offset ? view.len - offset : 0, offset);
            return NULL;
        }
        out = (double *)((char *)view.buf + offset);
    }
    for (Py_ssize_t row = 0; row < rows; row++) {
        for (Py_ssize_t step = 0; step < steps; step++) {
            PyObject *result = PyObject_CallNoArgs(run);
            if (result == NULL) {
                goto fail;
            }
            Py_DECREF(result);
        }
        if (width > 0) {
            if (read_row(getters, width, out) < 0) {
                goto fail;
            }
            out += width;
        }
    }
    if (width > 0) {
        PyBuffer_Release(&view);
    }
    Py_RETURN_NONE;
fail:
    if (width > 0) {
        PyBuffer_Release(&view);
    }
    return NULL;
}

/* Beyond these the state has diverged even when finite: |h-agl| [ft], true airspeed [ft/s]. */
#define HEIGHT_LIMIT_FT 1e12
#define SPEED_LIMIT_FPS 1e9

static PyObject *
guard_trips(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "guard_trips takes 4 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *guards = args[0];
    if (!PyTuple_Check(guards) || PyTuple_GET_SIZE(guards) != 4) {
        PyErr_SetString(PyExc_TypeError,
                        "guard_trips: guards must be a tuple (h_agl, vt, v_down, wow)");
        return NULL;
    }
    double sink_fps = PyFloat_AsDouble(args[1]);
    if (sink_fps == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double vd_prev = PyFloat_AsDouble(args[2]);
    if (vd_prev == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    int check_ground = PyObject_IsTrue(args[3]);
    if (check_ground < 0) {
        return NULL;
    }
    double h, vt;
    if (call_number(PyTuple_GET_ITEM(guards, 0), &h) < 0 ||
        call_number(PyTuple_GET_ITEM(guards, 1), &vt) < 0) {
        return NULL;
    }
    /* the comparisons are false for NaN: a NaN trips */
    if (!(-HEIGHT_LIMIT_FT < h && h < HEIGHT_LIMIT_FT && vt < SPEED_LIMIT_FPS)) {
        return Py_BuildValue("(Od)", Py_True, vd_prev);
    }
    if (!check_ground) {
        return Py_BuildValue("(Od)", Py_False, vd_prev);
    }
    double vd, wow;
    if (call_number(PyTuple_GET_ITEM(guards, 2), &vd) < 0 ||
        call_number(PyTuple_GET_ITEM(guards, 3), &wow) < 0) {
        return NULL;
    }
    if (vd != vd) { /* a NaN sink rate: the state has diverged; never kept as vd_prev */
        return Py_BuildValue("(Od)", Py_True, vd_prev);
    }
    double sink = vd > vd_prev ? vd : vd_prev;
    int on_wheels = wow != 0.0;
    if ((on_wheels && sink > sink_fps) || (h < 0.0 && !on_wheels)) {
        return Py_BuildValue("(Od)", Py_True, sink);
    }
    return Py_BuildValue("(Od)", Py_False, vd);
}

static PyMethodDef methods[] = {
    {"guard_trips", (PyCFunction)(void (*)(void))guard_trips, METH_FASTCALL,
     "guard_trips(guards, sink_fps, vd_prev, check_ground) -> (tripped, sink_fps).\n\n"
     "guards: the getters of h-agl [ft], true airspeed [ft/s], sink rate [ft/s] and weight on "
     "wheels. Trips when h-agl or the airspeed is NaN, infinite or beyond flight (1e12 ft, "
     "1e9 ft/s); with check_ground also on the wheels at a sink rate max(v_down, vd_prev) "
     "above sink_fps, or below the terrain with no weight on the wheels. Returns the sink "
     "rate that tripped it, else v_down now (vd_prev unchanged without check_ground, or "
     "when v_down is NaN, which trips)."},
    {"step_rows", (PyCFunction)(void (*)(void))step_rows, METH_FASTCALL,
     "step_rows(run, steps, rows, getters, chunk, offset): run() `steps` times then read "
     "every getter, `rows` times, writing each row as C doubles into chunk from byte offset."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "flightsim.sim._steploop",
    "The runner's hot loop: step JSBSim and record rows of property values as C doubles.",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__steploop(void)
{
    return PyModule_Create(&module);
}
