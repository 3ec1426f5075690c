/*
 * The vocabulary walk's compiled prefilter (used by flightsim/config/rules/vocabulary_rules.py).
 *
 * compile(entries, comparisons) turns the vocabulary's element specs into C
 * records once; scan(compiled, root, spec_index, every) walks the elements
 * below an lxml root element as the Python walk does and returns
 * [(element, spec_index), ...]: the elements whose children the Python checks
 * must look at. Those are the ones where a child, an attribute, a text or a
 * unit is not plainly fine, or where an operand count or a required child is
 * off; with every=True, every element the walk visits. The prefilter is
 * conservative: when in doubt (namespaces, non-ASCII text, several text
 * nodes, an empty unit...) it hands the element to Python, which writes every
 * diagnostic. In Python the same walk costs ~3.5 us an element (lxml makes a
 * proxy object per element and per call); here ~0.1 us.
 *
 * The tree is read as _lxmltree.h says (lxml's public C API: the element's
 * xmlNode, and elementFactory for the proxies handed back).
 *
 * Each entry of `entries` is a tuple, one per spec, in spec-index order:
 *   0 children            dict {tag: position} of the allowed children, None: free-form
 *   1 child_specs         tuple of the spec index of each position
 *   2 child_flags         tuple of ints per position: 1 may repeat, 2 is a function operator
 *   3 required_children   tuple of positions that must be present
 *   4 attributes          frozenset of allowed attribute names, None: any
 *   5 required_attributes tuple of str
 *   6 enums               tuple of (attribute name, frozenset of allowed values)
 *   7 number_attributes   tuple of str
 *   8 text_kind           0 not checked, 1 number, 2 number or property, 3 condition, 4 enum
 *   9 enum_text           frozenset of the allowed texts (text_kind 4)
 *  10 checks_unit         bool: the unit attribute is converted
 *  11 accepted_units      frozenset of the unit names of the right dimension
 *  12 surprising_default  bool: a value without a unit deserves a warning
 *  13 ignored             bool: JSBSim does not use the element
 *  14 operands_low        minimum operations below it, -1 when it is not an operation
 *  15 operands_high       maximum, -1 for none
 */
#include "_decimal.h"
#include "_lxmltree.h"

#include <string.h>

#define REPEATABLE 1
#define OPERATOR 2

enum { TEXT_NONE, TEXT_NUMBER, TEXT_VALUE, TEXT_CONDITION, TEXT_ENUM };

typedef struct {
    PyObject *children;
    Py_ssize_t n_children;
    int *child_spec;
    unsigned char *child_flags;
    Py_ssize_t n_required;
    int *required;
    PyObject *attributes;
    PyObject *required_attributes;
    PyObject *enums;
    PyObject *number_attributes;
    int text_kind;
    PyObject *enum_text;
    int checks_unit;
    PyObject *accepted_units;
    int surprising_default;
    int ignored;
    int operands_low;
    int operands_high;
    int checks_attributes;
    int checks_content;
} Spec;

typedef struct {
    PyObject *entries; /* owns every object the specs borrow */
    PyObject *comparisons;
    Py_ssize_t n_specs;
    Spec *specs;
} Compiled;

static const char CAPSULE_NAME[] = "flightsim.config._vocabscan.Compiled";

/* ---------------------------------------------------------------- compile */

static void
free_compiled(Compiled *compiled)
{
    if (compiled->specs != NULL) {
        for (Py_ssize_t i = 0; i < compiled->n_specs; i++) {
            PyMem_Free(compiled->specs[i].child_spec);
            PyMem_Free(compiled->specs[i].child_flags);
            PyMem_Free(compiled->specs[i].required);
        }
        PyMem_Free(compiled->specs);
    }
    Py_XDECREF(compiled->entries);
    Py_XDECREF(compiled->comparisons);
    PyMem_Free(compiled);
}

static void
destroy_capsule(PyObject *capsule)
{
    free_compiled((Compiled *)PyCapsule_GetPointer(capsule, CAPSULE_NAME));
}

