import importlib
import unittest


def _mods():
    return (
        importlib.import_module("inventory.model"),
        importlib.import_module("inventory.repository"),
        importlib.import_module("inventory.events"),
        importlib.import_module("inventory.services"),
    )


class RecordingBus:
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)

    def subscribe(self, event_type, handler):
        raise AssertionError("the service should not subscribe to anything")


class RepositoryHiddenTest(unittest.TestCase):
    def test_repository_unknown_sku(self):
        model, repository, _, _ = _mods()
        repo = repository.StockRepository()
        with self.assertRaises(model.UnknownSku):
            repo.get("NOPE")

    def test_repository_returns_copies(self):
        model, repository, _, _ = _mods()
        repo = repository.StockRepository()
        repo.add(model.StockItem("CUP", 3, 1))
        item = repo.get("CUP")
        item.on_hand = 99
        self.assertEqual(repo.get("CUP").on_hand, 3)
        repo.save(item)
        self.assertEqual(repo.get("CUP").on_hand, 99)

    def test_repository_all_sorted_and_separate(self):
        model, repository, _, _ = _mods()
        one, two = repository.StockRepository(), repository.StockRepository()
        for sku in ("ZIP", "AXE", "MAP"):
            one.add(model.StockItem(sku, 1, 0))
        self.assertEqual([item.sku for item in one.all()], ["AXE", "MAP", "ZIP"])
        self.assertEqual(two.all(), [])


class ItemHiddenTest(unittest.TestCase):
    def test_item_is_an_entity(self):
        model = _mods()[0]
        before, after = model.StockItem("MUG", 10, 4), model.StockItem("MUG", 3, 4)
        self.assertEqual(before, after)
        self.assertEqual(hash(before), hash(after))
        self.assertNotEqual(before, model.StockItem("CUP", 10, 4))

    def test_item_receive_takes_positive_quantities(self):
        model = _mods()[0]
        item = model.StockItem("MUG", 5, 2)
        item.receive(2)
        self.assertEqual(item.on_hand, 7)
        for bad in (0, -1):
            with self.assertRaises(ValueError):
                item.receive(bad)
        self.assertEqual(item.on_hand, 7)

    def test_item_ship_takes_positive_quantities(self):
        model = _mods()[0]
        item = model.StockItem("MUG", 5, 2)
        item.ship(3)
        self.assertEqual(item.on_hand, 2)
        for bad in (0, -1):
            with self.assertRaises(ValueError):
                item.ship(bad)
        self.assertEqual(item.on_hand, 2)

    def test_item_ship_more_than_on_hand_changes_nothing(self):
        model = _mods()[0]
        item = model.StockItem("MUG", 4, 2)
        with self.assertRaises(model.OutOfStock):
            item.ship(5)
        self.assertEqual(item.on_hand, 4)
        item.ship(4)
        self.assertEqual(item.on_hand, 0)


class ServiceHiddenTest(unittest.TestCase):
    def setUp(self):
        model, repository, events, services = _mods()
        self.model, self.events = model, events
        self.repo = repository.StockRepository()
        self.repo.add(model.StockItem("MUG", 10, 4))
        self.bus = RecordingBus()
        self.service = services.StockService(self.repo, self.bus)

    def test_service_receive(self):
        self.service.receive("MUG", 5)
        self.assertEqual(self.repo.get("MUG").on_hand, 15)
        with self.assertRaises(self.model.UnknownSku):
            self.service.receive("CAP", 1)

    def test_low_stock_event_published_at_threshold(self):
        self.service.ship("MUG", 5)
        self.assertEqual(self.bus.published, [])
        self.service.ship("MUG", 1)
        self.assertEqual(self.bus.published, [self.events.StockLow("MUG", 4)])
        self.service.ship("MUG", 4)
        self.assertEqual(self.bus.published[-1], self.events.StockLow("MUG", 0))


class WiringHiddenTest(unittest.TestCase):
    def test_build_reorders_through_events(self):
        app_module = importlib.import_module("inventory.app")
        model = importlib.import_module("inventory.model")
        reports = importlib.import_module("inventory.reports")
        app = app_module.build()
        app.repository.add(model.StockItem("INK", 6, 2))
        app.repository.add(model.StockItem("BAG", 1, 1))
        app.stock.ship("INK", 3)
        self.assertEqual(app.purchasing.orders, [])
        app.stock.ship("INK", 1)
        self.assertEqual(app.purchasing.orders, [("INK", 10)])
        self.assertEqual(reports.low_stock(app.repository), ["BAG", "INK"])
        other = app_module.build()
        self.assertEqual(other.purchasing.orders, [])
        self.assertEqual(other.repository.all(), [])

    def test_build_purchasing_batch(self):
        purchasing = importlib.import_module("inventory.purchasing")
        events = importlib.import_module("inventory.events")
        buyer = purchasing.Purchasing(batch=25)
        buyer.on_stock_low(events.StockLow("TAPE", 0))
        self.assertEqual(buyer.orders, [("TAPE", 25)])


class DictRepository:
    """A fake repository: hands out the stored objects themselves and records every save."""

    def __init__(self, *items):
        self.items = {item.sku: item for item in items}
        self.saved = []

    def get(self, sku):
        return self.items[sku]

    def save(self, item):
        self.saved.append((item.sku, item.on_hand))


class ServiceAsksTheItemTest(unittest.TestCase):
    """The service loads the item, lets the item apply its own rule, then saves: it applies none itself."""

    def setUp(self):
        model, _, events, services = _mods()
        self.model, self.events, self.services = model, events, services
        self.bus = RecordingBus()

        class StrictItem(model.StockItem):
            """An item with rules of its own: ships nothing, receives double."""

            def ship(self, quantity):
                raise model.OutOfStock(f"{self.sku} is held back")

            def receive(self, quantity):
                self.on_hand += 2 * quantity

        self.item = StrictItem("MUG", 10, 4)
        self.repo = DictRepository(self.item)
        self.service = services.StockService(self.repo, self.bus)

    def test_ship_refused_by_the_item_changes_nothing(self):
        with self.assertRaises(self.model.OutOfStock):
            self.service.ship("MUG", 1)
        self.assertEqual((self.item.on_hand, self.repo.saved, self.bus.published), (10, [], []))

    def test_receive_applies_the_items_rule_and_saves(self):
        self.service.receive("MUG", 3)
        self.assertEqual(self.item.on_hand, 16)
        self.assertEqual(self.repo.saved, [("MUG", 16)])


if __name__ == "__main__":
    unittest.main()
