/*
 * The environments' agent step in C, an optional accelerator: flightsim/envs/_stepkernel_pure.py
 * is its pure-Python twin and documents the arguments and the behaviour (same arguments, same
 * results, bit for bit; tests/envs/test_step_kernel.py compares them), and
 * flightsim/envs/stepkernel.py chooses between them.
 *
 * StepKernel(writes, n_actions, run, substeps, getters, hook, task, new_block, obs_size,
 *            cruise_kcas, climb_scale, agent_hz, max_steps, nonfinite, shape, on_step,
 *            scoring=None, hook_every=0)
 *   .begin(lat0_rad, lon0_rad, floor_agl_ft, area_radius_ft)
 *   .step(action) -> (obs, reward, terminated, truncated, info)
 *   .step_into(action, obs_out, table_out, index, codes, terms) -> ended, or the step result
 *   .observation(s, task_obs, held) -> obs
 *   .local(s) -> (north_ft, east_ft)
 *   .steps
 *
 * Every floating-point expression is the twin's, in the twin's order; the build turns off
 * floating-point contraction (-ffp-contract=off, setup.py) so that a * b + c stays two
 * roundings, as in Python. Malformed actions and observations go to the twin's own
 * functions (coerce_action, observation_size_error), so the messages are the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>
#include <structmember.h>

#define STATE_SIZE 14     /* flightsim.envs.tasks.base.STATE_PROPERTIES */
#define MAX_ACTIONS 16
#define COMMON_SIZE 10    /* flightsim.envs.env.COMMON_OBSERVATIONS */
#define MAX_OBSERVATIONS 256
#define EARTH_RADIUS_FT 20925646.3
#define FAILURE_PENALTY 10.0
#define MAX_BANK_RAD 1.5707963267948966
#define MAX_PITCH_RAD 1.0471975511965976
#define OBSERVATION_LIMIT 100.0

/* from flightsim.envs._stepkernel_pure, at import */
static PyObject *coerce_action = NULL;
static PyObject *observation_size_error = NULL;
static PyObject *reset_needed_error = NULL;
static PyObject *nonfinite_failure = NULL;
/* interned names and shared constants */
static PyObject *str_step, *str_finish, *str_tracking_error, *str_failure, *str_reward_terms,
    *str_is_success, *str_time_s, *str_crash, *str_attitude, *str_left_area, *float_penalty,
    *float_minus_penalty, *float_zero;
/* the tracking tasks' attributes and reward terms (native_score) */
static PyObject *str_empty, *str_heading_cmd, *str_altitude_cmd, *str_kcas_cmd, *str_bank_cmd,
    *str_pitch_cmd, *str_theta_trim, *str_next_change, *str_segment_start, *str_settled_sum,
    *str_settled_n, *str_alive, *str_heading, *str_altitude, *str_airspeed, *str_bank,
    *str_pitch, *float_one, *long_one;

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_writes;
    PyObject *setters;      /* tuple: one setter per write */
    Py_ssize_t *write_index;
    double *write_scale, *write_offset;
    Py_ssize_t n_actions;
    PyObject *run;
    Py_ssize_t substeps;
    PyObject *getters;      /* tuple of STATE_SIZE */
    PyObject *hook;         /* NULL: none */
    Py_ssize_t hook_every;  /* JSBSim steps between hook calls; 0: once, before them all */
    PyObject *task;
    PyObject *new_block;
    PyObject *rows;         /* the current block's rows (a list), NULL before the first */
    PyObject *memory;       /* the bytes behind them */
    Py_ssize_t row, n_rows;
    Py_ssize_t obs_size;
    double cruise_kcas, climb_scale, agent_hz;
    long long max_steps, steps;
    int begun;              /* begin() called: an episode is under way */
    double lat0, lon0, east_scale, floor_agl, area_radius2;
    PyObject *nonfinite, *shape, *on_step;  /* shape, on_step: NULL for none */
    int scoring;            /* SCORE_PYTHON, or a built-in task scored here (native_score) */
    double sc[6];           /* its constants (the scoring argument, after the kind) */
} Kernel;

/* The task's scoring: its own step, in Python, or one of the built-in tracking tasks
 * scored here as its step does, bit for bit (flightsim.envs.tasks.tracking.native_scoring
 * says when and gives the constants; the twin always calls the step). */
#define SCORE_PYTHON 0
#define SCORE_HEADING_ALTITUDE 1
#define SCORE_ATTITUDE_TRACKING 2

static int
kernel_traverse(Kernel *k, visitproc visit, void *arg)
{
    Py_VISIT(k->setters);
    Py_VISIT(k->run);
    Py_VISIT(k->getters);
    Py_VISIT(k->hook);
    Py_VISIT(k->task);
    Py_VISIT(k->new_block);
    Py_VISIT(k->rows);
    Py_VISIT(k->memory);
    Py_VISIT(k->nonfinite);
    Py_VISIT(k->shape);
    Py_VISIT(k->on_step);
    return 0;
}

static int
kernel_clear(Kernel *k)
{
    Py_CLEAR(k->setters);
    Py_CLEAR(k->run);
    Py_CLEAR(k->getters);
    Py_CLEAR(k->hook);
    Py_CLEAR(k->task);
    Py_CLEAR(k->new_block);
    Py_CLEAR(k->rows);
    Py_CLEAR(k->memory);
    Py_CLEAR(k->nonfinite);
    Py_CLEAR(k->shape);
    Py_CLEAR(k->on_step);
    return 0;
}

static void
kernel_dealloc(Kernel *k)
{
    PyObject_GC_UnTrack(k);
    kernel_clear(k);
    PyMem_Free(k->write_index);
    PyMem_Free(k->write_scale);
    PyMem_Free(k->write_offset);
    Py_TYPE(k)->tp_free((PyObject *)k);
}

static PyObject *
none_to_null(PyObject *value)
{
    if (value == Py_None) {
        return NULL;
    }
    Py_INCREF(value);
    return value;
}

