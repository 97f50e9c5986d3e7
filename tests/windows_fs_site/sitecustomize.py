"""Started with this folder on PYTHONPATH and WORKBENCH_TEST_WINDOWS_FS set, a test's child process
gets the Windows file semantics of tests/windows_fs.py (see its docstring)."""

import os
import sys

if os.environ.get("WORKBENCH_TEST_WINDOWS_FS"):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import windows_fs

    windows_fs.install()