static PyObject *
none_to_null(PyObject *value)
{
    return value == Py_None ? NULL : value;
}

/* Copy a tuple of ints into a new C array of *count ints (in [0, limit) when limit > 0). */
static int
int_array(PyObject *tuple, Py_ssize_t limit, int **out, Py_ssize_t *count, const char *what)
{
    if (!PyTuple_Check(tuple)) {
        PyErr_Format(PyExc_TypeError, "compile: %s must be a tuple", what);
        return -1;
    }
    *count = PyTuple_GET_SIZE(tuple);
    *out = PyMem_Calloc(*count ? *count : 1, sizeof(int));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *count; i++) {
        long value = PyLong_AsLong(PyTuple_GET_ITEM(tuple, i));
        if (!(value == -1 && PyErr_Occurred()) && (value < 0 || (limit > 0 && value >= limit))) {
            PyErr_Format(PyExc_ValueError, "compile: %s holds %ld, out of range", what, value);
        }
        if (PyErr_Occurred()) {
            PyMem_Free(*out);
            *out = NULL;
            return -1;
        }
        (*out)[i] = (int)value;
    }
    return 0;
}

static int
compile_spec(PyObject *entry, Spec *spec, Py_ssize_t n_specs)
{
    PyObject *children, *child_specs, *child_flags, *required, *attributes, *enum_text;
    PyObject *accepted_units;
    if (!PyArg_ParseTuple(entry, "OO!O!O!OO!O!O!iOpO!ppii;compile: a spec entry",
                          &children, &PyTuple_Type, &child_specs, &PyTuple_Type, &child_flags,
                          &PyTuple_Type, &required, &attributes, &PyTuple_Type,
                          &spec->required_attributes, &PyTuple_Type, &spec->enums,
                          &PyTuple_Type, &spec->number_attributes, &spec->text_kind, &enum_text,
                          &spec->checks_unit, &PyFrozenSet_Type, &accepted_units,
                          &spec->surprising_default, &spec->ignored, &spec->operands_low,
                          &spec->operands_high)) {
        return -1;
    }
    spec->children = none_to_null(children);
    spec->attributes = none_to_null(attributes);
    spec->enum_text = enum_text;
    spec->accepted_units = accepted_units;
    if ((spec->children != NULL && !PyDict_Check(spec->children)) ||
        (spec->attributes != NULL && !PyAnySet_Check(spec->attributes)) ||
        !PyAnySet_Check(enum_text) || spec->text_kind < TEXT_NONE || spec->text_kind > TEXT_ENUM) {
        PyErr_SetString(PyExc_TypeError, "compile: a spec entry has a field of the wrong type");
        return -1;
    }
    Py_ssize_t n_flags;
    int *flags;
    if (int_array(child_specs, n_specs, &spec->child_spec, &spec->n_children, "child_specs") < 0 ||
        int_array(child_flags, 0, &flags, &n_flags, "child_flags") < 0) {
        return -1;
    }
    spec->child_flags = PyMem_Calloc(n_flags ? n_flags : 1, 1);
    if (spec->child_flags == NULL) {
        PyMem_Free(flags);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n_flags; i++) {
        spec->child_flags[i] = (unsigned char)flags[i];
    }
    PyMem_Free(flags);
    if (n_flags != spec->n_children ||
        (spec->children != NULL && PyDict_GET_SIZE(spec->children) != spec->n_children)) {
        PyErr_SetString(PyExc_ValueError, "compile: children, child_specs and child_flags differ");
        return -1;
    }
    if (int_array(required, spec->n_children, &spec->required, &spec->n_required,
                  "required_children") < 0) {
        return -1;
    }
    spec->checks_attributes = PyTuple_GET_SIZE(spec->required_attributes) > 0 ||
                              PyTuple_GET_SIZE(spec->enums) > 0 ||
                              PyTuple_GET_SIZE(spec->number_attributes) > 0;
    spec->checks_content = spec->text_kind != TEXT_NONE || spec->checks_unit || spec->ignored;
    return 0;
}

