#!/usr/bin/env python3
"""check-api.py: the public API only grows.

  check-api.py BASELINE GIR        TAP: every fact of BASELINE is in GIR
  check-api.py --dump GIR > FILE   writes the facts of GIR (a new baseline)

A fact is one function, method, constructor, virtual method, signal,
callback (with its return type, ownership and every parameter's name, type,
direction, ownership and nullability), one property, field, enum member or
constant, or one type. The baseline (tests/api-baseline.txt) is the API as
released; a change that removes or alters a fact fails, additions pass.
Regenerate the baseline only when the API is meant to change.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import sys
import xml.etree.ElementTree as ET

NS = {
    "c": "http://www.gtk.org/introspection/core/1.0",
    "cc": "http://www.gtk.org/introspection/c/1.0",
    "glib": "http://www.gtk.org/introspection/glib/1.0",
}
CALLABLES = {"function", "method", "constructor", "virtual-method", "signal", "callback"}
VALUES = {"property", "field", "member", "constant"}
CONTAINERS = {"namespace", "class", "interface", "record", "enumeration", "bitfield", "union", "boxed"}


def local(tag):
    return tag.split("}")[1]


def type_of(element):
    if element is None:
        return ""
    for kind in ("type", "array"):
        t = element.find("c:" + kind, NS)
        if t is not None:
            return "%s/%s" % (t.get("name") or kind, t.get("{%s}type" % NS["cc"]) or "")
    return "?"


def facts(path):
    out = set()

    def walk(element, prefix):
        for child in element:
            tag = local(child.tag)
            name = child.get("name") or ""
            if tag in CALLABLES:
                params = []
                plist = child.find("c:parameters", NS)
                if plist is not None:
                    for p in plist:
                        params.append(":".join([local(p.tag), p.get("name") or "", type_of(p),
                                                p.get("direction") or "in",
                                                p.get("transfer-ownership") or "",
                                                p.get("nullable") or ""]))
                ret = child.find("c:return-value", NS)
                ret_s = "%s:%s" % (type_of(ret), ret.get("transfer-ownership") or "") if ret is not None else ""
                out.add("\t".join([prefix, tag, name, child.get("{%s}identifier" % NS["cc"]) or "",
                                   ret_s, ",".join(params)]))
            elif tag in VALUES:
                out.add("\t".join([prefix, tag, name, child.get("value") or "", type_of(child),
                                   child.get("writable") or "", child.get("readable") or ""]))
            elif tag in CONTAINERS:
                out.add("\t".join([prefix, tag, name]))
                walk(child, prefix + "/" + name)

    walk(ET.parse(path).getroot(), "")
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        for fact in sorted(facts(argv[2])):
            print(fact)
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        baseline = {line.rstrip("\n") for line in f if line.strip()}
    current = facts(argv[2])
    missing = sorted(baseline - current)
    print("1..1")
    for fact in missing:
        print("# removed or changed: " + fact.replace("\t", " | "))
    print("%s 1 - the API keeps all %d facts of the baseline (%d now, %d added)"
          % ("not ok" if missing else "ok", len(baseline), len(current), len(current - baseline)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
