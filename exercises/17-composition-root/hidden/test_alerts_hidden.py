import contextlib
import importlib
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest
from datetime import date


@contextlib.contextmanager
def _replaced(target, name, stand_in):
    """`target.name` is `stand_in` inside the block and the original again after it. A fake by hand:
    unittest.mock would import asyncio and more into every grade for a few attributes."""
    original = getattr(target, name)
    setattr(target, name, stand_in)
    try:
        yield
    finally:
        setattr(target, name, original)


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


def mod(name):
    return importlib.import_module(f"alerts.{name}")


def forget():
    for name in list(sys.modules):
        if name == "alerts" or name.startswith("alerts."):
            del sys.modules[name]


class Invoices:
    def __init__(self, *invoices):
        self.invoices = invoices

    def list_unpaid(self):
        return [i for i in self.invoices if not i.paid]


class Sender:
    def __init__(self):
        self.sent = []

    def send(self, to, text):
        self.sent.append((to, text))


class Clock:
    def __init__(self, today):
        self.day = today

    def today(self):
        return self.day


def invoice(number, email, due, paid=False):
    return mod("domain").Invoice(number, email, due, paid)


class ImportTest(unittest.TestCase):
    def test_importing_every_module_reads_no_setting_and_opens_nothing(self):
        forget()
        scratch = tempfile.mkdtemp()
        cwd = os.getcwd()

        def refuse(*args, **kwargs):
            raise AssertionError("sqlite3.connect at import time")

        try:
            os.chdir(scratch)
            with _patched_dict(os.environ, {}, clear=True), _replaced(sqlite3, "connect", refuse):
                for name in ("domain", "ports", "services", "adapters", "bootstrap"):
                    mod(name)
            self.assertEqual(os.listdir(scratch), [])
        finally:
            os.chdir(cwd)
            forget()
            shutil.rmtree(scratch, ignore_errors=True)


class ServiceTest(unittest.TestCase):
    def test_the_service_takes_its_dependencies(self):
        sender = Sender()
        app = mod("services").OverdueReminders(
            invoices=Invoices(
                invoice("I-2", "bob@example.com", date(2026, 3, 2)),
                invoice("I-1", "ada@example.com", date(2026, 3, 1)),
                invoice("I-3", "cy@example.com", date(2026, 3, 9), paid=True),
                invoice("I-4", "dee@example.com", date(2026, 3, 10)),
            ),
            sender=sender,
            clock=Clock(date(2026, 3, 10)),
        )
        self.assertEqual(app.run(), 2)
        self.assertEqual([to for to, _ in sender.sent], ["ada@example.com", "bob@example.com"])
        self.assertIn("I-1", sender.sent[0][1])

    def test_two_apps_share_nothing(self):
        boot = mod("bootstrap").bootstrap
        first, second = Sender(), Sender()
        late = invoice("I-1", "ada@example.com", date(2026, 1, 1))
        one = boot(invoices=Invoices(late), sender=first, clock=Clock(date(2026, 3, 1)))
        two = boot(invoices=Invoices(), sender=second, clock=Clock(date(2026, 3, 1)))
        one.run()
        two.run()
        self.assertEqual(([to for to, _ in first.sent], second.sent), (["ada@example.com"], []))

    def test_the_clock_decides_what_is_overdue(self):
        boot = mod("bootstrap").bootstrap
        sender = Sender()
        app = boot(invoices=Invoices(invoice("I-1", "ada@example.com", date(2026, 3, 5))), sender=sender,
                   clock=Clock(date(2026, 3, 5)))
        self.assertEqual(app.run(), 0)
        app.clock = Clock(date(2026, 3, 6))
        self.assertEqual(app.run(), 1)


    def test_the_service_runs_without_the_adapters_module(self):
        # The core can be imported and run where no infrastructure is installed.
        forget()
        try:
            with _patched_dict(sys.modules, {"alerts.adapters": None, "sqlite3": None}):
                services = mod("services")
                sender = Sender()
                late = invoice("I-1", "ada@example.com", date(2026, 1, 1))
                services.OverdueReminders(Invoices(late), sender, Clock(date(2026, 3, 1))).run()
            self.assertEqual(len(sender.sent), 1)
        finally:
            forget()


class BootstrapTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.db = os.path.join(self.dir, "alerts.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_real_adapters_come_from_the_settings_it_is_given(self):
        adapters = mod("adapters")
        repo = adapters.SqliteInvoiceRepository.at(self.db)
        repo.add(invoice("I-9", "ada@example.com", date(2000, 1, 1)))
        app = mod("bootstrap").bootstrap(environ={"ALERTS_DB": self.db, "SMTP_HOST": "relay.test"})
        self.assertEqual(app.run(), 1)
        self.assertEqual(app.sender.outbox[0][:2], ("relay.test", "ada@example.com"))

    def test_settings_are_read_when_bootstrap_runs(self):
        mod("adapters").SqliteInvoiceRepository.at(self.db).add(invoice("I-9", "ada@example.com", date(2000, 1, 1)))
        boot = mod("bootstrap").bootstrap
        with _patched_dict(os.environ, {"ALERTS_DB": self.db, "SMTP_HOST": "relay.env"}):
            app = boot(clock=Clock(date(2026, 1, 1)))
        self.assertEqual((app.run(), app.sender.host), (1, "relay.env"))

    def test_each_bootstrap_builds_its_own_adapters(self):
        boot = mod("bootstrap").bootstrap
        settings = {"ALERTS_DB": self.db, "SMTP_HOST": "relay.test"}
        one, two = boot(environ=settings), boot(environ=settings)
        self.assertIsNot(one.sender, two.sender)
        self.assertIsNot(one.invoices, two.invoices)

    def test_a_missing_setting_fails_at_start_up_not_at_import(self):
        boot = mod("bootstrap").bootstrap
        with self.assertRaises(ValueError):
            boot(environ={"ALERTS_DB": self.db}, clock=Clock(date(2026, 1, 1)))

    def test_a_dependency_that_does_not_fit_its_port_is_refused_by_name(self):
        boot = mod("bootstrap").bootstrap

        class Pigeon:
            def deliver(self, to, text):
                pass

        with self.assertRaises(TypeError) as caught:
            boot(invoices=Invoices(), sender=Pigeon(), clock=Clock(date(2026, 1, 1)))
        self.assertIn("sender", str(caught.exception))

    def test_ports_are_structural(self):
        ports = mod("ports")
        for port in (ports.InvoiceRepository, ports.Sender, ports.Clock):
            self.assertTrue(getattr(port, "_is_protocol", False), port)
        self.assertIsInstance(Sender(), ports.Sender)
        self.assertNotIsInstance(object(), ports.Sender)


if __name__ == "__main__":
    unittest.main()
