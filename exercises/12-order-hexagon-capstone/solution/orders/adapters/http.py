"""Driving adapter: HTTP-style requests in, (status, payload) out. No rules here."""

import json

from orders.application import OrderNotFound, PaymentDeclined
from orders.domain import AlreadyCancelled, InsufficientStock, InvalidOrder, UnknownDiscount, UnknownSku

_STATUS = [
    (InvalidOrder, 400),
    (PaymentDeclined, 402),
    (OrderNotFound, 404),
    (InsufficientStock, 409),
    (AlreadyCancelled, 409),
    (UnknownSku, 422),
    (UnknownDiscount, 422),
]


def _error(exc):
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status, {"error": str(exc)}
    raise exc


def _order_json(order):
    return {
        "id": order.id,
        "customer": order.customer,
        "status": order.status,
        "total": str(order.total),
        "lines": [{"sku": line.sku, "qty": line.qty, "price": str(line.price)} for line in order.lines],
    }


def _parse_new_order(body):
    try:
        data = json.loads(body or "")
    except ValueError:
        raise InvalidOrder("body must be JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise InvalidOrder("an order needs a customer, a card and at least one line")
    items = []
    for line in data["lines"]:
        if not isinstance(line, dict):
            raise InvalidOrder("an order needs a customer, a card and at least one line")
        items.append((line.get("sku"), line.get("qty")))
    return data.get("customer"), data.get("card"), items, data.get("discount")


class HttpApi:
    def __init__(self, service):
        self._service = service

    def handle(self, method, path, body=None):
        parts = [part for part in path.split("/") if part]
        try:
            if method == "POST" and parts == ["orders"]:
                order = self._service.place_order(*_parse_new_order(body))
                return 201, {"id": order.id, "status": order.status, "total": str(order.total)}
            if len(parts) >= 2 and parts[0] == "orders" and parts[1].isdigit():
                order_id = int(parts[1])
                if method == "GET" and len(parts) == 2:
                    return 200, _order_json(self._service.get_order(order_id))
                if method == "POST" and parts[2:] == ["cancel"]:
                    order = self._service.cancel_order(order_id)
                    return 200, {"id": order.id, "status": order.status}
        except Exception as exc:  # translated by type; anything unknown is re-raised
            return _error(exc)
        return 404, {"error": "not found"}
