import json

from orders import application
from orders.adapters.memory import STATE


def handle(method, path, body=None):
    """A minimal HTTP-style entry point: returns (status, payload)."""
    parts = [part for part in path.split("/") if part]
    if method == "POST" and parts == ["orders"]:
        try:
            data = json.loads(body or "")
        except ValueError:
            return 400, {"error": "body must be JSON"}
        return application.place_order(data)
    if len(parts) >= 2 and parts[0] == "orders" and parts[1].isdigit():
        order_id = int(parts[1])
        if method == "GET" and len(parts) == 2:
            order = STATE["orders"].get(order_id)
            if order is None:
                return 404, {"error": f"order {order_id} not found"}
            return 200, {
                "id": order.id,
                "customer": order.customer,
                "status": order.status,
                "total": str(order.total),
                "lines": [{"sku": l["sku"], "qty": l["qty"], "price": str(l["price"])} for l in order.lines],
            }
        if method == "POST" and parts[2:] == ["cancel"]:
            return application.cancel_order(order_id)
    return 404, {"error": "not found"}
