"""The composition root: the one place that knows every handler and what it needs."""

from shop.bus import MessageBus
from shop.domain import OrderPlaced, PlaceOrder
from shop import handlers, services


def bootstrap(orders, mailer, ledger) -> MessageBus:
    sent_confirmations = set()
    return MessageBus(
        command_handlers={PlaceOrder: lambda command: services.place_order(command, orders)},
        event_handlers={
            OrderPlaced: [
                lambda event: handlers.send_confirmation(event, mailer, sent_confirmations),
                lambda event: handlers.record_sale(event, ledger),
            ]
        },
    )
