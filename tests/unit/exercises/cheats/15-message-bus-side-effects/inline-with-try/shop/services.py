"""The bus is there, but placing an order still sends the mail and records the sale itself."""

from shop.domain import DuplicateOrder, Order, OrderPlaced, PlaceOrder


def place_order(command: PlaceOrder, orders, mailer=None, ledger=None) -> list:
    if orders.get(command.order_id) is not None:
        raise DuplicateOrder(command.order_id)
    orders.add(Order(command.order_id, command.email, command.total))
    if mailer is not None:
        try:
            mailer.send(command.email, f"Order {command.order_id} confirmed", f"Total: {command.total}")
        except Exception:
            pass
    if ledger is not None:
        try:
            ledger.record(command.order_id, command.total)
        except Exception:
            pass
    return [OrderPlaced(command.order_id, command.email, command.total)]
