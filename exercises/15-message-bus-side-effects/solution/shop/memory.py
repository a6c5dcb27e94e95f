"""In-memory order storage."""


class InMemoryOrders:
    def __init__(self):
        self.orders = {}

    def get(self, order_id):
        return self.orders.get(order_id)

    def add(self, order):
        self.orders[order.order_id] = order
