import contextlib
import importlib
import sqlite3
import sys
import types
import unittest


def _forget_reports():
    for name in list(sys.modules):
        if name == "reports" or name.startswith("reports."):
            del sys.modules[name]


@contextlib.contextmanager
def _replaced(module, name, stand_in):
    """`module.name` is `stand_in` inside the block and the original again after it. A fake by hand:
    unittest.mock would import asyncio and more into every grade for two attributes."""
    original = getattr(module, name)
    setattr(module, name, stand_in)
    try:
        yield
    finally:
        setattr(module, name, original)


@contextlib.contextmanager
def _refusing_connections():
    """Every way to open a database fails: sqlite3.connect, the Connection class, the C module under them."""

    def refuse(*args, **kwargs):
        raise AssertionError("connected at import time")

    with contextlib.ExitStack() as stack:
        for module in filter(None, (sqlite3, sqlite3.dbapi2, sys.modules.get("_sqlite3"))):
            for name in ("connect", "Connection"):
                if hasattr(module, name):
                    stack.enter_context(_replaced(module, name, refuse))
        yield


@contextlib.contextmanager
def _counting_connections():
    """Every way to open a database still works, and each opening is counted."""
    opened = []
    with contextlib.ExitStack() as stack:
        for module in filter(None, (sqlite3, sqlite3.dbapi2, sys.modules.get("_sqlite3"))):
            for name in ("connect", "Connection"):
                real = getattr(module, name, None)
                if real is not None:

                    def counted(*args, _real=real, **kwargs):
                        opened.append(args[:1])
                        return _real(*args, **kwargs)

                    stack.enter_context(_replaced(module, name, counted))
        yield opened


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

    def test_connection_opened_on_first_use(self):
        # A connection kept from an earlier import (in another module, or stashed anywhere) is an
        # import-time side effect too: a fresh import must open exactly one, on first use.
        _forget_reports()
        with _counting_connections() as opened:
            db = importlib.import_module("reports.db")
            importlib.import_module("reports.app")
            self.assertEqual(opened, [], "a connection was opened at import time")
            first = db.connection()
            self.assertEqual(len(opened), 1, "connection() did not open a new connection on first use")
            self.assertIs(db.connection(), first)
            self.assertEqual(len(db.fetch_sales()), 4)
            self.assertEqual(len(opened), 1, "a second connection was opened")


class SummaryTest(unittest.TestCase):
    def test_total_by_region(self):
        summary = importlib.import_module("reports.summary")
        rows = [("west", 5), ("alpha", 1), ("west", 7)]
        self.assertEqual(list(summary.total_by_region(rows).items()), [("alpha", 1), ("west", 12)])

    def test_summary_never_fetches_rows_itself(self):
        # The summary is given its rows: called without them it must not go and get them.
        importlib.import_module("reports.app")
        summary = importlib.import_module("reports.summary")
        with _refusing_connections():
            self.assertEqual(summary.total_by_region([("east", 2)]), {"east": 2})
            with self.assertRaises(TypeError):
                summary.total_by_region()
        for name, value in vars(summary).items():
            if isinstance(value, types.ModuleType):
                self.assertNotIn(
                    value.__name__.split(".")[0], ("reports", "sqlite3"),
                    f"reports.summary holds the module {value.__name__} as {name}: it can reach the database",
                )

    def test_total_by_region_empty(self):
        summary = importlib.import_module("reports.summary")
        self.assertEqual(summary.total_by_region([]), {})


if __name__ == "__main__":
    unittest.main()