static PyObject *
compile(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyList_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "compile(entries: list, comparisons: tuple)");
        return NULL;
    }
    Compiled *compiled = PyMem_Calloc(1, sizeof(Compiled));
    if (compiled == NULL) {
        return PyErr_NoMemory();
    }
    /* A tuple copy: the specs borrow from entries that nobody can change any more. */
    compiled->entries = PyList_AsTuple(args[0]);
    Py_INCREF(args[1]);
    compiled->comparisons = args[1];
    if (compiled->entries == NULL) {
        free_compiled(compiled);
        return NULL;
    }
    compiled->n_specs = PyTuple_GET_SIZE(compiled->entries);
    compiled->specs = PyMem_Calloc(compiled->n_specs ? compiled->n_specs : 1, sizeof(Spec));
    if (compiled->specs == NULL) {
        free_compiled(compiled);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < compiled->n_specs; i++) {
        PyObject *entry = PyTuple_GET_ITEM(compiled->entries, i);
        if (!PyTuple_Check(entry) ||
            compile_spec(entry, &compiled->specs[i], compiled->n_specs) < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "compile: each entry must be a tuple");
            }
            free_compiled(compiled);
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(compiled->comparisons); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(compiled->comparisons, i))) {
            PyErr_SetString(PyExc_TypeError, "compile: comparisons must be strings");
            free_compiled(compiled);
            return NULL;
        }
    }
    PyObject *capsule = PyCapsule_New(compiled, CAPSULE_NAME, destroy_capsule);
    if (capsule == NULL) {
        free_compiled(compiled);
    }
    return capsule;
}

/* ------------------------------------------------------------------- scan */

typedef struct {
    Compiled *compiled;
    struct LxmlDocument *doc;
    int every;
    PyObject *found;
    NameCache names;
} Scan;

/* The text of a text or attribute node's children: "" for none, NULL for several
   (or anything but one text node): the caller hands such an element to Python. */
static const char EMPTY[] = "";

static const char *
single_text(xmlNode *first)
{
    if (first == NULL) {
        return EMPTY;
    }
    if ((first->type != XML_TEXT_NODE && first->type != XML_CDATA_SECTION_NODE) ||
        first->content == NULL) {
        return NULL;
    }
    xmlNode *next = first->next;
    if (next != NULL && (next->type == XML_TEXT_NODE || next->type == XML_CDATA_SECTION_NODE ||
                         next->type == XML_XINCLUDE_START || next->type == XML_XINCLUDE_END)) {
        return NULL;
    }
    return (const char *)first->content;
}

/* An element's text as lxml's .text gives it ("" for None), NULL when it is made of
   several nodes. */
static const char *
element_text(xmlNode *node)
{
    xmlNode *first = node->children;
    if (first == NULL || (first->type != XML_TEXT_NODE && first->type != XML_CDATA_SECTION_NODE &&
                          first->type != XML_XINCLUDE_START && first->type != XML_XINCLUDE_END)) {
        return EMPTY; /* lxml: the text is None when the first child is not text */
    }
    return single_text(first);
}

/* The attribute `name` (no namespace): its value, EMPTY-valued when empty, NULL when
   absent; *complex set when its value is made of several nodes. */
static const char *
attribute(xmlNode *node, const char *name, int *complex)
{
    for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
        if (attr->ns == NULL && strcmp((const char *)attr->name, name) == 0) {
            const char *value = single_text(attr->children);
            if (value == NULL) {
                *complex = 1;
            }
            return value;
        }
    }
    return NULL;
}

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= 0x1c && c <= 0x1f);
}

static int
has_non_ascii(const char *text)
{
    for (; *text; text++) {
        if ((unsigned char)*text >= 0x80) {
            return 1;
        }
    }
    return 0;
}

/* text without surrounding ASCII whitespace: *start and its length. */
static Py_ssize_t
stripped(const char *text, const char **start)
{
    while (is_space(*text)) {
        text++;
    }
    Py_ssize_t length = (Py_ssize_t)strlen(text);
    while (length > 0 && is_space(text[length - 1])) {
        length--;
    }
    *start = text;
    return length;
}