static int
kernel_init(Kernel *k, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"writes", "n_actions", "run", "substeps", "getters", "hook",
                            "task", "new_block", "obs_size", "cruise_kcas", "climb_scale",
                            "agent_hz", "max_steps", "nonfinite", "shape", "on_step",
                            "scoring", "hook_every", NULL};
    PyObject *writes, *run, *getters, *hook, *task, *new_block, *nonfinite, *shape, *on_step;
    PyObject *scoring = Py_None;
    Py_ssize_t n_actions, substeps, obs_size, hook_every = 0;
    long long max_steps;
    double cruise_kcas, climb_scale, agent_hz;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OnOnOOOOndddLOOO|On", names, &writes,
                                     &n_actions, &run, &substeps, &getters, &hook, &task,
                                     &new_block, &obs_size, &cruise_kcas, &climb_scale,
                                     &agent_hz, &max_steps, &nonfinite, &shape, &on_step,
                                     &scoring, &hook_every)) {
        return -1;
    }
    if (hook_every < 0) {
        PyErr_SetString(PyExc_ValueError, "StepKernel: hook_every must be >= 0");
        return -1;
    }
    k->scoring = SCORE_PYTHON;
    if (scoring != Py_None &&
        (!PyArg_ParseTuple(scoring, "idddddd", &k->scoring, &k->sc[0], &k->sc[1], &k->sc[2],
                           &k->sc[3], &k->sc[4], &k->sc[5]) ||
         k->scoring < SCORE_HEADING_ALTITUDE || k->scoring > SCORE_ATTITUDE_TRACKING)) {
        PyErr_SetString(PyExc_ValueError, "StepKernel: scoring is None or (kind, 6 floats)");
        return -1;
    }
    if (n_actions < 1 || n_actions > MAX_ACTIONS || substeps < 0 ||
        obs_size < COMMON_SIZE + n_actions || obs_size > MAX_OBSERVATIONS) {
        PyErr_SetString(PyExc_ValueError, "StepKernel: n_actions, substeps or obs_size out of range");
        return -1;
    }
    PyObject *write_list = PySequence_Tuple(writes);
    PyObject *getter_tuple = PySequence_Tuple(getters);
    if (write_list == NULL || getter_tuple == NULL) {
        Py_XDECREF(write_list);
        Py_XDECREF(getter_tuple);
        return -1;
    }
    if (PyTuple_GET_SIZE(getter_tuple) != STATE_SIZE) {
        PyErr_Format(PyExc_ValueError, "StepKernel: give %d getters", STATE_SIZE);
        goto fail;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(write_list);
    k->write_index = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t));
    k->write_scale = PyMem_Calloc(n ? n : 1, sizeof(double));
    k->write_offset = PyMem_Calloc(n ? n : 1, sizeof(double));
    PyObject *setters = PyTuple_New(n);
    if (k->write_index == NULL || k->write_scale == NULL || k->write_offset == NULL ||
        setters == NULL) {
        Py_XDECREF(setters);
        PyErr_NoMemory();
        goto fail;
    }
    k->setters = setters;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *setter;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(write_list, i), "Ondd", &setter,
                              &k->write_index[i], &k->write_scale[i], &k->write_offset[i])) {
            goto fail;
        }
        if (k->write_index[i] < 0 || k->write_index[i] >= n_actions) {
            PyErr_SetString(PyExc_ValueError, "StepKernel: a write's action index is out of range");
            goto fail;
        }
        Py_INCREF(setter);
        PyTuple_SET_ITEM(setters, i, setter);
    }
    k->n_writes = n;
    k->n_actions = n_actions;
    k->substeps = substeps;
    k->hook_every = (hook_every > 0 && hook_every < substeps) ? hook_every : 0;
    k->obs_size = obs_size;
    k->cruise_kcas = cruise_kcas;
    k->climb_scale = climb_scale;
    k->agent_hz = agent_hz;
    k->max_steps = max_steps;
    Py_INCREF(run);
    k->run = run;
    k->getters = getter_tuple;
    k->hook = none_to_null(hook);
    Py_INCREF(task);
    k->task = task;
    Py_INCREF(new_block);
    k->new_block = new_block;
    Py_INCREF(nonfinite);
    k->nonfinite = nonfinite;
    k->shape = none_to_null(shape);
    k->on_step = none_to_null(on_step);
    Py_DECREF(write_list);
    return 0;
fail:
    Py_DECREF(write_list);
    Py_DECREF(getter_tuple);
    return -1;
}

/* the first n values of the sequence ``items`` as doubles; -1 with an error set when they
 * are not numbers, or when there are more than n values and ``exactly`` is set */
