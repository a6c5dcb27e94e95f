"""Use cases and the ports they need. Adapters implement the ports; bootstrap wires them."""

from decimal import Decimal
from typing import Optional, Protocol

from orders.domain import DomainError, InsufficientStock, InvalidOrder, Line, Order, UnknownSku, merge_items, price

ATTEMPTS = 3


class PaymentDeclined(DomainError):
    def __init__(self, reason="payment declined"):
        super().__init__(reason)


class OrderNotFound(DomainError):
    def __init__(self, order_id):
        super().__init__(f"order {order_id} not found")


class ConcurrencyConflict(Exception):
    """The stored order is not the version this change was made from."""


class PaymentGateway(Protocol):
    def charge(self, card: str, amount: Decimal) -> str: ...

    def refund(self, transaction_id: str, amount: Decimal) -> None: ...


class Catalog(Protocol):
    def price_of(self, sku: str) -> Optional[Decimal]: ...

    def in_stock(self, sku: str) -> int: ...

    def take(self, sku: str, qty: int) -> None: ...

    def put_back(self, sku: str, qty: int) -> None: ...


class OrderRepository(Protocol):
    def next_id(self) -> int: ...

    def get(self, order_id: int) -> Optional[Order]: ...

    def save(self, order: Order, expected_version: int) -> None: ...


class Notifier(Protocol):
    def send(self, to: str, subject: str) -> None: ...


class EventPublisher(Protocol):
    def publish(self, event: object) -> None: ...


class OrderService:
    def __init__(self, orders: OrderRepository, catalog: Catalog, gateway: PaymentGateway, bus: EventPublisher):
        self._orders = orders
        self._catalog = catalog
        self._gateway = gateway
        self._bus = bus

    def place_order(self, customer, card, items, discount=None) -> Order:
        if not customer or not card:
            raise InvalidOrder("an order needs a customer, a card and at least one line")
        wanted = merge_items(items)
        lines = []
        for sku, qty in wanted.items():
            unit_price = self._catalog.price_of(sku)
            if unit_price is None:
                raise UnknownSku(sku)
            lines.append(Line(sku, qty, Decimal(unit_price)))
        for line in lines:
            if self._catalog.in_stock(line.sku) < line.qty:
                raise InsufficientStock(line.sku)
        total = price(lines, discount)
        # Charge last among the checks: nothing changes if any rule or the payment says no.
        transaction_id = self._gateway.charge(card, total)
        for line in lines:
            self._catalog.take(line.sku, line.qty)
        order = Order.place(self._orders.next_id(), customer, lines, total, transaction_id)
        self._orders.save(order, expected_version=0)
        self._publish(order)
        return order

    def get_order(self, order_id) -> Order:
        order = self._orders.get(order_id)
        if order is None:
            raise OrderNotFound(order_id)
        return order

    def cancel_order(self, order_id) -> Order:
        order = self.get_order(order_id)
        read_version = order.version
        order.cancel()
        self._orders.save(order, expected_version=read_version)  # a conflict is someone else's problem
        self._publish(order)
        return order

    def _publish(self, order):
        # After the save: a handler never hears of a change that was not stored.
        for event in order.pull_events():
            self._bus.publish(event)
