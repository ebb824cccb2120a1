#!/usr/bin/python3
# summarize-tap.py: counts the results of a CI run and prints, as its very
# last line, "N passed, N failed, N skipped".
#
#   summarize-tap.py [--testlog LABEL=BUILDDIR/meson-logs/testlog.json]...
#                    [--tap LABEL=FILE.tap]... [--failed-step LABEL]...
#
# --testlog  a `meson test` log: each test's TAP lines count one result each
#            ("ok" passed, "not ok" failed, "# SKIP" skipped whatever its
#            status, "not ok ... # TODO" skipped as an expected failure). A
#            test with no TAP lines (exitcode protocol) counts once, by its
#            meson result. A test meson failed (a crash, a timeout, a bad
#            plan) that has no failing TAP line counts one more failure.
#            A missing log counts as one failure.
# --tap      a plain TAP file (the fuzz runs): one result per line.
# --failed-step  a CI step that failed before it could produce results
#            (setup, compile, install): one failure each.
#
# Exits 1 if anything failed. Uses only the standard library, so it runs with
# the system /usr/bin/python3.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import json
import re
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')
BAIL_OUT = re.compile(r'^Bail out!')


class Counts:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []

    def add(self, outcome, what):
        if outcome == 'passed':
            self.passed += 1
        elif outcome == 'skipped':
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append(what)


def tap_outcome(status, directive):
    directive = (directive or '').strip().upper()
    if directive.startswith('SKIP'):
        return 'skipped'
    if directive.startswith('TODO'):
        return 'passed' if status == 'ok' else 'skipped'
    return 'passed' if status == 'ok' else 'failed'


def count_tap(text, label, counts):
    """Counts the top-level TAP results in text; returns (results, failures)."""
    results = failures = 0
    for line in text.splitlines():
        if BAIL_OUT.match(line):
            counts.add('failed', f'{label}: {line.strip()}')
            results += 1
            failures += 1
            continue
        m = TAP_LINE.match(line)
        if not m:
            continue
        status, number, description, directive = m.groups()
        outcome = tap_outcome(status, directive)
        counts.add(outcome, f'{label}: {line.strip()}')
        results += 1
        failures += outcome == 'failed'
    return results, failures


def count_testlog(label, path, counts):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except OSError as e:
        counts.add('failed', f'{label}: no test log ({e.strerror}: {path})')
        return
    for entry in entries:
        name = f"{label}: {entry.get('name', '?')}"
        result = entry.get('result', 'ERROR')
        results, failures = count_tap(entry.get('stdout') or '', name, counts)
        if results == 0:
            if result in ('OK', 'EXPECTEDFAIL'):
                counts.add('passed', name)
            elif result == 'SKIP':
                counts.add('skipped', name)
            else:
                counts.add('failed', f'{name}: {result}')
        elif result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and failures == 0:
            counts.add('failed', f'{name}: {result} (exit status {entry.get("returncode")}) '
                                 f'after {results} TAP results')


def count_tap_file(label, path, counts):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError as e:
        counts.add('failed', f'{label}: no results ({e.strerror}: {path})')
        return
    if count_tap(text, label, counts)[0] == 0:
        counts.add('failed', f'{label}: no results in {path}')


def labelled(value):
    label, sep, path = value.partition('=')
    if not sep:
        return path or label, label
    return label, path


def main():
    parser = argparse.ArgumentParser(description='Counts the TAP results of a CI run.')
    parser.add_argument('--testlog', action='append', default=[], type=labelled,
                        metavar='LABEL=PATH')
    parser.add_argument('--tap', action='append', default=[], type=labelled,
                        metavar='LABEL=PATH')
    parser.add_argument('--failed-step', action='append', default=[], metavar='LABEL')
    args = parser.parse_args()

    counts = Counts()
    for label, path in args.testlog:
        count_testlog(label, path, counts)
    for label, path in args.tap:
        count_tap_file(label, path, counts)
    for step in args.failed_step:
        counts.add('failed', f'step failed: {step}')

    if counts.failures:
        print('Failed:')
        for what in counts.failures:
            print(f'  {what}')
    print(f'{counts.passed} passed, {counts.failed} failed, {counts.skipped} skipped')
    sys.stdout.flush()
    return 1 if counts.failed else 0


if __name__ == '__main__':
    sys.exit(main())
