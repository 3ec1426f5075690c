/*
 * What flightsim's C tree walks share (flightsim/config/_vocabscan.c, _propscan.c):
 * lxml's public C API (lxml/etree_api.h, built against the headers lxml ships),
 * the xmlNode behind an lxml element, and element names as Python strings.
 *
 * Only libxml2's public node structs are read; libxml2 functions are not
 * called (lxml links libxml2 statically), lxml's exported API functions are.
 *
 * The walks hold raw xmlNode pointers while they call lxml (elementFactory,
 * textOf...), so they expect trees whose element proxies are lxml's own (the
 * default class lookup, as flightsim's parser uses): a custom element class
 * could run Python code that changes the tree under the walk.
 */
#ifndef FLIGHTSIM_LXMLTREE_H
#define FLIGHTSIM_LXMLTREE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string.h>

#include "lxml-version.h"
#include "etree_defs.h"
#include "etree_api.h"

/* lxml.etree._Element, looked up by lxml_setup(). */
static PyObject *lxml_element_type;

/* Import lxml's C API and its element type; -1 with an exception set on failure. */
static int
lxml_setup(void)
{
    if (import_lxml__etree() < 0) {
        return -1;
    }
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (etree == NULL) {
        return -1;
    }
    lxml_element_type = PyObject_GetAttrString(etree, "_Element");
    /* A probe of the element layout: import_lxml__etree checks lxml's exported
       functions, not the struct this module reads the node from. */
    PyObject *probe = lxml_element_type != NULL
                          ? PyObject_CallMethod(etree, "fromstring", "s", "<flightsim-probe/>")
                          : NULL;
    Py_DECREF(etree);
    if (probe == NULL) {
        return -1;
    }
    xmlNode *node = ((struct LxmlElement *)probe)->_c_node;
    int fits = PyObject_IsInstance(probe, lxml_element_type) == 1 && node != NULL &&
               node->type == XML_ELEMENT_NODE && node->name != NULL &&
               strcmp((const char *)node->name, "flightsim-probe") == 0;
    Py_DECREF(probe);
    if (!fits) {
        PyErr_SetString(PyExc_ImportError,
                        "the installed lxml's elements are not laid out as in the lxml headers "
                        "this module was built with");
        return -1;
    }
    return 0;
}

/* The element node behind `object`, an lxml element of a tree (NULL with TypeError or
   ValueError set otherwise); `who` names the caller in the message. */
static xmlNode *
lxml_element_node(PyObject *object, const char *who)
{
    int is_element = PyObject_IsInstance(object, lxml_element_type);
    if (is_element <= 0) {
        if (is_element == 0) {
            PyErr_Format(PyExc_TypeError, "%s: root must be an lxml element", who);
        }
        return NULL;
    }
    xmlNode *node = ((struct LxmlElement *)object)->_c_node;
    if (node == NULL || node->type != XML_ELEMENT_NODE) {
        PyErr_Format(PyExc_ValueError, "%s: root is not an element of a parsed tree", who);
        return NULL;
    }
    return node;
}

/* lxml's len(element) > 0: a child element, comment, processing instruction or entity. */
static int
has_child_items(xmlNode *node)
{
    for (xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE || child->type == XML_COMMENT_NODE ||
            child->type == XML_PI_NODE || child->type == XML_ENTITY_REF_NODE) {
            return 1;
        }
    }
    return 0;
}

/* Element and attribute names as Python strings, by the address of libxml2's string
   (the parser keeps one copy of each name in its dictionary): a direct-mapped cache
   valid while the tree is. */
#define NAME_SLOTS 512

typedef struct {
    const xmlChar *keys[NAME_SLOTS];
    PyObject *values[NAME_SLOTS];
} NameCache;

/* `name` as a borrowed Python string (NULL with an exception set on failure). */
static PyObject *
name_of(NameCache *cache, const xmlChar *name)
{
    size_t slot = ((size_t)name >> 4) % NAME_SLOTS;
    if (cache->keys[slot] == name && cache->values[slot] != NULL) {
        return cache->values[slot];
    }
    PyObject *text = PyUnicode_FromString((const char *)name);
    if (text == NULL) {
        return NULL;
    }
    Py_XSETREF(cache->values[slot], text);
    cache->keys[slot] = name;
    return text;
}

static void
clear_names(NameCache *cache)
{
    for (int i = 0; i < NAME_SLOTS; i++) {
        Py_CLEAR(cache->values[i]);
    }
}

#endif
