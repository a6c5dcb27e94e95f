"""Real adapters: SQLite, a mail relay stand-in and the system clock. Nothing happens on import."""

import sqlite3
from datetime import date

from alerts.domain import Invoice


class SqliteInvoiceRepository:
    def __init__(self, connection):
        self.db = connection
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS invoices (number TEXT PRIMARY KEY, email TEXT, due TEXT, paid INTEGER)"
        )

    @classmethod
    def at(cls, path):
        return cls(sqlite3.connect(path))

    def add(self, invoice):
        with self.db:
            self.db.execute(
                "INSERT INTO invoices VALUES (?, ?, ?, ?)",
                (invoice.number, invoice.customer_email, invoice.due.isoformat(), int(invoice.paid)),
            )

    def list_unpaid(self):
        rows = self.db.execute("SELECT number, email, due FROM invoices WHERE paid = 0 ORDER BY number")
        return [Invoice(number, email, date.fromisoformat(due)) for number, email, due in rows]


class SmtpSender:
    """Stand-in for smtplib: it records what it would hand to the relay at `host`."""

    def __init__(self, host):
        if not host:
            raise ValueError("SMTP_HOST is not set")
        self.host = host
        self.outbox = []

    def send(self, to, text):
        self.outbox.append((self.host, to, text))


class SystemClock:
    def today(self):
        return date.today()
