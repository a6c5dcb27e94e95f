class Purchasing:
    """Orders more of whatever runs low."""

    def __init__(self, batch=10):
        self.batch = batch
        self.orders = []

    def on_stock_low(self, event):
        self.orders.append((event.sku, self.batch))
