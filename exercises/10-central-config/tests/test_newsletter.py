import unittest

from newsletter.config import ConfigError, load_settings

ENV = {
    "NEWSLETTER_SMTP_HOST": "smtp.example.com",
    "NEWSLETTER_SMTP_PASSWORD": "hunter2",
    "NEWSLETTER_FROM": "news@example.com",
}


class SettingsTest(unittest.TestCase):
    def test_defaults(self):
        settings = load_settings(ENV)
        self.assertEqual(settings.smtp_host, "smtp.example.com")
        self.assertEqual((settings.smtp_port, settings.batch_size, settings.preview), (587, 50, False))

    def test_bad_batch_size_names_the_variable(self):
        with self.assertRaises(ConfigError) as caught:
            load_settings({**ENV, "NEWSLETTER_BATCH_SIZE": "fifty"})
        self.assertIn("NEWSLETTER_BATCH_SIZE", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
