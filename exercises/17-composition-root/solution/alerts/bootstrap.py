"""The composition root: the only place that reads settings and chooses adapters."""

import os

from alerts.adapters import SmtpSender, SqliteInvoiceRepository, SystemClock
from alerts.ports import Clock, InvoiceRepository, Sender
from alerts.services import OverdueReminders


def _checked(name, value, port):
    # Protocols are structural: any object with the methods fits. Checking here fails at start-up,
    # naming the dependency, instead of deep inside the first run.
    if not isinstance(value, port):
        raise TypeError(f"{name} must provide {port.__name__}: got {type(value).__name__}")
    return value


def bootstrap(invoices=None, sender=None, clock=None, environ=None) -> OverdueReminders:
    environ = os.environ if environ is None else environ
    if invoices is None:
        invoices = SqliteInvoiceRepository.at(environ.get("ALERTS_DB", "alerts.db"))
    if sender is None:
        sender = SmtpSender(environ.get("SMTP_HOST", ""))
    if clock is None:
        clock = SystemClock()
    return OverdueReminders(
        invoices=_checked("invoices", invoices, InvoiceRepository),
        sender=_checked("sender", sender, Sender),
        clock=_checked("clock", clock, Clock),
    )
