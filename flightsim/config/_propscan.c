/*
 * The property collector's tree walk in C (used by flightsim/config/property_collect.py).
 *
 * events(root, declaring, components, binding, not_parameters, with_elements)
 * walks root's tree once, in document order (but a channel's own events after
 * those of its content), and returns what the Python collector needs to know of
 * it: (events, reads, parameters, declarations).
 * events is a list of (op, tag, text, extra, element) tuples;
 * the meaning of each op (which property a text defines or reads, and how) is
 * the collector's. The four sets are the collector's tag sets: parents under
 * which <property> declares, FCS component types, elements bound when named,
 * component children that are not parameters. element is the lxml element the
 * event comes from with with_elements, else None (finding where names are read
 * needs it, collecting them does not). Without elements, the texts of the
 * READ_TEXT, PARAMETER and DECLARE/OUTPUT events go into the sets reads,
 * parameters and declarations instead (each text once; most recur); with
 * elements the sets stay empty. In Python the same walk (six lxml
 * iterations and a proxy per element found) costs ~40 ms over the bundled
 * aircraft; here a few ms.
 *
 * Ops (per element in this order: property, table variable, condition, binding,
 * script set; a channel's after its content):
 *   0 DECLARE      text: a <property> declared (below a declaring parent), or a
 *                  distributor's <case><property> output
 *   1 READ_TEXT    tag, text: the element's text is read (<property>, <p>,
 *                  <independentVar>, a component's <input>)
 *   2 READ_VALUE   tag, text: its value= is read (a component's <default>)
 *   3 READ_SET     text: a script event's <set name=...>
 *   4 READ_EXECUTE text: a <channel execute=...>
 *   5 CONDITION    tag, text, extra=value= or None: a <test> or <condition>
 *   6 BIND         tag, text=name, extra=type= or None: a named function, table
 *                  or operation (not an FCS component)
 *   7 COMPONENT    tag=type, text=name: an FCS component directly in a <channel>
 *   8 OUTPUT       text: a component's <output>
 *   9 QUANTIZATION text=name: a sensor's <quantization name=...>
 *  10 PARAMETER    tag, text: a component parameter's text (<gain>, <clipto><min>...)
 * Texts are lxml's .text ("" for None); attributes default to "" (extra: None).
 */
#include "_lxmltree.h"

#include <string.h>

enum {
    DECLARE,
    READ_TEXT,
    READ_VALUE,
    READ_SET,
    READ_EXECUTE,
    CONDITION,
    BIND,
    COMPONENT,
    OUTPUT,
    QUANTIZATION,
    PARAMETER,
};

typedef struct {
    struct LxmlDocument *doc;
    PyObject *declaring, *components, *binding, *not_parameters;
    int with_elements;
    PyObject *empty; /* "" */
    PyObject *found;
    /* Without elements, the texts of READ_TEXT, PARAMETER and DECLARE/OUTPUT events are
       gathered here instead (each once): most recur, and each costs Python a step. */
    PyObject *reads, *parameters, *declarations;
    NameCache names;
} Walk;

/* The name of a namespace-free element, else NULL: JSBSim's names have no namespace. */
static const char *
plain_tag(xmlNode *node)
{
    return node != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL
               ? (const char *)node->name
               : NULL;
}

static int
is_tag(const char *tag, const char *name)
{
    return tag != NULL && strcmp(tag, name) == 0;
}

/* 1 when node is a namespace-free element whose name is in set, 0 when not, -1 on error. */
static int
tag_in(Walk *walk, xmlNode *node, PyObject *set)
{
    if (plain_tag(node) == NULL) {
        return 0;
    }
    PyObject *name = name_of(&walk->names, node->name);
    return name == NULL ? -1 : PySet_Contains(set, name);
}