/* A plain decimal number ([-+]digits[.digits][e[-+]digits]) that is finite as a double;
   surrounding ASCII whitespace allowed. Anything else (Python decides): 0. */
static int
plain_number(const char *text)
{
    const char *s;
    Py_ssize_t length = stripped(text, &s);
    double value;
    if (length == 0 || length > 120 || decimal_length(s) != length) {
        return 0;
    }
    if (decimal_value(s, length, &value) < 0) {
        PyErr_Clear();
        return 0;
    }
    return Py_IS_FINITE(value);
}

/* [-+]?(nan|inf|infinity), any case: the words Python's float() reads as not finite. */
static int
non_finite_word(const char *s, Py_ssize_t length)
{
    if (length > 0 && (s[0] == '+' || s[0] == '-')) {
        s++, length--;
    }
    return (length == 3 && (PyOS_strnicmp(s, "nan", 3) == 0 || PyOS_strnicmp(s, "inf", 3) == 0)) ||
           (length == 8 && PyOS_strnicmp(s, "infinity", 8) == 0);
}

static int
set_has_text(PyObject *set, const char *text, Py_ssize_t length)
{
    PyObject *value = PyUnicode_FromStringAndSize(text, length);
    if (value == NULL) {
        return -1;
    }
    int found = PySet_Contains(set, value);
    Py_DECREF(value);
    return found;
}

static int
is_comparison(Scan *scan, const char *word, Py_ssize_t length)
{
    PyObject *comparisons = scan->compiled->comparisons;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(comparisons); i++) {
        Py_ssize_t size;
        const char *known = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(comparisons, i), &size);
        if (known == NULL) {
            return -1;
        }
        if (size == length && memcmp(known, word, (size_t)length) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Each line of a condition holds no word, or three with a known comparison in the middle. */
static int
plain_condition(Scan *scan, const char *text)
{
    if (has_non_ascii(text)) {
        return 0;
    }
    while (*text) {
        int words = 0;
        const char *second = NULL;
        Py_ssize_t second_length = 0;
        while (*text && *text != '\n') {
            if (is_space(*text)) {
                text++;
                continue;
            }
            const char *word = text;
            while (*text && *text != '\n' && !is_space(*text)) {
                text++;
            }
            if (++words == 2) {
                second = word;
                second_length = text - word;
            }
        }
        if (*text == '\n') {
            text++;
        }
        if (words != 0 && words != 3) {
            return 0;
        }
        if (words == 3) {
            int known = is_comparison(scan, second, second_length);
            if (known <= 0) {
                return known;
            }
        }
    }
    return 1;
}

/* 1 when the text raises nothing for its kind, 0 when Python must look, -1 on error. */
static int
plain_text(Scan *scan, Spec *spec, xmlNode *node)
{
    const char *text = element_text(node);
    if (text == NULL) {
        return 0;
    }
    const char *s;
    Py_ssize_t length;
    switch (spec->text_kind) {
    case TEXT_NUMBER:
        return plain_number(text);
    case TEXT_VALUE:
        if (has_non_ascii(text)) {
            return 0;
        }
        length = stripped(text, &s);
        if (length == 0) {
            return 1;
        }
        if (decimal_digit(s[0]) || ((s[0] == '+' || s[0] == '-' || s[0] == '.') && length > 1 &&
                               decimal_digit(s[1])) ||
            non_finite_word(s, length)) {
            return plain_number(text);
        }
        return 1; /* a property name */
    case TEXT_CONDITION:
        return plain_condition(scan, text);
    case TEXT_ENUM:
        if (has_non_ascii(text)) {
            return 0;
        }
        length = stripped(text, &s);
        return set_has_text(spec->enum_text, s, length);
    default:
        return 1;
    }
}

/* 1 when the value has a character str.strip() keeps (a visible ASCII one). */
static int
has_visible(const char *value)
{
    for (; *value; value++) {
        if (*value > ' ' && *value < 0x7f) {
            return 1;
        }
    }
    return 0;
}

static int
plain_attribute_values(Spec *spec, xmlNode *node)
{
    int complex = 0;
    PyObject *names = spec->required_attributes;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(names, i));
        if (name == NULL) {
            return -1;
        }
        const char *value = attribute(node, name, &complex);
        if (complex || value == NULL || !has_visible(value)) {
            return 0;
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(spec->enums); i++) {
        PyObject *item = PyTuple_GET_ITEM(spec->enums, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "scan: enums must hold (name, values) pairs");
            return -1;
        }
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(item, 0));
        if (name == NULL) {
            return -1;
        }
        const char *value = attribute(node, name, &complex);
        if (complex) {
            return 0;
        }
        if (value != NULL) {
            int allowed = set_has_text(PyTuple_GET_ITEM(item, 1), value, (Py_ssize_t)strlen(value));
            if (allowed <= 0) {
                return allowed;
            }
        }
    }
    names = spec->number_attributes;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(names, i));
        if (name == NULL) {
            return -1;
        }
        const char *value = attribute(node, name, &complex);
        if (complex || (value != NULL && *value && !plain_number(value))) {
            return 0;
        }
    }
    return 1;
}

