import contextlib
import io
import unittest

from reports import app


class ReportTest(unittest.TestCase):
    def test_main_prints_one_line_per_region(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            app.main()
        self.assertEqual(out.getvalue().splitlines(), ["east: 50", "north: 250", "south: 80"])


if __name__ == "__main__":
    unittest.main()
