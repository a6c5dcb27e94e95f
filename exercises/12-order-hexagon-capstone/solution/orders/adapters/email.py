"""Driven adapter: pretends to send e-mail by keeping (to, subject) pairs."""


class OutboxNotifier:
    def __init__(self):
        self.sent = []

    def order_confirmed(self, order):
        self.sent.append((order.customer, f"Order {order.id} confirmed"))

    def order_cancelled(self, order):
        self.sent.append((order.customer, f"Order {order.id} cancelled"))
