"""Reminders for overdue invoices."""
