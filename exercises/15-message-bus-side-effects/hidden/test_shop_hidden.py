import importlib
import inspect
import unittest
from dataclasses import dataclass


def mod(name):
    return importlib.import_module(f"shop.{name}")


@dataclass(frozen=True)
class Ping:
    n: int


@dataclass(frozen=True)
class Pinged:
    n: int


@dataclass(frozen=True)
class Echoed:
    n: int


def bus_of(commands, events):
    return mod("bus").MessageBus(command_handlers=commands, event_handlers=events)


class MessageBusTest(unittest.TestCase):
    def test_a_command_has_one_handler_and_may_fail(self):
        seen = []
        bus_of({Ping: lambda c: seen.append(c.n)}, {}).handle(Ping(1))
        self.assertEqual(seen, [1])
        with self.assertRaises(LookupError):
            bus_of({}, {}).handle(Ping(1))

        def refuse(command):
            raise ValueError("refused")

        bus = bus_of({Ping: refuse}, {Pinged: [lambda e: seen.append(e)]})
        with self.assertRaises(ValueError):
            bus.handle(Ping(2))
        self.assertEqual(seen, [1], "a failed command publishes nothing")

    def test_an_event_reaches_every_subscriber_after_the_command_and_failures_stay_there(self):
        log = []

        def command(c):
            log.append("command done")
            return [Pinged(c.n)]

        def broken(event):
            raise RuntimeError("down")

        bus = bus_of(
            {Ping: command},
            {
                Pinged: [lambda e: log.append("first"), broken, lambda e: [Echoed(e.n + 1)]],
                Echoed: [lambda e: log.append(f"echo {e.n}")],
            },
        )
        bus.handle(Ping(1))  # fire and forget: the broken subscriber does not fail the command
        self.assertEqual(log, ["command done", "first", "echo 2"])


class HandlersTest(unittest.TestCase):
    def test_place_order_only_changes_state_and_tells(self):
        domain, services = mod("domain"), mod("services")
        self.assertEqual(list(inspect.signature(services.place_order).parameters), ["command", "orders"])
        orders = mod("memory").InMemoryOrders()
        events = services.place_order(domain.PlaceOrder("A1", "ada@example.com", 30), orders)
        self.assertEqual(list(events), [domain.OrderPlaced("A1", "ada@example.com", 30)])
        self.assertEqual(orders.get("A1").email, "ada@example.com")

    def test_record_sale_is_idempotent(self):
        domain, handlers = mod("domain"), mod("handlers")
        ledger = mod("accounting").Ledger()
        event = domain.OrderPlaced("A1", "ada@example.com", 30)
        handlers.record_sale(event, ledger)
        handlers.record_sale(event, ledger)  # delivered twice
        self.assertEqual(ledger.entries, {"A1": 30})


class WiredShopTest(unittest.TestCase):
    def setUp(self):
        self.orders = mod("memory").InMemoryOrders()
        self.mailer = mod("notifications").Mailer()
        self.ledger = mod("accounting").Ledger()
        self.domain = mod("domain")

    def bus(self, mailer=None, ledger=None):
        return mod("bootstrap").bootstrap(self.orders, mailer or self.mailer, ledger or self.ledger)

    def deliver(self, bus, event):
        for subscriber in bus.event_handlers[self.domain.OrderPlaced]:
            try:
                subscriber(event)
            except Exception:
                pass

    def test_failed_mail_keeps_order_and_sale(self):
        notifications = mod("notifications")

        class Down(notifications.Mailer):
            def send(self, to, subject, body):
                raise notifications.MailServerDown("down")

        self.bus(mailer=Down()).handle(self.domain.PlaceOrder("A1", "ada@example.com", 30))
        self.assertEqual((self.orders.get("A1").total, self.ledger.entries), (30, {"A1": 30}))

    def test_failed_ledger_still_sends_the_mail(self):
        class Down(mod("accounting").Ledger):
            def record(self, order_id, total):
                raise ConnectionError("finance system down")

        self.bus(ledger=Down()).handle(self.domain.PlaceOrder("A1", "ada@example.com", 30))
        self.assertEqual([to for to, _, _ in self.mailer.sent], ["ada@example.com"])

    def test_a_refused_order_sends_nothing(self):
        bus = self.bus()
        place = self.domain.PlaceOrder("A1", "ada@example.com", 30)
        bus.handle(place)
        with self.assertRaises(self.domain.DuplicateOrder):
            bus.handle(place)
        self.assertEqual((len(self.mailer.sent), self.ledger.entries), (1, {"A1": 30}))

    def test_without_subscribers_placing_an_order_has_no_side_effect(self):
        bus = self.bus()
        bus.event_handlers[self.domain.OrderPlaced] = []
        bus.handle(self.domain.PlaceOrder("A1", "ada@example.com", 30))
        self.assertEqual((self.orders.get("A1").total, self.mailer.sent, self.ledger.entries), (30, [], {}))

    def test_the_reactions_are_subscribers_of_order_placed(self):
        self.deliver(self.bus(), self.domain.OrderPlaced("B7", "bob@example.com", 12))
        self.assertEqual(([to for to, _, _ in self.mailer.sent], self.ledger.entries), (["bob@example.com"], {"B7": 12}))

    def test_a_redelivered_event_changes_nothing(self):
        bus = self.bus()
        event = self.domain.OrderPlaced("B7", "bob@example.com", 12)
        self.deliver(bus, event)
        self.deliver(bus, event)
        self.assertEqual((len(self.mailer.sent), self.ledger.entries), (1, {"B7": 12}))

    def test_redelivery_after_a_failure_completes_what_failed_once(self):
        notifications = mod("notifications")

        class Flaky(notifications.Mailer):
            down = True

            def send(self, to, subject, body):
                if self.down:
                    raise notifications.MailServerDown("down")
                super().send(to, subject, body)

        mailer = Flaky()
        bus = self.bus(mailer=mailer)
        event = self.domain.OrderPlaced("B7", "bob@example.com", 12)
        self.deliver(bus, event)
        mailer.down = False
        self.deliver(bus, event)
        self.assertEqual((len(mailer.sent), self.ledger.entries), (1, {"B7": 12}))

    def test_a_new_reaction_needs_no_change_to_placing(self):
        bus = self.bus()
        seen = []
        bus.event_handlers[self.domain.OrderPlaced].append(lambda event: seen.append(event.order_id))
        bus.handle(self.domain.PlaceOrder("A1", "ada@example.com", 30))
        self.assertEqual((seen, len(self.mailer.sent)), (["A1"], 1))


if __name__ == "__main__":
    unittest.main()
