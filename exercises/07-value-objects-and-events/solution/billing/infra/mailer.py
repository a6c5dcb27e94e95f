class OutboxMailer:
    """Pretends to send e-mail: receipts land in `sent`."""

    def __init__(self):
        self.sent = []

    def send_receipt(self, customer, total):
        self.sent.append((customer, total))
