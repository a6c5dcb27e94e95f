import contextlib
import importlib
import io
import os
import shutil
import tempfile
import unittest
from decimal import Decimal


class DictSource:
    def __init__(self, prices):
        self.prices, self.asked = prices, []

    def price_of(self, product):
        self.asked.append(product)
        return self.prices.get(product)


class ListNotifier:
    def __init__(self):
        self.told = []

    def notify(self, alert):
        self.told.append((alert.product, alert.price, alert.target))


class CoreTest(unittest.TestCase):
    def test_domain_alert_is_a_value(self):
        domain = importlib.import_module("pricewatch.domain")
        one = domain.Alert("lamp", Decimal("5"), Decimal("6"))
        self.assertEqual(one, domain.Alert("lamp", Decimal("5.0"), Decimal("6")))
        with self.assertRaises(Exception):
            one.price = Decimal("1")

    def test_check_prices_with_unknown_ports(self):
        domain = importlib.import_module("pricewatch.domain")
        application = importlib.import_module("pricewatch.application")
        source = DictSource({"b": Decimal("10.00"), "c": Decimal("10.01"), "d": Decimal("0")})
        notifier = ListNotifier()
        watches = [domain.Watch(p, Decimal("10")) for p in ("d", "a", "b", "c")]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            alerts = application.check_prices(watches, source, notifier)
        self.assertEqual(out.getvalue(), "", "the use case should not print")
        self.assertEqual(source.asked, ["d", "a", "b", "c"])
        self.assertEqual(notifier.told, [("d", Decimal("0"), Decimal("10")), ("b", Decimal("10.00"), Decimal("10"))])
        self.assertEqual([alert.product for alert in alerts], ["d", "b"])

    def test_check_prices_nothing_to_watch(self):
        application = importlib.import_module("pricewatch.application")
        self.assertEqual(list(application.check_prices([], DictSource({}), ListNotifier())), [])

    def test_ports_are_protocols(self):
        ports = importlib.import_module("pricewatch.ports")
        for name, method in (("PriceSource", "price_of"), ("Notifier", "notify")):
            port = getattr(ports, name)
            self.assertTrue(getattr(port, "_is_protocol", False), name)
            self.assertTrue(callable(getattr(port, method, None)), method)


class AdapterTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def _csv(self, text):
        path = os.path.join(self.dir, "prices.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def test_csv_source(self):
        csv_prices = importlib.import_module("pricewatch.adapters.csv_prices")
        source = csv_prices.CsvPriceSource(self._csv("product,price\n widget , 9.50 \n\ngadget,30\n"))
        self.assertEqual(source.price_of("widget"), Decimal("9.50"))
        self.assertEqual(source.price_of("gadget"), Decimal("30"))
        self.assertIsNone(source.price_of("product"))
        self.assertIsNone(source.price_of("doohickey"))

    def test_console_notifier_format(self):
        console = importlib.import_module("pricewatch.adapters.console")
        domain = importlib.import_module("pricewatch.domain")
        stream = io.StringIO()
        console.ConsoleNotifier(stream).notify(domain.Alert("widget", Decimal("9.50"), Decimal("10.00")))
        self.assertEqual(stream.getvalue(), "ALERT widget: 9.50 (target 10.00)\n")

    def test_run_end_to_end(self):
        main = importlib.import_module("pricewatch.main")
        domain = importlib.import_module("pricewatch.domain")
        path = self._csv("kettle,19.99\ntoaster,45.00\nmixer,80\n")
        watches = [domain.Watch("mixer", Decimal("80")), domain.Watch("toaster", Decimal("40")), domain.Watch("kettle", Decimal("20"))]
        stream = io.StringIO()
        self.assertEqual(main.run(path, watches, stream), 2)
        self.assertEqual(stream.getvalue(), "ALERT mixer: 80 (target 80)\nALERT kettle: 19.99 (target 20)\n")


if __name__ == "__main__":
    unittest.main()
