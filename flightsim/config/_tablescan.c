/*
 * The table rule's fast path in C (used by flightsim/config/rules/tables.py).
 *
 * table_dimension(text) is 1 or 2 when `text`, the content of a <tableData>,
 * is a faultless 1-D or 2-D table, and None when it may hold a fault: then the
 * Python check reads it row by row and names the fault and its row. Faultless
 * means: only decimal numbers as JSBSim's FGTable reads them
 * ([-+]digits[.digits][e[-+]digits], finite), separated by ASCII whitespace;
 * either every row holds two numbers with strictly increasing breakpoints
 * (1-D), or a first row of strictly increasing column breakpoints and at least
 * one row below, each holding its strictly increasing row breakpoint and one
 * value per column (2-D). Anything else, a one-row table of other than two
 * numbers and non-ASCII text included, is None: the detailed check decides. In
 * Python (a regular expression, then splitting and converting) the bundled
 * tables cost ~13 ms; here ~1 ms.
 */
#include "_decimal.h"

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The state of one pass over the rows. */
typedef struct {
    Py_ssize_t rows;
    Py_ssize_t first_length;  /* numbers on the first row */
    Py_ssize_t other_length;  /* numbers on the second row (-1: none yet) */
    int same_lengths;         /* every row below the first as long as the second */
    int all_two;              /* every row holds two numbers */
    int column_keys_increase; /* the first row's numbers increase */
    int row_keys_increase;    /* the first numbers of the rows below the first increase */
    int all_keys_increase;    /* the first numbers of every row increase */
    double first_key, last_row_key;
} Shape;

static void
end_row(Shape *shape, Py_ssize_t length, double key)
{
    if (length == 0) {
        return;
    }
    if (shape->rows == 0) {
        shape->first_length = length;
    }
    else {
        if (shape->other_length < 0) {
            shape->other_length = length;
        }
        else if (length != shape->other_length) {
            shape->same_lengths = 0;
        }
        if (shape->rows >= 2 && !(key > shape->last_row_key)) {
            shape->row_keys_increase = 0;
        }
        if (!(key > (shape->rows == 1 ? shape->first_key : shape->last_row_key))) {
            shape->all_keys_increase = 0;
        }
        shape->last_row_key = key;
    }
    if (shape->rows == 0) {
        shape->first_key = key;
    }
    if (length != 2) {
        shape->all_two = 0;
    }
    shape->rows++;
}

static PyObject *
table_dimension(PyObject *module, PyObject *text_object)
{
    (void)module;
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(text_object, &size);
    if (text == NULL) {
        return NULL;
    }
    if ((Py_ssize_t)strlen(text) != size) {
        Py_RETURN_NONE; /* a NUL character: not table text */
    }
    Shape shape = {0, 0, -1, 1, 1, 1, 1, 1, 0.0, 0.0};
    Py_ssize_t length = 0; /* numbers on the current row */
    double key = 0.0, previous_column = 0.0;
    const char *s = text;
    while (1) {
        while (is_blank(*s)) {
            s++;
        }
        if (*s == '\n' || *s == '\0') {
            end_row(&shape, length, key);
            length = 0;
            if (*s == '\0') {
                break;
            }
            s++;
            continue;
        }
        Py_ssize_t token = decimal_length(s);
        if (token == 0 || token > 120 ||
            !(is_blank(s[token]) || s[token] == '\n' || s[token] == '\0')) {
            Py_RETURN_NONE; /* not a plain number: the detailed check names it */
        }
        double value;
        if (decimal_value(s, token, &value) < 0) {
            return NULL;
        }
        if (!Py_IS_FINITE(value)) {
            Py_RETURN_NONE;
        }
        if (length == 0) {
            key = value;
        }
        if (shape.rows == 0) {
            if (length > 0 && !(value > previous_column)) {
                shape.column_keys_increase = 0;
            }
            previous_column = value;
        }
        length++;
        s += token;
    }
    if (shape.rows == 0) {
        Py_RETURN_NONE;
    }
    if (shape.all_two) {
        if (shape.all_keys_increase) {
            return PyLong_FromLong(1);
        }
        Py_RETURN_NONE;
    }
    if (shape.rows >= 2 && shape.same_lengths && shape.other_length == shape.first_length + 1 &&
        shape.column_keys_increase && shape.row_keys_increase) {
        return PyLong_FromLong(2);
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"table_dimension", table_dimension, METH_O,
     "table_dimension(text) -> 1, 2 or None: the dimension of a faultless 1-D or 2-D "
     "<tableData> text, None when it may hold a fault."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_tablescan",
    "The table rule's fast path (flightsim.config.rules.tables).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__tablescan(void)
{
    return PyModule_Create(&module_def);
}
