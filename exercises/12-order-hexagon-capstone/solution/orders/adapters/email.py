"""Driven adapter: pretends to send e-mail by keeping (to, subject) pairs."""


class OutboxNotifier:
    def __init__(self):
        self.sent = []

    def send(self, to, subject):
        self.sent.append((to, subject))
