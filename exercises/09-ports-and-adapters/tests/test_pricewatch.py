import unittest
from decimal import Decimal

from pricewatch.adapters.memory import InMemoryPrices, RecordingNotifier
from pricewatch.application import check_prices
from pricewatch.domain import Watch


class CheckPricesTest(unittest.TestCase):
    def test_alerts_when_cheap_enough(self):
        notifier = RecordingNotifier()
        prices = InMemoryPrices({"widget": Decimal("9.50"), "gadget": Decimal("30")})
        watches = [Watch("widget", Decimal("10.00")), Watch("gadget", Decimal("25"))]
        alerts = check_prices(watches, prices, notifier)
        self.assertEqual([alert.product for alert in alerts], ["widget"])
        self.assertEqual(notifier.alerts, alerts)


if __name__ == "__main__":
    unittest.main()
