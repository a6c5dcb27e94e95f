"""Composition root: the only module that knows every adapter and every handler."""

from functools import partial

from orders import handlers
from orders.adapters.email import OutboxNotifier
from orders.adapters.http import HttpApi
from orders.adapters.memory import InMemoryCatalog, InMemoryOrders
from orders.adapters.payments import PayClientGateway
from orders.application import OrderService
from orders.domain import OrderCancelled, OrderPlaced
from orders.messagebus import MessageBus


class App:
    def __init__(self, api, notifier):
        self._api = api
        self.emails = notifier.sent

    def handle(self, method, path, body=None):
        return self._api.handle(method, path, body)


def build(catalog, stock, gateway=None):
    notifier = OutboxNotifier()
    shelves = InMemoryCatalog(catalog, stock)
    gateway = gateway if gateway is not None else PayClientGateway()
    bus = MessageBus(
        {
            OrderPlaced: [partial(handlers.send_confirmation, notifier=notifier)],
            OrderCancelled: [partial(handlers.send_cancellation, notifier=notifier)],
        }
    )
    service = OrderService(orders=InMemoryOrders(), catalog=shelves, gateway=gateway, bus=bus)
    return App(HttpApi(service), notifier)
