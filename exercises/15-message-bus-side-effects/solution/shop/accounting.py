"""The accounting adapter (a stand-in for the finance system)."""


class Ledger:
    def __init__(self):
        self.entries = {}

    def has(self, order_id):
        return order_id in self.entries

    def record(self, order_id, total):
        if order_id in self.entries:
            raise ValueError(f"sale {order_id} recorded twice")
        self.entries[order_id] = total
