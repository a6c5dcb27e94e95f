"""Placing an order calls the reactions itself; the handlers module is loaded at run time."""

import importlib

from shop.domain import DuplicateOrder, Order, OrderPlaced, PlaceOrder


def place_order(command: PlaceOrder, orders, mailer=None, ledger=None) -> list:
    if orders.get(command.order_id) is not None:
        raise DuplicateOrder(command.order_id)
    orders.add(Order(command.order_id, command.email, command.total))
    event = OrderPlaced(command.order_id, command.email, command.total)
    reactions = importlib.import_module("shop.handlers")
    if mailer is not None:
        reactions.send_confirmation(event, mailer, set())
    if ledger is not None:
        reactions.record_sale(event, ledger)
    return [event]