static int
plain_unit(Spec *spec, xmlNode *node)
{
    int complex = 0;
    const char *unit = node->properties != NULL ? attribute(node, "unit", &complex) : NULL;
    if (complex) {
        return 0;
    }
    if (unit == NULL) {
        return !spec->surprising_default;
    }
    return set_has_text(spec->accepted_units, unit, (Py_ssize_t)strlen(unit));
}

/* 1 when nothing about the element itself (attributes, text, unit) needs Python. */
static int
plain_element(Scan *scan, Spec *spec, xmlNode *node)
{
    int has_attributes = node->properties != NULL;
    if (has_attributes && spec->attributes != NULL) {
        for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
            if (attr->ns != NULL) {
                return 0;
            }
            PyObject *name = name_of(&scan->names, attr->name);
            if (name == NULL) {
                return -1;
            }
            int allowed = PySet_Contains(spec->attributes, name);
            if (allowed <= 0) {
                return allowed;
            }
        }
    }
    int plain;
    if (spec->checks_attributes &&
        (has_attributes || PyTuple_GET_SIZE(spec->required_attributes) > 0) &&
        (plain = plain_attribute_values(spec, node)) <= 0) {
        return plain;
    }
    if (!spec->checks_content) {
        return 1;
    }
    if (spec->text_kind != TEXT_NONE && (plain = plain_text(scan, spec, node)) <= 0) {
        return plain;
    }
    if (spec->checks_unit && (has_attributes || spec->surprising_default) &&
        (plain = plain_unit(spec, node)) <= 0) {
        return plain;
    }
    return !spec->ignored;
}

static int visit_children(Scan *scan, xmlNode *parent, int spec_index);

static int
report(Scan *scan, xmlNode *node, int spec_index)
{
    PyObject *element = (PyObject *)elementFactory(scan->doc, node);
    if (element == NULL) {
        return -1;
    }
    PyObject *item = Py_BuildValue("(Ni)", element, spec_index);
    if (item == NULL) {
        return -1;
    }
    int failed = PyList_Append(scan->found, item);
    Py_DECREF(item);
    return failed;
}

/* The children of parent and everything below them; the recursion is bounded by
   Python's recursion limit (RecursionError beyond it). */
static int
visit(Scan *scan, xmlNode *parent, int spec_index)
{
    if (Py_EnterRecursiveCall(" in the vocabulary walk (elements nested too deep)")) {
        return -1;
    }
    int result = visit_children(scan, parent, spec_index);
    Py_LeaveRecursiveCall();
    return result;
}

