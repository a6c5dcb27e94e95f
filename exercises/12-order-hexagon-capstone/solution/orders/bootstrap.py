"""Composition root: the only module that knows every adapter."""

from orders.adapters.email import OutboxNotifier
from orders.adapters.http import HttpApi
from orders.adapters.memory import InMemoryCatalog, InMemoryOrders
from orders.adapters.payments import PayClientGateway
from orders.application import OrderService


class App:
    def __init__(self, api, notifier):
        self._api = api
        self.emails = notifier.sent

    def handle(self, method, path, body=None):
        return self._api.handle(method, path, body)


def build(catalog, stock, gateway=None):
    notifier = OutboxNotifier()
    service = OrderService(
        orders=InMemoryOrders(),
        catalog=InMemoryCatalog(catalog, stock),
        gateway=gateway if gateway is not None else PayClientGateway(),
        notifier=notifier,
    )
    return App(HttpApi(service), notifier)
