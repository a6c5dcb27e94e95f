"""The starter's service, with the adapters handed in instead of imported."""

from shop.domain import DuplicateOrder, Order, PlaceOrder


class OrderService:
    def __init__(self, orders, mailer, ledger):
        self.orders, self.mailer, self.ledger = orders, mailer, ledger

    def handle(self, command: PlaceOrder) -> None:
        if self.orders.get(command.order_id) is not None:
            raise DuplicateOrder(command.order_id)
        self.orders.add(Order(command.order_id, command.email, command.total))
        self.mailer.send(command.email, f"Order {command.order_id} confirmed", f"Total: {command.total}")
        self.ledger.record(command.order_id, command.total)
