import contextlib
import dataclasses
import importlib
import io
import os
import sys
import unittest


@contextlib.contextmanager
def _patched_dict(mapping, values, clear=False):
    """`mapping` holds `values` (and nothing else, with `clear`) inside the block, and exactly what it
    held before after it, as unittest.mock.patch.dict does (without importing asyncio and more)."""
    saved = dict(mapping)
    if clear:
        mapping.clear()
    mapping.update(values)
    try:
        yield
    finally:
        mapping.clear()
        mapping.update(saved)


ENV = {
    "NEWSLETTER_SMTP_HOST": "mail.internal",
    "NEWSLETTER_SMTP_PASSWORD": "s3cr3t-Pa55",
    "NEWSLETTER_FROM": "team@example.org",
}


def _forget_newsletter():
    for name in list(sys.modules):
        if name == "newsletter" or name.startswith("newsletter."):
            del sys.modules[name]


class ImportTest(unittest.TestCase):
    def test_import_needs_no_environment(self):
        _forget_newsletter()
        try:
            with _patched_dict(os.environ, {}, clear=True):
                for name in ("newsletter.config", "newsletter.batching", "newsletter.sender", "newsletter.cli"):
                    importlib.import_module(name)
        finally:
            _forget_newsletter()


class LoadTest(unittest.TestCase):
    def setUp(self):
        self.config = importlib.import_module("newsletter.config")

    def _error(self, environ):
        with self.assertRaises(self.config.ConfigError) as caught:
            self.config.load_settings(environ)
        return str(caught.exception)

    def test_missing_required_values(self):
        for name in ENV:
            environ = {k: v for k, v in ENV.items() if k != name}
            self.assertIn(name, self._error(environ))
        self.assertIn("NEWSLETTER_SMTP_HOST", self._error({**ENV, "NEWSLETTER_SMTP_HOST": "  "}))

    def test_validation_of_numbers_and_flags(self):
        cases = {
            "NEWSLETTER_BATCH_SIZE": ["0", "-5", "2.5", ""],
            "NEWSLETTER_SMTP_PORT": ["0", "65536", "smtp"],
            "NEWSLETTER_PREVIEW": ["maybe", "2"],
            "NEWSLETTER_FROM": ["not-an-address"],
        }
        for name, values in cases.items():
            for value in values:
                self.assertIn(name, self._error({**ENV, name: value}), f"{name}={value!r}")

    def test_values_are_typed(self):
        settings = self.config.load_settings(
            {**ENV, "NEWSLETTER_SMTP_PORT": "2525", "NEWSLETTER_BATCH_SIZE": " 3 ", "NEWSLETTER_PREVIEW": "YES"}
        )
        self.assertEqual((settings.smtp_port, settings.batch_size, settings.preview), (2525, 3, True))
        for word, expected in (("On", True), ("TRUE", True), ("1", True), ("off", False), ("No", False), ("0", False)):
            self.assertIs(self.config.load_settings({**ENV, "NEWSLETTER_PREVIEW": word}).preview, expected)

    def test_settings_are_frozen(self):
        settings = self.config.load_settings(ENV)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            settings.batch_size = 1

    def test_secret_not_in_repr(self):
        settings = self.config.load_settings(ENV)
        self.assertEqual(settings.smtp_password, "s3cr3t-Pa55")
        self.assertNotIn("s3cr3t-Pa55", repr(settings))

    def test_defaults_to_process_environment(self):
        with _patched_dict(os.environ, {**ENV, "NEWSLETTER_BATCH_SIZE": "7"}, clear=True):
            self.assertEqual(self.config.load_settings().batch_size, 7)


class SendTest(unittest.TestCase):
    def setUp(self):
        self.config = importlib.import_module("newsletter.config")

    def test_batches(self):
        batching = importlib.import_module("newsletter.batching")
        self.assertEqual(batching.batches(["a", "b", "c", "d", "e"], 2), [["a", "b"], ["c", "d"], ["e"]])
        self.assertEqual(batching.batches([], 3), [])

    def test_envelopes_use_the_settings_given(self):
        sender = importlib.import_module("newsletter.sender")
        settings = self.config.load_settings({**ENV, "NEWSLETTER_BATCH_SIZE": "2", "NEWSLETTER_SMTP_PORT": "25"})
        envelopes = sender.build_envelopes(settings, ["a@x", "b@x", "c@x"], "Hello")
        self.assertEqual(
            envelopes,
            [
                {"host": "mail.internal", "port": 25, "from": "team@example.org", "to": ["a@x", "b@x"], "subject": "Hello"},
                {"host": "mail.internal", "port": 25, "from": "team@example.org", "to": ["c@x"], "subject": "Hello"},
            ],
        )

    def test_preview_sends_first_batch_only(self):
        sender = importlib.import_module("newsletter.sender")
        settings = self.config.load_settings({**ENV, "NEWSLETTER_BATCH_SIZE": "1", "NEWSLETTER_PREVIEW": "true"})
        envelopes = sender.build_envelopes(settings, ["a@x", "b@x"], "Hi")
        self.assertEqual([(e["to"], e["subject"]) for e in envelopes], [(["a@x"], "[PREVIEW] Hi")])

    def test_cli(self):
        cli = importlib.import_module("newsletter.cli")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["News", "a@x", "b@x", "c@x"], environ={**ENV, "NEWSLETTER_BATCH_SIZE": "2"})
        self.assertEqual((code, out.getvalue(), err.getvalue()), (0, "3 recipients in 2 batches\n", ""))

    def test_cli_config_error(self):
        cli = importlib.import_module("newsletter.cli")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["News", "a@x"], environ={})
        self.assertEqual(code, 2)
        self.assertEqual(out.getvalue(), "")
        self.assertTrue(err.getvalue().startswith("config error: "))
        self.assertIn("NEWSLETTER_", err.getvalue())


if __name__ == "__main__":
    unittest.main()
