# rdp_test_tap.py: the TAP runner shared by the Python tests (test-*.py),
# which import it from their own directory.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys
import traceback


def main(tests):
    """Runs each function in @tests (named test_NAME), prints TAP; returns
    the exit status: 1 when any failed."""
    print("1..%d" % len(tests), flush=True)
    failed = 0
    for i, test in enumerate(tests, 1):
        name = test.__name__[len("test_"):]
        try:
            test()
        except Exception:  # noqa: BLE001
            failed += 1
            print("not ok %d - %s" % (i, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        else:
            print("ok %d - %s" % (i, name))
        sys.stdout.flush()
    return 1 if failed else 0
