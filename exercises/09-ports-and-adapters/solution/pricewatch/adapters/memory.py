class InMemoryPrices:
    """PriceSource over a dict, for tests."""

    def __init__(self, prices):
        self._prices = dict(prices)

    def price_of(self, product):
        return self._prices.get(product)


class RecordingNotifier:
    """Notifier that remembers what it was told."""

    def __init__(self):
        self.alerts = []

    def notify(self, alert):
        self.alerts.append(alert)
