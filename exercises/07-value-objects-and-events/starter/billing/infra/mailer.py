SENT = []


def send_receipt(customer, total):
    """Pretends to send an e-mail; the outbox is a list."""
    SENT.append((customer, total))