static int
read_doubles(PyObject *items, double *out, Py_ssize_t n, int exactly)
{
    PyObject *fast = PySequence_Fast(items, "expected a sequence of numbers");
    if (fast == NULL) {
        return -1;
    }
    Py_ssize_t size = PySequence_Fast_GET_SIZE(fast);
    if (size < n || (exactly && size != n)) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "expected %s%zd values, got %zd", exactly ? "" : "at least ",
                     n, size);
        return -1;
    }
    PyObject **item = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyFloat_AsDouble(item[i]);
        if (out[i] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* the action as n doubles: float32/float64 vectors and lists read directly, anything else
 * (or a list the direct read refuses) through the twin's coerce_action, which also raises
 * the twin's error for what is not n numbers */
static int
read_action(Kernel *k, PyObject *action, double *a)
{
    Py_ssize_t n = k->n_actions;
    if (PyList_CheckExact(action) && PyList_GET_SIZE(action) == n) {
        if (read_doubles(action, a, n, 1) == 0) {
            return 0;
        }
        PyErr_Clear();
    }
    else if (PyObject_CheckBuffer(action)) {
        Py_buffer view;
        if (PyObject_GetBuffer(action, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) == 0) {
            int done = 0;
            const char *f = view.format;
            if (view.ndim == 1 && view.shape[0] == n && f != NULL && f[0] != '\0' &&
                (f[1] == '\0' || (f[0] == '@' && f[2] == '\0'))) {
                char code = f[1] == '\0' ? f[0] : f[1];
                if (code == 'f') {
                    for (Py_ssize_t i = 0; i < n; i++) {
                        a[i] = (double)((const float *)view.buf)[i];
                    }
                    done = 1;
                }
                else if (code == 'd') {
                    for (Py_ssize_t i = 0; i < n; i++) {
                        a[i] = ((const double *)view.buf)[i];
                    }
                    done = 1;
                }
            }
            PyBuffer_Release(&view);
            if (done) {
                return 0;
            }
        }
        else {
            PyErr_Clear();
        }
    }
    PyObject *count = PyLong_FromSsize_t(n);
    if (count == NULL) {
        return -1;
    }
    PyObject *values = PyObject_CallFunctionObjArgs(coerce_action, action, count, NULL);
    Py_DECREF(count);
    if (values == NULL) {
        return -1;
    }
    int status = read_doubles(values, a, n, 1);
    Py_DECREF(values);
    return status;
}

static int
call_setter(PyObject *setter, double value)
{
    PyObject *number = PyFloat_FromDouble(value);
    if (number == NULL) {
        return -1;
    }
    PyObject *result = PyObject_CallOneArg(setter, number);
    Py_DECREF(number);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static int
call_void(PyObject *callable)
{
    PyObject *result = PyObject_CallNoArgs(callable);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

/* clip, write, run substeps times (the hook before the first and every hook_every), read the
 * state: the twin's make_stepper */
static int
advance(Kernel *k, double *a, double *s)
{
    for (Py_ssize_t i = 0; i < k->n_actions; i++) {
        a[i] = a[i] > 1.0 ? 1.0 : (a[i] < -1.0 ? -1.0 : a[i]);
    }
    for (Py_ssize_t w = 0; w < k->n_writes; w++) {
        double x = a[k->write_index[w]];
        double scale = k->write_scale[w], offset = k->write_offset[w];
        double value = (scale == 1.0 && offset == 0.0) ? x : x * scale + offset;
        if (call_setter(PyTuple_GET_ITEM(k->setters, w), value) < 0) {
            return -1;
        }
    }
    if (k->hook != NULL && k->hook_every == 0 && call_void(k->hook) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < k->substeps; i++) {
        if (k->hook != NULL && k->hook_every > 0 && i % k->hook_every == 0 &&
            call_void(k->hook) < 0) {
            return -1;
        }
        if (call_void(k->run) < 0) {
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < STATE_SIZE; i++) {
        PyObject *value = PyObject_CallNoArgs(PyTuple_GET_ITEM(k->getters, i));
        if (value == NULL) {
            return -1;
        }
        s[i] = PyFloat_AsDouble(value);
        Py_DECREF(value);
        if (s[i] == -1.0 && PyErr_Occurred()) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
raise_size_error(Kernel *k, Py_ssize_t given)
{
    PyObject *error = PyObject_CallFunction(observation_size_error, "Onn", k->task, given,
                                            k->obs_size);
    if (error != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(error), error);
        Py_DECREF(error);
    }
    return NULL;
}

/* the observation (the twin's StepKernel.observation) from the state s, the task's
 * observations and the n_held last commands, into out[obs_size] as float32 */
static int
fill_observation(Kernel *k, const double *s, PyObject *task_obs, const double *held,
                 Py_ssize_t n_held, float *out)
{
    PyObject *fast = PySequence_Fast(task_obs, "the task's observations must be a sequence");
    if (fast == NULL) {
        return -1;
    }
    Py_ssize_t n_task = PySequence_Fast_GET_SIZE(fast);
    Py_ssize_t total = COMMON_SIZE + n_task + n_held;
    if (total != k->obs_size) {
        Py_DECREF(fast);
        raise_size_error(k, total);
        return -1;
    }
    double v = k->cruise_kcas;
    double values[MAX_OBSERVATIONS];
    values[0] = s[0] * 0.3183098861837907;   /* PHI / pi */
    values[1] = s[1] * 0.6366197723675814;   /* THETA / (pi/2) */
    values[2] = s[3] * 0.3183098861837907;   /* P / pi */
    values[3] = s[4] * 0.3183098861837907;   /* Q / pi */
    values[4] = s[5] * 0.3183098861837907;   /* R / pi */
    values[5] = s[6] * 1.909859317102744;    /* ALPHA / (pi/6) */
    values[6] = s[7] * 1.909859317102744;    /* BETA / (pi/6) */
    values[7] = (s[8] - v) / v;              /* VC */
    values[8] = s[10] * k->climb_scale;      /* HDOT */
    values[9] = s[11] * 1e-4;                /* H_AGL */
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < n_task; i++) {
        double x = PyFloat_AsDouble(items[i]);
        if (x == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
        values[COMMON_SIZE + i] = x;
    }
    Py_DECREF(fast);
    for (Py_ssize_t i = 0; i < n_held; i++) {
        values[COMMON_SIZE + n_task + i] = held[i];
    }
    /* the twin clips when math.hypot(*values) > 100: that is false only when a NaN is
     * there and no infinity (hypot is then NaN), or when no |x| passes 100 (clipping
     * changes nothing) */
    int any_nan = 0, any_inf = 0;
    for (Py_ssize_t i = 0; i < total; i++) {
        any_nan |= isnan(values[i]);
        any_inf |= isinf(values[i]);
    }
    int clip = !any_nan || any_inf;
    for (Py_ssize_t i = 0; i < total; i++) {
        double x = values[i];
        if (clip) {
            x = x > OBSERVATION_LIMIT ? OBSERVATION_LIMIT
                                      : (x < -OBSERVATION_LIMIT ? -OBSERVATION_LIMIT : x);
        }
        out[i] = (float)x;
    }
    return 0;
}

/* the observation as the next fresh row of the current block (a new block when used up) */
static PyObject *
build_observation(Kernel *k, const double *s, PyObject *task_obs, const double *held,
                  Py_ssize_t n_held)
{
    float values[MAX_OBSERVATIONS];
    if (fill_observation(k, s, task_obs, held, n_held, values) < 0) {
        return NULL;
    }
    if (k->rows == NULL || k->row == k->n_rows) {
        PyObject *block = PyObject_CallNoArgs(k->new_block);
        if (block == NULL) {
            return NULL;
        }
        PyObject *rows, *memory;
        if (!PyArg_ParseTuple(block, "O!O", &PyList_Type, &rows, &memory)) {
            Py_DECREF(block);
            return NULL;
        }
        Py_INCREF(rows);
        Py_INCREF(memory);
        Py_XSETREF(k->rows, rows);
        Py_XSETREF(k->memory, memory);
        Py_DECREF(block);
        k->n_rows = PyList_GET_SIZE(rows);
        k->row = 0;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(k->memory, &view, PyBUF_WRITABLE) < 0) {
        return NULL;
    }
    Py_ssize_t stride = k->obs_size * (Py_ssize_t)sizeof(float);
    if (view.len < (k->row + 1) * stride || k->row >= k->n_rows) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "StepKernel: new_block gave too few bytes or rows");
        return NULL;
    }
    memcpy((char *)view.buf + k->row * stride, values, stride);
    PyBuffer_Release(&view);
    PyObject *obs = PyList_GET_ITEM(k->rows, k->row);
    k->row += 1;
    if (k->shape != NULL) {
        return PyObject_CallOneArg(k->shape, obs);
    }
    Py_INCREF(obs);
    return obs;
}

/* Python's float % (CPython's float_rem): the result takes the divisor's sign */
static double
py_mod(double x, double m)
{
    double mod = fmod(x, m);
    if (mod != 0.0) {
        if ((m < 0.0) != (mod < 0.0)) {
            mod += m;
        }
    }
    else {
        mod = copysign(0.0, m);
    }
    return mod;
}

/* the float `name` of the task's attribute dict: 0; 1 when it is not there or not a float
 * (the task's own step then runs) */
static int
dict_double(PyObject *dict, PyObject *name, double *out)
{
    PyObject *value = PyDict_GetItemWithError(dict, name);
    if (value == NULL || !PyFloat_CheckExact(value)) {
        return PyErr_Occurred() ? -1 : 1;
    }
    *out = PyFloat_AS_DOUBLE(value);
    return 0;
}

static int
dict_set_double(PyObject *dict, PyObject *name, double x)
{
    PyObject *value = PyFloat_FromDouble(x);
    if (value == NULL) {
        return -1;
    }
    int status = PyDict_SetItem(dict, name, value);
    Py_DECREF(value);
    return status;
}

/* a dict of the given names and values, in that order */
static PyObject *
terms_of(PyObject **names, const double *values, int n)
{
    PyObject *terms = PyDict_New();
    for (int i = 0; terms != NULL && i < n; i++) {
        PyObject *value = i == 0 ? Py_NewRef(float_one) : PyFloat_FromDouble(values[i]);
        if (value == NULL || PyDict_SetItem(terms, names[i], value) < 0) {
            Py_XDECREF(value);
            Py_CLEAR(terms);
            break;
        }
        Py_DECREF(value);
    }
    return terms;
}

/* A built-in tracking task's step (HeadingAltitude.step, AttitudeTracking.step, in their
 * order of operations, with _account's bookkeeping) from the state s at t [s], reading and
 * writing the task's attributes in its __dict__: a new (observations, reward, terms,
 * False, "") tuple; Py_None when the task's own step must run (its commands change at t,
 * and it draws them; or an attribute is not a float there); NULL on an error. */
static PyObject *
native_score(Kernel *k, const double *s, double t)
{
    const double *c = k->sc;
    PyObject *dict = PyObject_GenericGetDict(k->task, NULL);
    if (dict == NULL) {
        return NULL;
    }
    PyObject *score = NULL, *obs = NULL, *terms = NULL, *n_settled = NULL;
    double next_change, segment_start, settled_sum, reward, error, o[4], v[4], cmd[3];
    PyObject *names[4];
    int n_obs, n_terms, status;
    PyObject *const *cmd_names = k->scoring == SCORE_HEADING_ALTITUDE
                                     ? (PyObject *const[]){str_heading_cmd, str_altitude_cmd,
                                                           str_kcas_cmd}
                                     : (PyObject *const[]){str_bank_cmd, str_pitch_cmd,
                                                           str_theta_trim};
    if ((status = dict_double(dict, str_next_change, &next_change)) != 0 ||
        (status = dict_double(dict, str_segment_start, &segment_start)) != 0 ||
        (status = dict_double(dict, str_settled_sum, &settled_sum)) != 0 ||
        (status = dict_double(dict, cmd_names[0], &cmd[0])) != 0 ||
        (status = dict_double(dict, cmd_names[1], &cmd[1])) != 0 ||
        (status = dict_double(dict, cmd_names[2], &cmd[2])) != 0) {
        goto fallback;
    }
    n_settled = PyDict_GetItemWithError(dict, str_settled_n);
    if (n_settled == NULL || !PyLong_CheckExact(n_settled)) {
        status = PyErr_Occurred() ? -1 : 1;
        goto fallback;
    }
    if (t >= next_change) {  /* _maybe_change: new commands, drawn by the task's step */
        status = 1;
        goto fallback;
    }
    if (k->scoring == SCORE_HEADING_ALTITUDE) {
        /* c: settle_s, 2 pi, 1 / pi, 1 / 30 deg, pi; cmd: heading, altitude, kcas */
        double e_psi = py_mod(cmd[0] - s[2] + c[4], c[1]) - c[4];  /* PSI */
        double e_h = cmd[1] - s[9];                                 /* H_SL */
        double e_v = cmd[2] - s[8];                                 /* VC */
        double heading = fabs(e_psi) * c[3];
        heading = heading > 1.0 ? 0.4 : 0.4 * heading;
        double altitude = fabs(e_h) * (1.0 / 300.0);
        altitude = altitude > 1.0 ? 0.4 : 0.4 * altitude;
        double airspeed = fabs(e_v) * (1.0 / 15.0);
        airspeed = airspeed > 1.0 ? 0.2 : 0.2 * airspeed;
        error = heading + altitude + airspeed;
        reward = 1.0 - error;
        o[0] = e_psi * c[2];
        o[1] = e_h * 1e-3;
        o[2] = e_v * 0.05;
        n_obs = 3;
        names[0] = str_alive, names[1] = str_heading, names[2] = str_altitude;
        names[3] = str_airspeed;
        v[1] = -heading, v[2] = -altitude, v[3] = -airspeed;
        n_terms = 4;
    }
    else {
        /* c: settle_s, 30 deg, 10 deg, 1 / 30 deg, 1 / 10 deg; cmd: bank, pitch, trim pitch */
        double e_phi = cmd[0] - s[0], e_theta = cmd[1] - s[1];  /* PHI, THETA */
        o[0] = e_phi * c[3];
        o[1] = e_theta * c[4];
        o[2] = cmd[0] * c[3];
        o[3] = (cmd[1] - cmd[2]) * c[4];
        n_obs = 4;
        double bank = fabs(e_phi) / c[1];
        bank = bank > 1.0 ? 1.0 : bank;
        double pitch = fabs(e_theta) / c[2];
        pitch = pitch > 1.0 ? 1.0 : pitch;
        error = 0.5 * (bank + pitch);
        reward = 1.0 - 0.5 * (bank + pitch);
        names[0] = str_alive, names[1] = str_bank, names[2] = str_pitch;
        v[1] = -0.5 * bank, v[2] = -0.5 * pitch;
        n_terms = 3;
    }
    /* _account: the tracking error; the settled sums once settle_s into the segment */
    if (dict_set_double(dict, str_tracking_error, error) < 0) {
        goto done;
    }
    if (t - segment_start >= c[0]) {
        PyObject *more = PyNumber_Add(n_settled, long_one);
        int failed = more == NULL ||
                     dict_set_double(dict, str_settled_sum, settled_sum + error) < 0 ||
                     PyDict_SetItem(dict, str_settled_n, more) < 0;
        Py_XDECREF(more);
        if (failed) {
            goto done;
        }
    }
    obs = PyList_New(n_obs);
    terms = terms_of(names, v, n_terms);
    if (obs == NULL || terms == NULL) {
        goto done;
    }
    for (int i = 0; i < n_obs; i++) {
        PyObject *x = PyFloat_FromDouble(o[i]);
        if (x == NULL) {
            goto done;
        }
        PyList_SET_ITEM(obs, i, x);
    }
    score = Py_BuildValue("(OdOOO)", obs, reward, terms, Py_False, str_empty);
    goto done;
fallback:
    if (status > 0) {
        score = Py_NewRef(Py_None);
    }
done:
    Py_XDECREF(obs);
    Py_XDECREF(terms);
    Py_DECREF(dict);
    return score;
}

/* one agent step up to its outputs: what step() and step_into() both build on */
typedef struct {
    double a[MAX_ACTIONS], s[STATE_SIZE];
    double t, north, east;
    int is_terminated, ended;  /* terminated; terminated or truncated */
    PyObject *time_s, *state, *north_ft, *east_ft, *scored;
    PyObject *reward, *success, *failure, *terminated, *truncated, *tracking;
    PyObject *terms, *task_obs;  /* borrowed from scored */
    PyObject *result;       /* the step result when the state is not finite */
} Scored;

static void
scored_clear(Scored *x)
{
    Py_XDECREF(x->time_s);
    Py_XDECREF(x->state);
    Py_XDECREF(x->north_ft);
    Py_XDECREF(x->east_ft);
    Py_XDECREF(x->scored);
    Py_XDECREF(x->reward);
    Py_XDECREF(x->success);
    Py_XDECREF(x->failure);
    Py_XDECREF(x->terminated);
    Py_XDECREF(x->truncated);
    Py_XDECREF(x->tracking);
    Py_XDECREF(x->result);
}

/* the state as Python sees it, made when the task's step or the track hook needs it:
 * STATE_PROPERTIES' values then the clipped actions, north and east [ft] */
static int
make_state(Kernel *k, Scored *x)
{
    if (x->state != NULL) {
        return 0;
    }
    x->north_ft = PyFloat_FromDouble(x->north);
    x->east_ft = PyFloat_FromDouble(x->east);
    x->state = PyList_New(STATE_SIZE + k->n_actions);
    if (x->state == NULL || x->north_ft == NULL || x->east_ft == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < STATE_SIZE + k->n_actions; i++) {
        PyObject *value = PyFloat_FromDouble(i < STATE_SIZE ? x->s[i] : x->a[i - STATE_SIZE]);
        if (value == NULL) {
            return -1;
        }
        PyList_SET_ITEM(x->state, i, value);
    }
    return 0;
}

/* clip, write, run, read, score, end the episode or not: 0 with x filled, 1 when the state
 * is not finite (x->result holds the step result), -1 on an error */
static int
score(Kernel *k, PyObject *action, Scored *x)
{
    double *a = x->a, *s = x->s;
    if (!k->begun) {
        PyObject *error = PyObject_CallNoArgs(reset_needed_error);
        if (error != NULL) {
            PyErr_SetObject((PyObject *)Py_TYPE(error), error);
            Py_DECREF(error);
        }
        return -1;
    }
    if (read_action(k, action, a) < 0 || advance(k, a, s) < 0) {
        return -1;
    }
    long long steps = k->steps = k->steps + 1;
    double t = x->t = (double)steps / k->agent_hz; /* the twin's: one rounding */
    double total = 0.0;
    for (Py_ssize_t i = 0; i < STATE_SIZE; i++) {
        total += s[i];
    }
    for (Py_ssize_t i = 0; i < k->n_actions; i++) {
        total += a[i];
    }
    x->time_s = PyFloat_FromDouble(t);
    if (x->time_s == NULL) {
        return -1;
    }
    if (!isfinite(total)) {  /* NaN or infinite somewhere in the state or the actions */
        x->result = PyObject_CallOneArg(k->nonfinite, x->time_s);
        return x->result == NULL ? -1 : 1;
    }
    double north = x->north = (s[12] - k->lat0) * EARTH_RADIUS_FT;
    double east = x->east = (s[13] - k->lon0) * k->east_scale;
    x->scored = k->scoring == SCORE_PYTHON ? Py_NewRef(Py_None) : native_score(k, s, t);
    if (x->scored == Py_None) {  /* the task's own step */
        Py_DECREF(x->scored);
        if (make_state(k, x) < 0) {
            return -1;
        }
        PyObject *call[5] = {k->task, x->state, x->north_ft, x->east_ft, x->time_s};
        x->scored =
            PyObject_VectorcallMethod(str_step, call, 5 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    }
    if (x->scored == NULL) {
        return -1;
    }
    if (!PyTuple_Check(x->scored) || PyTuple_GET_SIZE(x->scored) != 5) {
        PyErr_Format(PyExc_TypeError,
                     "%s.step must return (observations, reward, terms, success, failure)",
                     Py_TYPE(k->task)->tp_name);
        return -1;
    }
    x->task_obs = PyTuple_GET_ITEM(x->scored, 0);
    x->reward = PyTuple_GET_ITEM(x->scored, 1);
    x->terms = PyTuple_GET_ITEM(x->scored, 2);
    x->success = PyTuple_GET_ITEM(x->scored, 3);
    x->failure = PyTuple_GET_ITEM(x->scored, 4);
    Py_INCREF(x->reward);
    Py_INCREF(x->success);
    Py_INCREF(x->failure);
    int failed = PyObject_IsTrue(x->failure);
    if (failed < 0) {
        return -1;
    }
    if (!failed) {
        double phi = s[0], theta = s[1];
        PyObject *reason = NULL;
        if (s[11] < k->floor_agl) {
            reason = str_crash;
        }
        else if (!(-MAX_BANK_RAD <= phi && phi <= MAX_BANK_RAD && -MAX_PITCH_RAD <= theta &&
                   theta <= MAX_PITCH_RAD)) {
            reason = str_attitude;
        }
        else if (north * north + east * east > k->area_radius2) {
            reason = str_left_area;
        }
        if (reason != NULL) {
            Py_INCREF(reason);
            Py_SETREF(x->failure, reason);
            failed = 1;
        }
    }
    if (failed) {
        PyObject *less = PyNumber_InPlaceSubtract(x->reward, float_penalty);
        if (less == NULL) {
            return -1;
        }
        Py_SETREF(x->reward, less);
        if (PyObject_SetItem(x->terms, str_failure, float_minus_penalty) < 0) {
            return -1;
        }
        Py_INCREF(Py_False);
        Py_SETREF(x->success, Py_False);
        Py_INCREF(Py_True);
        x->terminated = Py_True;
    }
    else {
        if (PyObject_SetItem(x->terms, str_failure, float_zero) < 0) {
            return -1;
        }
        Py_INCREF(x->success);
        x->terminated = x->success;
    }
    int ended = PyObject_IsTrue(x->terminated);
    if (ended < 0) {
        return -1;
    }
    x->truncated = (!ended && steps >= k->max_steps) ? Py_True : Py_False;
    Py_INCREF(x->truncated);
    x->is_terminated = ended;
    x->ended = ended || x->truncated == Py_True;
    if (x->truncated == Py_True) {
        PyObject *finish[1] = {k->task};
        PyObject *judged = PyObject_VectorcallMethod(
            str_finish, finish, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
        if (judged == NULL) {
            return -1;
        }
        Py_SETREF(x->success, judged);
    }
    if (k->on_step != NULL) {
        if (make_state(k, x) < 0) {
            return -1;
        }
        PyObject *track[4] = {x->state, x->time_s, x->north_ft, x->east_ft};
        PyObject *done_track = PyObject_Vectorcall(k->on_step, track, 4, NULL);
        if (done_track == NULL) {
            return -1;
        }
        Py_DECREF(done_track);
    }
    x->tracking = PyObject_GetAttr(k->task, str_tracking_error);
    return x->tracking == NULL ? -1 : 0;
}

/* the Gymnasium step result of a scored step */
static PyObject *
step_result(Kernel *k, Scored *x)
{
    PyObject *result = NULL, *obs = NULL, *info = PyDict_New();
    if (info == NULL || PyDict_SetItem(info, str_reward_terms, x->terms) < 0 ||
        PyDict_SetItem(info, str_is_success, x->success) < 0 ||
        PyDict_SetItem(info, str_failure, x->failure) < 0 ||
        PyDict_SetItem(info, str_tracking_error, x->tracking) < 0 ||
        PyDict_SetItem(info, str_time_s, x->time_s) < 0) {
        goto done;
    }
    obs = build_observation(k, x->s, x->task_obs, x->a, k->n_actions);
    if (obs == NULL) {
        goto done;
    }
    result = PyTuple_Pack(5, obs, x->reward, x->terminated, x->truncated, info);
done:
    Py_XDECREF(obs);
    Py_XDECREF(info);
    return result;
}

static PyObject *
kernel_step(Kernel *k, PyObject *action)
{
    Scored x = {0};
    PyObject *result = NULL;
    int status = score(k, action, &x);
    if (status == 1) {
        result = x.result;
        x.result = NULL;
    }
    else if (status == 0) {
        result = step_result(k, &x);
    }
    scored_clear(&x);
    return result;
}

/* a writable C-contiguous 2-D buffer of `code` items, `width` per row, with row `index`
 * (the twin's _check_rows, with its message) */
static int
get_rows(PyObject *array, Py_buffer *view, char code, Py_ssize_t width, Py_ssize_t index,
         const char *what)
{
    int ok = PyObject_GetBuffer(array, view, PyBUF_WRITABLE | PyBUF_FORMAT | PyBUF_STRIDES) == 0;
    if (!ok) {
        PyErr_Clear();  /* no buffer, or a read-only one: the message below */
    }
    else {
        const char *f = view->format;
        char got = f == NULL ? 'B' : (f[0] == '@' || f[0] == '=' || f[0] == '<') ? f[1] : f[0];
        ok = view->ndim == 2 && view->shape[1] == width && got == code && index >= 0 &&
             index < view->shape[0] && PyBuffer_IsContiguous(view, 'C');
        if (!ok) {
            PyBuffer_Release(view);
        }
    }
    if (!ok) {
        PyErr_Format(PyExc_ValueError,
                     "step_into: %s must be a C-contiguous (n, %zd) array of '%c' with row %zd",
                     what, width, code, index);
        return -1;
    }
    return 0;
}

/* `value` as a double in *out: 0; 1 when it is no number (a string, or a TypeError or
 * ValueError, cleared), the twin's float() refusal: the caller's general case; -1 on any
 * other error */
static int
as_double(PyObject *value, double *out)
{
    if (PyUnicode_Check(value) || PyBytes_Check(value) || PyByteArray_Check(value)) {
        return 1;
    }
    double x = PyFloat_AsDouble(value);
    if (x == -1.0 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_ValueError)) {
            PyErr_Clear();
            return 1;
        }
        return -1;
    }
    *out = x;
    return 0;
}

/* step_into's row of the info table: 1 written, 0 when the step is not the usual kind
 * (the twin's conditions, in its order), -1 on an error */
static int
table_row(Kernel *k, Scored *x, PyObject *codes, PyObject *terms, double *row)
{
    Py_ssize_t n = PyTuple_GET_SIZE(terms);
    if (!PyUnicode_CheckExact(x->failure)) {
        return 0;
    }
    PyObject *code = PyDict_GetItemWithError(codes, x->failure);
    if (code == NULL) {
        return PyErr_Occurred() ? -1 : 0;  /* an unlisted failure: the general case */
    }
    int nonfinite = PyUnicode_Compare(x->failure, nonfinite_failure);
    if (nonfinite == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (nonfinite == 0 || k->shape != NULL || !PyDict_CheckExact(x->terms) ||
        !PyBool_Check(x->success) || PyDict_GET_SIZE(x->terms) != n) {
        return 0;
    }
    double *values = row + 8 + n;
    for (Py_ssize_t j = 0; j < n; j++) {
        if (PyDict_GetItemWithError(x->terms, PyTuple_GET_ITEM(terms, j)) == NULL) {
            return PyErr_Occurred() ? -1 : 0;  /* a declared term missing */
        }
    }
    int status;
    if ((status = as_double(x->reward, &row[0])) != 0 ||
        (status = as_double(x->tracking, &row[1])) != 0 ||
        (status = as_double(code, &row[3])) != 0) {
        return status < 0 ? -1 : 0;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *value = PyDict_GetItemWithError(x->terms, PyTuple_GET_ITEM(terms, j));
        if (value == NULL) {
            return PyErr_Occurred() ? -1 : 0;
        }
        if ((status = as_double(value, &values[j])) != 0) {
            return status < 0 ? -1 : 0;
        }
        row[8 + j] = 1.0;
    }
    row[2] = x->t;
    row[4] = 1.0;
    row[5] = x->is_terminated ? 1.0 : 0.0;
    row[6] = x->truncated == Py_True ? 1.0 : 0.0;
    row[7] = x->success == Py_True ? 1.0 : 0.0;
    return 1;
}

static PyObject *
kernel_step_into(Kernel *k, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyDict_Check(args[4]) || !PyTuple_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError,
                        "step_into(action, obs_out, table_out, index, codes: dict, terms: tuple)");
        return NULL;
    }
    Py_ssize_t index = PyNumber_AsSsize_t(args[3], PyExc_IndexError);
    if (index == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t n_terms = PyTuple_GET_SIZE(args[5]);
    if (n_terms > MAX_OBSERVATIONS) {
        PyErr_SetString(PyExc_ValueError, "step_into: too many reward terms");
        return NULL;
    }
    Py_buffer obs_view, table_view;
    if (get_rows(args[1], &obs_view, 'f', k->obs_size, index, "obs_out") < 0) {
        return NULL;
    }
    if (get_rows(args[2], &table_view, 'd', 8 + 2 * n_terms, index, "table_out") < 0) {
        PyBuffer_Release(&obs_view);
        return NULL;
    }
    Scored x = {0};
    PyObject *result = NULL;
    double row[8 + 2 * MAX_OBSERVATIONS];
    float obs[MAX_OBSERVATIONS];
    int status = score(k, args[0], &x);
    if (status == 1) {
        result = x.result;
        x.result = NULL;
    }
    else if (status == 0) {
        int usual = table_row(k, &x, args[4], args[5], row);  /* < 0: an error, no write */
        if (usual == 0) {
            result = step_result(k, &x);
        }
        else if (usual == 1 && fill_observation(k, x.s, x.task_obs, x.a, k->n_actions, obs) == 0) {
            memcpy((char *)obs_view.buf + index * k->obs_size * sizeof(float), obs,
                   k->obs_size * sizeof(float));
            memcpy((char *)table_view.buf + index * (8 + 2 * n_terms) * sizeof(double), row,
                   (8 + 2 * n_terms) * sizeof(double));
            result = x.ended ? Py_True : Py_False;
            Py_INCREF(result);
        }
    }
    scored_clear(&x);
    PyBuffer_Release(&obs_view);
    PyBuffer_Release(&table_view);
    return result;
}

static PyObject *
kernel_begin(Kernel *k, PyObject *args)
{
    double lat0, lon0, floor_agl, radius;
    if (!PyArg_ParseTuple(args, "dddd:begin", &lat0, &lon0, &floor_agl, &radius)) {
        return NULL;
    }
    k->lat0 = lat0;
    k->lon0 = lon0;
    k->east_scale = EARTH_RADIUS_FT * cos(lat0);
    k->floor_agl = floor_agl;
    k->area_radius2 = pow(radius, 2.0);
    k->steps = 0;
    k->begun = 1;
    Py_RETURN_NONE;
}

static PyObject *
kernel_local(Kernel *k, PyObject *state)
{
    double s[STATE_SIZE];
    if (read_doubles(state, s, STATE_SIZE, 0) < 0) {
        return NULL;
    }
    return Py_BuildValue("(dd)", (s[12] - k->lat0) * EARTH_RADIUS_FT,
                         (s[13] - k->lon0) * k->east_scale);
}

static PyObject *
kernel_observation(Kernel *k, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "observation(s, task_obs, held)");
        return NULL;
    }
    double s[STATE_SIZE], held[MAX_ACTIONS];
    if (read_doubles(args[0], s, STATE_SIZE, 0) < 0) {
        return NULL;
    }
    Py_ssize_t n_held = PySequence_Size(args[2]);
    if (n_held < 0) {
        return NULL;
    }
    if (n_held > MAX_ACTIONS) {
        PyErr_SetString(PyExc_ValueError, "observation: too many held commands");
        return NULL;
    }
    if (read_doubles(args[2], held, n_held, 1) < 0) {
        return NULL;
    }
    return build_observation(k, s, args[1], held, n_held);
}

static PyMethodDef kernel_methods[] = {
    {"step", (PyCFunction)kernel_step, METH_O,
     "step(action) -> (obs, reward, terminated, truncated, info): one agent step."},
    {"step_into", (PyCFunction)(void (*)(void))kernel_step_into, METH_FASTCALL,
     "step_into(action, obs_out, table_out, index, codes, terms) -> ended, or the step result."},
    {"begin", (PyCFunction)kernel_begin, METH_VARARGS,
     "begin(lat0_rad, lon0_rad, floor_agl_ft, area_radius_ft): a new episode."},
    {"local", (PyCFunction)kernel_local, METH_O,
     "local(s) -> (north_ft, east_ft) from the episode's origin."},
    {"observation", (PyCFunction)(void (*)(void))kernel_observation, METH_FASTCALL,
     "observation(s, task_obs, held) -> obs: clipped, float32."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef kernel_members[] = {
    {"steps", T_LONGLONG, offsetof(Kernel, steps), READONLY, "Agent steps since begin()."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject KernelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "flightsim.envs._stepkernel.StepKernel",
    .tp_doc = "One environment's agent step (see flightsim/envs/_stepkernel_pure.py).",
    .tp_basicsize = sizeof(Kernel),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)kernel_init,
    .tp_dealloc = (destructor)kernel_dealloc,
    .tp_traverse = (traverseproc)kernel_traverse,
    .tp_clear = (inquiry)kernel_clear,
    .tp_methods = kernel_methods,
    .tp_members = kernel_members,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "flightsim.envs._stepkernel",
    "The environments' agent step in C (twin: flightsim.envs._stepkernel_pure).", -1, NULL,
};

static int
intern(PyObject **slot, const char *text)
{
    *slot = PyUnicode_InternFromString(text);
    return *slot == NULL ? -1 : 0;
}

PyMODINIT_FUNC
PyInit__stepkernel(void)
{
    PyObject *twin = PyImport_ImportModule("flightsim.envs._stepkernel_pure");
    if (twin == NULL) {
        return NULL;
    }
    coerce_action = PyObject_GetAttrString(twin, "coerce_action");
    observation_size_error = PyObject_GetAttrString(twin, "observation_size_error");
    reset_needed_error = PyObject_GetAttrString(twin, "reset_needed_error");
    nonfinite_failure = PyObject_GetAttrString(twin, "NONFINITE_FAILURE");
    Py_DECREF(twin);
    if (coerce_action == NULL || observation_size_error == NULL || reset_needed_error == NULL ||
        nonfinite_failure == NULL) {
        return NULL;
    }
    if (intern(&str_step, "step") < 0 || intern(&str_finish, "finish") < 0 ||
        intern(&str_tracking_error, "tracking_error") < 0 ||
        intern(&str_failure, "failure") < 0 || intern(&str_reward_terms, "reward_terms") < 0 ||
        intern(&str_is_success, "is_success") < 0 || intern(&str_time_s, "time_s") < 0 ||
        intern(&str_crash, "crash") < 0 || intern(&str_attitude, "attitude") < 0 ||
        intern(&str_left_area, "left area") < 0 || intern(&str_empty, "") < 0 ||
        intern(&str_heading_cmd, "heading_cmd") < 0 ||
        intern(&str_altitude_cmd, "altitude_cmd") < 0 || intern(&str_kcas_cmd, "kcas_cmd") < 0 ||
        intern(&str_bank_cmd, "bank_cmd") < 0 || intern(&str_pitch_cmd, "pitch_cmd") < 0 ||
        intern(&str_theta_trim, "_theta_trim") < 0 ||
        intern(&str_next_change, "_next_change_s") < 0 ||
        intern(&str_segment_start, "_segment_start_s") < 0 ||
        intern(&str_settled_sum, "_settled_sum") < 0 ||
        intern(&str_settled_n, "_settled_n") < 0 || intern(&str_alive, "alive") < 0 ||
        intern(&str_heading, "heading") < 0 || intern(&str_altitude, "altitude") < 0 ||
        intern(&str_airspeed, "airspeed") < 0 || intern(&str_bank, "bank") < 0 ||
        intern(&str_pitch, "pitch") < 0) {
        return NULL;
    }
    float_penalty = PyFloat_FromDouble(FAILURE_PENALTY);
    float_minus_penalty = PyFloat_FromDouble(-FAILURE_PENALTY);
    float_zero = PyFloat_FromDouble(0.0);
    float_one = PyFloat_FromDouble(1.0);
    long_one = PyLong_FromLong(1);
    if (float_penalty == NULL || float_minus_penalty == NULL || float_zero == NULL ||
        float_one == NULL || long_one == NULL) {
        return NULL;
    }
    if (PyType_Ready(&KernelType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&KernelType);
    if (PyModule_AddObject(m, "StepKernel", (PyObject *)&KernelType) < 0) {
        Py_DECREF(&KernelType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
