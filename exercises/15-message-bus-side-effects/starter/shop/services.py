"""Placing an order, and everything that has to happen after it."""

from shop.accounting import Ledger
from shop.domain import DuplicateOrder, Order, PlaceOrder
from shop.notifications import Mailer


class OrderService:
    def __init__(self, orders, mailer: Mailer, ledger: Ledger):
        self.orders = orders
        self.mailer = mailer
        self.ledger = ledger

    def handle(self, command: PlaceOrder) -> None:
        if self.orders.get(command.order_id) is not None:
            raise DuplicateOrder(command.order_id)
        self.orders.add(Order(command.order_id, command.email, command.total))
        self.mailer.send(command.email, f"Order {command.order_id} confirmed", f"Total: {command.total}")
        self.ledger.record(command.order_id, command.total)
