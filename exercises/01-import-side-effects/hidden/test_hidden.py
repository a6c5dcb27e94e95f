import contextlib
import importlib
import sqlite3
import sys
import unittest
from unittest import mock


def _forget_reports():
    for name in list(sys.modules):
        if name == "reports" or name.startswith("reports."):
            del sys.modules[name]


@contextlib.contextmanager
def _refusing_connections():
    """Every way to open a database fails: sqlite3.connect, the Connection class, the C module under them."""
    refuse = AssertionError("connected at import time")
    with contextlib.ExitStack() as stack:
        for module in filter(None, (sqlite3, sqlite3.dbapi2, sys.modules.get("_sqlite3"))):
            for name in ("connect", "Connection"):
                if hasattr(module, name):
                    stack.enter_context(mock.patch.object(module, name, side_effect=refuse))
        yield


class ImportTimeTest(unittest.TestCase):
    def tearDown(self):
        _forget_reports()

    def test_import_has_no_side_effects(self):
        _forget_reports()
        with _refusing_connections():
            for name in ("reports", "reports.db", "reports.summary", "reports.app"):
                importlib.import_module(name)

    def test_connection_is_reused(self):
        _forget_reports()
        with _refusing_connections():
            db = importlib.import_module("reports.db")
        self.assertIs(db.connection(), db.connection())
        self.assertEqual(len(db.fetch_sales()), 4)


class SummaryTest(unittest.TestCase):
    def test_total_by_region(self):
        summary = importlib.import_module("reports.summary")
        rows = [("west", 5), ("alpha", 1), ("west", 7)]
        self.assertEqual(list(summary.total_by_region(rows).items()), [("alpha", 1), ("west", 12)])

    def test_total_by_region_empty(self):
        summary = importlib.import_module("reports.summary")
        self.assertEqual(summary.total_by_region([]), {})


if __name__ == "__main__":
    unittest.main()
