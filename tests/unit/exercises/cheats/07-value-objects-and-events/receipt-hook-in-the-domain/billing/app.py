"""Use cases."""


def pay_invoice(invoices, invoice_id, amount, mailer):
    invoice = invoices[invoice_id]
    invoice.on_paid = lambda paid: mailer.send_receipt(paid.customer, paid.total)
    invoice.pay(amount)
    invoice.pull_events()