static int
visit_children(Scan *scan, xmlNode *parent, int spec_index)
{
    Spec *specs = scan->compiled->specs;
    Spec *spec = &specs[spec_index];
    unsigned char small[128];
    unsigned char *seen = small;
    if (spec->n_children > (Py_ssize_t)sizeof(small)) {
        seen = PyMem_Malloc((size_t)spec->n_children);
        if (seen == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    memset(seen, 0, spec->n_children ? (size_t)spec->n_children : 1);
    int flagged = scan->every, failed = 0;
    long operations = 0;
    for (xmlNode *child = parent->children; child != NULL && !failed; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) {
            continue; /* comments, processing instructions, text */
        }
        if (child->ns != NULL) {
            flagged = 1; /* a namespaced tag: unknown, Python says so */
            continue;
        }
        PyObject *tag = name_of(&scan->names, child->name);
        PyObject *position = tag != NULL ? PyDict_GetItemWithError(spec->children, tag) : NULL;
        if (position == NULL) {
            failed = PyErr_Occurred() != NULL;
            flagged = 1;
            continue;
        }
        Py_ssize_t k = PyLong_AsSsize_t(position);
        if (k < 0 || k >= spec->n_children) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "scan: a child position is out of range");
            }
            failed = 1;
            break;
        }
        unsigned char flags = spec->child_flags[k];
        operations += (flags & OPERATOR) != 0;
        if (!(flags & REPEATABLE)) {
            flagged |= seen[k];
            seen[k] = 1;
        }
        int child_index = spec->child_spec[k];
        Spec *child_spec = &specs[child_index];
        if (!flagged) {
            int plain = plain_element(scan, child_spec, child);
            failed = plain < 0;
            flagged = plain == 0;
        }
        if (!failed && child_spec->children != NULL &&
            (child_spec->n_children > 0 || has_child_items(child))) {
            failed = visit(scan, child, child_index) < 0;
        }
    }
    if (!failed && spec->operands_low >= 0 &&
        (operations < spec->operands_low ||
         (spec->operands_high >= 0 && operations > spec->operands_high))) {
        flagged = 1;
    }
    for (Py_ssize_t i = 0; i < spec->n_required && !flagged; i++) {
        flagged = !seen[spec->required[i]];
    }
    if (seen != small) {
        PyMem_Free(seen);
    }
    if (failed) {
        return -1;
    }
    return flagged ? report(scan, parent, spec_index) : 0;
}

static PyObject *
scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "scan(compiled, root, spec_index, every)");
        return NULL;
    }
    Compiled *compiled = PyCapsule_GetPointer(args[0], CAPSULE_NAME);
    if (compiled == NULL) {
        return NULL;
    }
    xmlNode *root = lxml_element_node(args[1], "scan");
    if (root == NULL) {
        return NULL;
    }
    Py_ssize_t spec_index = PyLong_AsSsize_t(args[2]);
    if (spec_index == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (spec_index < 0 || spec_index >= compiled->n_specs ||
        compiled->specs[spec_index].children == NULL) {
        PyErr_SetString(PyExc_ValueError, "scan: spec_index must name a spec with children");
        return NULL;
    }
    int every = PyObject_IsTrue(args[3]);
    if (every < 0) {
        return NULL;
    }
    Scan *state = PyMem_Calloc(1, sizeof(Scan));
    if (state == NULL) {
        return PyErr_NoMemory();
    }
    state->compiled = compiled;
    state->doc = ((struct LxmlElement *)args[1])->_doc;
    state->every = every;
    state->found = PyList_New(0);
    int failed = state->found == NULL || visit(state, root, (int)spec_index) < 0;
    clear_names(&state->names);
    PyObject *found = state->found;
    PyMem_Free(state);
    if (failed) {
        Py_XDECREF(found);
        return NULL;
    }
    return found;
}

static PyMethodDef methods[] = {
    {"compile", (PyCFunction)(void (*)(void))compile, METH_FASTCALL,
     "compile(entries, comparisons): the specs as C records (see the module's source)."},
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(compiled, root, spec_index, every) -> [(element, spec_index), ...]: the elements "
     "whose children need the Python checks (every visited element with every=True)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_vocabscan",
    "The vocabulary walk's compiled prefilter (flightsim.config.rules.vocabulary_rules).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__vocabscan(void)
{
    if (lxml_setup() < 0) {
        return NULL;
    }
    return PyModule_Create(&module_def);
}
