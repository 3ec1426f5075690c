/*
 * Decimal numbers as JSBSim's loaders read them ([-+]digits[.digits][e[-+]digits]),
 * shared by flightsim/config/_vocabscan.c and _tablescan.c.
 *
 * decimal_length() finds a token; decimal_value() converts one, exactly as
 * Python's float() does: by Clinger's fast path when the significant digits
 * fit in 15 and the power of ten in 22 (then one IEEE multiplication or
 * division of two exact doubles is correctly rounded; W. D. Clinger, "How to
 * read floating point numbers accurately", PLDI 1990), else by
 * PyOS_string_to_double. The fast path skips CPython's x87 control-word
 * switching, which costs more than the conversion itself.
 */
#ifndef FLIGHTSIM_DECIMAL_H
#define FLIGHTSIM_DECIMAL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

static int
decimal_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The length of the decimal number token at s (0 when none starts there). */
static Py_ssize_t
decimal_length(const char *s)
{
    Py_ssize_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-') {
        i++;
    }
    while (decimal_digit(s[i])) {
        i++, digits++;
    }
    if (s[i] == '.') {
        i++;
        while (decimal_digit(s[i])) {
            i++, digits++;
        }
    }
    if (digits == 0) {
        return 0;
    }
    if (s[i] == 'e' || s[i] == 'E') {
        Py_ssize_t j = i + 1;
        if (s[j] == '+' || s[j] == '-') {
            j++;
        }
        if (decimal_digit(s[j])) {
            while (decimal_digit(s[j])) {
                j++;
            }
            i = j;
        }
        else {
            return 0; /* an exponent without digits: not a number */
        }
    }
    return i;
}

/* The value of the token s[0:length] (decimal_length() == length); -1 with an exception
   set on failure. */
static int
decimal_value(const char *s, Py_ssize_t length, double *out)
{
    static const double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    Py_ssize_t i = 0;
    int negative = 0;
    if (s[i] == '+' || s[i] == '-') {
        negative = s[i] == '-';
        i++;
    }
    uint64_t mantissa = 0;
    int significant = 0, exponent = 0, seen_point = 0;
    for (; i < length && (decimal_digit(s[i]) || s[i] == '.'); i++) {
        if (s[i] == '.') {
            seen_point = 1;
            continue;
        }
        if (mantissa == 0 && s[i] == '0') {
            exponent -= seen_point; /* a leading zero: only its place counts */
            continue;
        }
        if (++significant > 15) {
            break;
        }
        mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
        exponent -= seen_point;
    }
    if (significant <= 15) {
        long written = 0;
        if (i < length) { /* the exponent: e[-+]digits */
            Py_ssize_t j = i + 1;
            int sign = 1;
            if (s[j] == '+' || s[j] == '-') {
                sign = s[j] == '-' ? -1 : 1;
                j++;
            }
            for (; j < length && written < 100000; j++) {
                written = written * 10 + (s[j] - '0');
            }
            written *= sign;
        }
        long power = exponent + written;
        if (mantissa == 0) {
            *out = negative ? -0.0 : 0.0;
            return 0;
        }
        if (power >= -22 && power <= 22) {
            double value = (double)mantissa;
            value = power >= 0 ? value * powers[power] : value / powers[-power];
            *out = negative ? -value : value;
            return 0;
        }
    }
    char buffer[128];
    if (length >= (Py_ssize_t)sizeof(buffer)) {
        PyErr_SetString(PyExc_ValueError, "decimal_value: token too long");
        return -1;
    }
    memcpy(buffer, s, (size_t)length);
    buffer[length] = '\0';
    *out = PyOS_string_to_double(buffer, NULL, NULL);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

#endif
