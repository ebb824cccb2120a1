#!/usr/bin/env python3
"""gir-field-docs.py IN.gir OUT.gir: the reference's copy of the GIR, with a
description for every virtual-function field of a class structure.

g-ir-scanner 1.74 (Debian 12) does not write the description of a field
that is a function pointer (the @verify_async: of a class structure's doc
comment is dropped), so gi-docgen shows "No description available" for
every virtual function of a class structure. This copies onto each such
field, that has none, the first paragraph of the documentation of the
virtual method of the same name, with a link to it. Only the input of the
API reference is changed; the installed GIR is the scanner's.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import sys
import xml.etree.ElementTree as ET

CORE = "http://www.gtk.org/introspection/core/1.0"
NAMESPACES = {
    "": CORE,
    "c": "http://www.gtk.org/introspection/c/1.0",
    "glib": "http://www.gtk.org/introspection/glib/1.0",
}
GTYPE_STRUCT_FOR = "{%s}is-gtype-struct-for" % NAMESPACES["glib"]


def q(tag):
    return "{%s}%s" % (CORE, tag)


def main(source, target):
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(source)
    namespace = tree.getroot().find(q("namespace"))
    types = {node.get("name"): node for node in namespace
             if node.tag in (q("class"), q("interface"))}
    added = 0
    for record in namespace.findall(q("record")):
        owner = types.get(record.get(GTYPE_STRUCT_FOR))
        if owner is None:
            continue
        for field in record.findall(q("field")):
            if field.find(q("callback")) is None or field.find(q("doc")) is not None:
                continue
            vfunc = owner.find("%s[@name='%s']" % (q("virtual-method"), field.get("name")))
            vfunc_doc = vfunc.find(q("doc")) if vfunc is not None else None
            if vfunc_doc is None or not vfunc_doc.text:
                continue
            text = vfunc_doc.text
            # where the text comes from (gi-docgen wants a filename and line)
            doc = ET.Element(q("doc"), {"xml:space": "preserve",
                                        "filename": vfunc_doc.get("filename", ""),
                                        "line": vfunc_doc.get("line", "0")})
            doc.text = "The virtual method [vfunc@%s.%s]: %s" % (
                owner.get("name"), field.get("name"), text.split("\n\n")[0])
            field.insert(0, doc)
            added += 1
    tree.write(target, encoding="UTF-8", xml_declaration=True)
    print("%s: described %d virtual-function fields" % (target, added))


if __name__ == "__main__":
    main(*sys.argv[1:])
