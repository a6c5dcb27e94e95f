import importlib
import sqlite3
import sys
import unittest
from unittest import mock


def _forget_reports():
    for name in list(sys.modules):
        if name == "reports" or name.startswith("reports."):
            del sys.modules[name]


class ImportTimeTest(unittest.TestCase):
    def tearDown(self):
        _forget_reports()

    def test_import_has_no_side_effects(self):
        _forget_reports()
        with mock.patch.object(sqlite3, "connect", side_effect=AssertionError("connected at import time")):
            for name in ("reports", "reports.db", "reports.summary", "reports.app"):
                importlib.import_module(name)

    def test_connection_is_reused(self):
        _forget_reports()
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