/* The attribute `name` (no namespace) as a new reference: its value, else `fallback`. */
static PyObject *
attribute_or(xmlNode *node, const char *name, PyObject *fallback)
{
    PyObject *value = attributeValueFromNsName(node, NULL, (const xmlChar *)name);
    if (value == Py_None) {
        Py_DECREF(value);
        Py_INCREF(fallback);
        return fallback;
    }
    return value;
}

/* Append (op, node's tag, text, extra, element); steals text and extra (NULL: an error
   is set already). */
static int
emit(Walk *walk, int op, xmlNode *node, PyObject *text, PyObject *extra)
{
    PyObject *tag, *element;
    if (node->ns == NULL) {
        tag = name_of(&walk->names, node->name);
        Py_XINCREF(tag);
    }
    else {
        tag = namespacedName(node);
    }
    if (walk->with_elements) {
        element = (PyObject *)elementFactory(walk->doc, node);
    }
    else {
        element = Py_None;
        Py_INCREF(element);
    }
    PyObject *op_number = PyLong_FromLong(op); /* a cached small int */
    PyObject *item = NULL;
    if (tag != NULL && text != NULL && extra != NULL && element != NULL && op_number != NULL) {
        item = PyTuple_New(5);
    }
    if (item == NULL) {
        Py_XDECREF(tag);
        Py_XDECREF(text);
        Py_XDECREF(extra);
        Py_XDECREF(element);
        Py_XDECREF(op_number);
        return -1;
    }
    /* The tuple takes over the five references. */
    PyTuple_SET_ITEM(item, 0, op_number);
    PyTuple_SET_ITEM(item, 1, tag);
    PyTuple_SET_ITEM(item, 2, text);
    PyTuple_SET_ITEM(item, 3, extra);
    PyTuple_SET_ITEM(item, 4, element);
    int failed = PyList_Append(walk->found, item);
    Py_DECREF(item);
    return failed;
}

/* The element's text as a new reference: lxml's .text, "" for None. */
static PyObject *
text_of(Walk *walk, xmlNode *node)
{
    PyObject *text = textOf(node);
    if (text == Py_None) {
        Py_DECREF(text);
        Py_INCREF(walk->empty);
        return walk->empty;
    }
    return text;
}

/* The set gathering the texts of `op` when elements are not wanted, else NULL. */
static PyObject *
gathering(Walk *walk, int op)
{
    if (walk->with_elements) {
        return NULL;
    }
    switch (op) {
    case READ_TEXT:
        return walk->reads;
    case PARAMETER:
        return walk->parameters;
    case DECLARE:
    case OUTPUT:
        return walk->declarations;
    default:
        return NULL;
    }
}

/* An event of `op` with `text` (stolen), or the text gathered in its set. */
static int
emit_or_gather(Walk *walk, int op, xmlNode *node, PyObject *text)
{
    PyObject *set = gathering(walk, op);
    if (set == NULL || text == NULL) {
        Py_INCREF(Py_None);
        return emit(walk, op, node, text, Py_None);
    }
    int failed = PySet_Add(set, text);
    Py_DECREF(text);
    return failed;
}

static int
emit_text(Walk *walk, int op, xmlNode *node)
{
    return emit_or_gather(walk, op, node, text_of(walk, node));
}

static int
emit_attribute(Walk *walk, int op, xmlNode *node, const char *name)
{
    Py_INCREF(Py_None);
    return emit(walk, op, node, attribute_or(node, name, walk->empty), Py_None);
}

/* The parameters below `parent` (a component with `top`): outputs and quantization
   names at the top, then every text not below a non-parameter child. */
