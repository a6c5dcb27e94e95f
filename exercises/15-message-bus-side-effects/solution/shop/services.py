"""Command handlers: change state, return the events that say what happened."""

from shop.domain import DuplicateOrder, Order, OrderPlaced, PlaceOrder


def place_order(command: PlaceOrder, orders) -> list:
    if orders.get(command.order_id) is not None:
        raise DuplicateOrder(command.order_id)
    orders.add(Order(command.order_id, command.email, command.total))
    return [OrderPlaced(command.order_id, command.email, command.total)]
