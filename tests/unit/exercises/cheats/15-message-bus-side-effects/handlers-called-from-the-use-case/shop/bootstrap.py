from shop.bus import MessageBus
from shop.domain import OrderPlaced, PlaceOrder
from shop import services


def bootstrap(orders, mailer, ledger) -> MessageBus:
    return MessageBus(
        command_handlers={PlaceOrder: lambda command: services.place_order(command, orders, mailer, ledger)},
        event_handlers={OrderPlaced: []},
    )