static int
parameters(Walk *walk, xmlNode *parent, int top)
{
    for (xmlNode *child = parent->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) {
            continue;
        }
        const char *tag = plain_tag(child);
        if (top && is_tag(tag, "output")) {
            if (emit_text(walk, OUTPUT, child) < 0) {
                return -1;
            }
        }
        else if (top && is_tag(tag, "quantization")) {
            PyObject *name = attribute_or(child, "name", walk->empty);
            if (name == NULL) {
                return -1;
            }
            if (PyUnicode_GET_LENGTH(name) == 0) {
                Py_DECREF(name);
            }
            else {
                Py_INCREF(Py_None);
                if (emit(walk, QUANTIZATION, child, name, Py_None) < 0) {
                    return -1;
                }
            }
        }
        int skipped = tag_in(walk, child, walk->not_parameters);
        if (skipped < 0) {
            return -1;
        }
        if (skipped) {
            continue;
        }
        PyObject *text = text_of(walk, child);
        if (text == NULL) {
            return -1;
        }
        if (PyUnicode_GET_LENGTH(text) > 0) {
            if (emit_or_gather(walk, PARAMETER, child, text) < 0) {
                return -1;
            }
        }
        else {
            Py_DECREF(text);
        }
        if (has_child_items(child) && parameters(walk, child, 0) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The inputs (then the defaults) anywhere below `node`, in document order. */
static int
inputs(Walk *walk, xmlNode *node, int op)
{
    for (xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) {
            continue;
        }
        const char *tag = plain_tag(child);
        if (op == READ_TEXT && is_tag(tag, "input") && emit_text(walk, READ_TEXT, child) < 0) {
            return -1;
        }
        if (op == READ_VALUE && is_tag(tag, "default") &&
            emit_attribute(walk, READ_VALUE, child, "value") < 0) {
            return -1;
        }
        if (inputs(walk, child, op) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
component(Walk *walk, xmlNode *node)
{
    PyObject *name = attribute_or(node, "name", walk->empty);
    if (name == NULL) {
        return -1;
    }
    if (PyUnicode_GET_LENGTH(name) > 0) {
        Py_INCREF(Py_None);
        if (emit(walk, COMPONENT, node, name, Py_None) < 0) {
            return -1;
        }
    }
    else {
        Py_DECREF(name);
    }
    if (inputs(walk, node, READ_TEXT) < 0 || inputs(walk, node, READ_VALUE) < 0) {
        return -1;
    }
    return parameters(walk, node, 1);
}

/* Every event of one element (not of its children). */
static int
element_events(Walk *walk, xmlNode *node)
{
    const char *tag = plain_tag(node);
    const char *parent = plain_tag(node->parent);
    if (is_tag(tag, "property") || is_tag(tag, "p")) {
        int declaring = 0;
        if (is_tag(tag, "property") && parent != NULL) {
            declaring = tag_in(walk, node->parent, walk->declaring);
            if (declaring < 0) {
                return -1;
            }
        }
        int op = is_tag(parent, "case") || declaring ? DECLARE : READ_TEXT;
        if (emit_text(walk, op, node) < 0) {
            return -1;
        }
    }
    else if (is_tag(tag, "independentVar")) {
        if (emit_text(walk, READ_TEXT, node) < 0) {
            return -1;
        }
    }
    else if (is_tag(tag, "test") || is_tag(tag, "condition")) {
        PyObject *value = attribute_or(node, "value", Py_None);
        if (emit(walk, CONDITION, node, text_of(walk, node), value) < 0) {
            return -1;
        }
    }
    int bound = tag_in(walk, node, walk->binding);
    if (bound < 0) {
        return -1;
    }
    if (bound) {
        int is_component = 0;
        if (is_tag(parent, "channel")) {
            is_component = tag_in(walk, node, walk->components);
            if (is_component < 0) {
                return -1;
            }
        }
        PyObject *name = attribute_or(node, "name", walk->empty);
        if (name == NULL) {
            return -1;
        }
        if (!is_component && PyUnicode_GET_LENGTH(name) > 0) {
            if (emit(walk, BIND, node, name, attribute_or(node, "type", Py_None)) < 0) {
                return -1;
            }
        }
        else {
            Py_DECREF(name);
        }
    }
    if (is_tag(tag, "set") && is_tag(parent, "event") &&
        emit_attribute(walk, READ_SET, node, "name") < 0) {
        return -1;
    }
    return 0;
}

/* A channel's execute= and its FCS components. */
static int
channel_events(Walk *walk, xmlNode *channel)
{
    if (emit_attribute(walk, READ_EXECUTE, channel, "execute") < 0) {
        return -1;
    }
    for (xmlNode *child = channel->children; child != NULL; child = child->next) {
        int is_component = tag_in(walk, child, walk->components);
        if (is_component < 0 || (is_component && component(walk, child) < 0)) {
            return -1;
        }
    }
    return 0;
}

/* The events of node and everything below it. A channel's own events come after those
   of its content: a name read twice by one element (a <condition> that is also a
   component parameter) is then first met as the condition, with its line. The
   recursion is bounded by Python's recursion limit (RecursionError beyond it); the
   parameter and input walks below a component go no deeper than this walk went. */
static int
visit(Walk *walk, xmlNode *node)
{
    if (Py_EnterRecursiveCall(" in the property walk (elements nested too deep)")) {
        return -1;
    }
    int failed = element_events(walk, node) < 0;
    for (xmlNode *child = node->children; child != NULL && !failed; child = child->next) {
        failed = child->type == XML_ELEMENT_NODE && visit(walk, child) < 0;
    }
    if (!failed && is_tag(plain_tag(node), "channel")) {
        failed = channel_events(walk, node) < 0;
    }
    Py_LeaveRecursiveCall();
    return failed ? -1 : 0;
}

static PyObject *
events(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "events(root, declaring, components, binding, "
                                         "not_parameters, with_elements)");
        return NULL;
    }
    xmlNode *root = lxml_element_node(args[0], "events");
    if (root == NULL) {
        return NULL;
    }
    for (int i = 1; i < 5; i++) {
        if (!PyAnySet_Check(args[i])) {
            PyErr_SetString(PyExc_TypeError, "events: the tag sets must be sets");
            return NULL;
        }
    }
    int with_elements = PyObject_IsTrue(args[5]);
    if (with_elements < 0) {
        return NULL;
    }
    Walk *walk = PyMem_Calloc(1, sizeof(Walk));
    if (walk == NULL) {
        return PyErr_NoMemory();
    }
    walk->doc = ((struct LxmlElement *)args[0])->_doc;
    walk->declaring = args[1];
    walk->components = args[2];
    walk->binding = args[3];
    walk->not_parameters = args[4];
    walk->with_elements = with_elements;
    walk->empty = PyUnicode_FromStringAndSize("", 0);
    walk->found = PyList_New(0);
    walk->reads = PySet_New(NULL);
    walk->parameters = PySet_New(NULL);
    walk->declarations = PySet_New(NULL);
    PyObject *result = NULL;
    if (walk->empty != NULL && walk->found != NULL && walk->reads != NULL &&
        walk->parameters != NULL && walk->declarations != NULL && visit(walk, root) == 0) {
        result = PyTuple_Pack(4, walk->found, walk->reads, walk->parameters, walk->declarations);
    }
    clear_names(&walk->names);
    Py_XDECREF(walk->empty);
    Py_XDECREF(walk->found);
    Py_XDECREF(walk->reads);
    Py_XDECREF(walk->parameters);
    Py_XDECREF(walk->declarations);
    PyMem_Free(walk);
    return result;
}

static PyMethodDef methods[] = {
    {"events", (PyCFunction)(void (*)(void))events, METH_FASTCALL,
     "events(root, declaring, components, binding, not_parameters, with_elements) -> "
     "(events, reads, parameters, declarations): what the property collector needs of the "
     "tree (see the module's source)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_propscan",
    "The property collector's tree walk (flightsim.config.property_collect).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__propscan(void)
{
    if (lxml_setup() < 0) {
        return NULL;
    }
    return PyModule_Create(&module_def);
}
