"""Use cases: load, ask the domain, then act on the events it raised."""

from billing.domain.events import InvoicePaid


def pay_invoice(invoices, invoice_id, amount, mailer):
    invoice = invoices[invoice_id]
    invoice.pay(amount)
    for event in invoice.pull_events():
        if isinstance(event, InvoicePaid):
            mailer.send_receipt(event.customer, event.total)
