"""Use cases."""


def pay_invoice(invoices, invoice_id, amount, mailer):
    invoice = invoices[invoice_id]
    invoice.pay(amount, mailer)
    invoice.pull_events()
