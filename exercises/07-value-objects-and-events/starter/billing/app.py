def pay_invoice(invoices, invoice_id, amount):
    invoices[invoice_id].pay(amount)
