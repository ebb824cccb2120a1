#!/usr/bin/env python3
"""check-doc-snippets.py: every code block of the documentation compiles.

  check-doc-snippets.py --srcdir DIR --cc-arg CC [--cc-arg …] --pkg-config PATH
                        --library LIB [--cflag FLAG …] [--ldflag FLAG …]
                        [--gjs PATH] [FILE.md …]

Without FILE arguments it reads README.md and doc/*.md under --srcdir. Prints
TAP, one test per fenced code block, named FILE:LINE:

- ```c: a whole program by default: it is compiled and linked against the
  library (LIB) and GIO, as an application would build it.
  A block right after an HTML comment (invisible when rendered)

      <!-- fragment -->
      <!-- fragment: RdpSettings *settings; const char *password; -->

  is a fragment: it is compiled (not linked) as the body of
      #include <rdp-gio.h>
      static void G_GNUC_UNUSED fragment_N (void) { DECLARATIONS BLOCK }
  and with

      <!-- fragment: file-scope -->
      <!-- fragment: file-scope; void show_dialog (const char *text); -->

  it is compiled at file scope (after the include and the declarations), for
  blocks that define functions and types.
  Warnings are shown in the test's diagnostics; errors fail.
- ```python: byte-compiled with compile().
- ```js: syntax-checked by gjs (a script, or a module when it has import
  statements): a first statement that throws stops it before anything of the
  block runs. Skipped when gjs is missing.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)(```+)\s*([A-Za-z0-9_+-]*)\s*$")
MARKER = re.compile(r"<!--\s*fragment\s*(?::(.*?))?-->\s*$", re.S)
LANGUAGES = {"c": "c", "python": "python", "py": "python", "js": "js", "javascript": "js"}
SENTINEL = "rdp-gio-check-doc-snippets: parsed"

# Mistakes that compilers only warn about but that are errors in a snippet
# a reader copies.
C_ERRORS = [
    "-Werror=implicit-function-declaration",
    "-Werror=implicit-int",
    "-Werror=incompatible-pointer-types",
    "-Werror=int-conversion",
    "-Werror=return-type",
    "-Werror=format",
    "-Werror=int-to-pointer-cast",
]
C_WARNINGS = ["-Wall", "-Wno-unused", "-Wno-unused-parameter"]


class Block:
    def __init__(self, path, line, language, text, marker):
        self.path = path
        self.line = line          # the line of the opening fence, 1-based
        self.language = language
        self.text = text
        self.marker = marker      # None, or the text after "fragment"

    @property
    def name(self):
        return "%s:%d" % (self.path, self.line)


def parse_marker(lines_before):
    """Returns the fragment marker's text ("" for a bare marker) if the
    last non-blank lines before a fence are one, else None."""
    text = []
    for line in reversed(lines_before):
        if not text and not line.strip():
            continue
        text.insert(0, line)
        if "<!--" in line:
            break
        if len(text) > 20:
            return None
    joined = "\n".join(text).strip()
    if not joined.startswith("<!--"):
        return None
    m = MARKER.fullmatch(joined)
    if m is None:
        return None
    return (m.group(1) or "").strip()


def extract(path, display):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        indent, fence, info = m.group(1), m.group(2), m.group(3).lower()
        start = i
        body = []
        i += 1
        while i < len(lines):
            end = FENCE.match(lines[i])
            if end is not None and end.group(2).startswith(fence) and not end.group(3):
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        language = LANGUAGES.get(info)
        if language is not None:
            blocks.append(Block(display, start + 1, language, "\n".join(body) + "\n",
                                parse_marker(lines[max(0, start - 20):start])))
    return blocks


def split_marker(marker):
    """'file-scope; DECLS' → (True, DECLS); 'DECLS' → (False, DECLS)."""
    file_scope = False
    if marker.startswith("file-scope"):
        file_scope = True
        marker = marker[len("file-scope"):].lstrip(" \t\n;")
    return file_scope, marker


class Checker:
    def __init__(self, args, tmpdir):
        self.args = args
        self.tmpdir = tmpdir
        self.cflags = []
        self.libs = []
        pkg = [args.pkg_config, "gio-2.0"] + (args.pkg or [])
        self.cflags += shlex.split(subprocess.check_output(pkg + ["--cflags"], text=True))
        self.libs += shlex.split(subprocess.check_output(pkg + ["--libs"], text=True))
        self.cflags += args.cflag or []
        self.libs = [args.library, "-Wl,-rpath," + os.path.dirname(os.path.abspath(args.library))] \
            + self.libs + (args.ldflag or [])

    def run(self, command, **kwargs):
        return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, **kwargs)

    def check_c(self, n, block):
        source = os.path.join(self.tmpdir, "snippet-%d.c" % n)
        # #line directives make the compiler name the Markdown file and line.
        location = '#line %d "%s"\n' % (block.line + 1, block.path)
        if block.marker is None:
            kind = "program"
            text = location + block.text
            command = self.args.cc_arg + C_WARNINGS + C_ERRORS + self.cflags \
                + [source, "-o", os.path.join(self.tmpdir, "snippet-%d" % n)] + self.libs
        else:
            file_scope, decls = split_marker(block.marker)
            head = "#include <rdp-gio.h>\n"
            if file_scope:
                kind = "file-scope fragment"
                text = head + decls + "\n" + location + block.text
            else:
                kind = "fragment"
                text = (head + "static void G_GNUC_UNUSED\nfragment_%d (void)\n{\n" % n
                        + decls + "\n" + location + block.text + "}\n")
            # the declarations of the marker are not initialized
            command = self.args.cc_arg + C_WARNINGS + C_ERRORS + self.cflags \
                + ["-Wno-uninitialized", "-Wno-maybe-uninitialized"] \
                + ["-c", source, "-o", os.path.join(self.tmpdir, "snippet-%d.o" % n)]
        with open(source, "w", encoding="utf-8") as f:
            f.write(text)
        result = self.run(command)
        return result.returncode == 0, "c " + kind, result.stdout, None

    def check_python(self, n, block):
        try:
            compile(block.text, block.name, "exec")
        except SyntaxError as e:
            return False, "python", "%s:%d: %s" % (block.path, block.line + (e.lineno or 0),
                                                  e.msg), None
        return True, "python", "", None

    def check_js(self, n, block):
        if not self.args.gjs:
            return True, "js", "", "gjs not found"
        module = re.search(r"^\s*import\s", block.text, re.M) is not None
        source = os.path.join(self.tmpdir, "snippet-%d.%s" % (n, "mjs" if module else "js"))
        # One line, so that gjs's line numbers are the block's plus one.
        with open(source, "w", encoding="utf-8") as f:
            f.write("throw new Error('%s');\n" % SENTINEL + block.text)
        command = [self.args.gjs] + (["-m"] if module else []) + [source]
        result = self.run(command, timeout=60)
        ok = SENTINEL in result.stdout
        return ok, "js module" if module else "js", "" if ok else result.stdout, None

    def check(self, n, block):
        return getattr(self, "check_" + block.language)(n, block)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--srcdir", required=True)
    parser.add_argument("--cc-arg", action="append", required=True)
    parser.add_argument("--pkg-config", required=True)
    parser.add_argument("--pkg", action="append",
                        help="another pkg-config package the public headers need (libsoup-3.0)")
    parser.add_argument("--library", required=True)
    parser.add_argument("--cflag", action="append")
    parser.add_argument("--ldflag", action="append")
    parser.add_argument("--gjs")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()

    files = args.files or [os.path.join(args.srcdir, "README.md")] \
        + sorted(glob.glob(os.path.join(args.srcdir, "doc", "*.md")))
    blocks = []
    for path in files:
        blocks += extract(path, os.path.relpath(path, args.srcdir))

    print("1..%d" % len(blocks), flush=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="rdp-doc-snippets-") as tmpdir:
        checker = Checker(args, tmpdir)
        for n, block in enumerate(blocks, 1):
            ok, kind, output, skip = checker.check(n, block)
            if skip is not None:
                print("ok %d - %s (%s) # SKIP %s" % (n, block.name, kind, skip))
            elif ok:
                print("ok %d - %s (%s)" % (n, block.name, kind))
            else:
                failed += 1
                print("not ok %d - %s (%s)" % (n, block.name, kind))
            for line in output.strip().splitlines():
                print("# " + line)
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
