import logging
from decimal import ROUND_HALF_UP, Decimal

from orders.adapters.memory import STATE
from orders.domain import CLIENT, Order

log = logging.getLogger("orders")


def place_order(body):
    """Returns (status, payload) for POST /orders."""
    if not isinstance(body, dict) or not body.get("customer") or not body.get("card") or not body.get("lines"):
        return 400, {"error": "an order needs a customer, a card and at least one line"}
    wanted = {}
    for line in body["lines"]:
        sku, qty = line.get("sku"), line.get("qty")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            return 400, {"error": "quantities must be whole numbers of at least 1"}
        if sku not in STATE["catalog"]:
            return 422, {"error": f"unknown sku: {sku}"}
        wanted[sku] = wanted.get(sku, 0) + qty
    for sku, qty in wanted.items():
        if STATE["stock"].get(sku, 0) < qty:
            return 409, {"error": f"insufficient stock for {sku}"}
    lines = [{"sku": sku, "qty": qty, "price": Decimal(STATE["catalog"][sku])} for sku, qty in wanted.items()]
    total = sum((line["price"] * line["qty"] for line in lines), Decimal("0"))
    code = body.get("discount")
    if code == "WELCOME10":
        total = total * Decimal("0.9")
    elif code == "FIVEOFF":
        total = max(total - 5, Decimal("0"))
    elif code is not None:
        return 422, {"error": f"unknown discount code: {code}"}
    total = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    result = CLIENT.charge(body["card"], int(total * 100))
    if not result["ok"]:
        log.warning("payment declined for %s", body["customer"])
        return 402, {"error": "payment declined"}
    for sku, qty in wanted.items():
        STATE["stock"][sku] -= qty
    order = Order(STATE["next_id"], body["customer"], lines, total, transaction_id=result["id"])
    STATE["orders"][order.id] = order
    STATE["next_id"] += 1
    STATE["emails"].append((order.customer, f"Order {order.id} confirmed"))
    return 201, {"id": order.id, "status": order.status, "total": str(order.total)}


def cancel_order(order_id):
    order = STATE["orders"].get(order_id)
    if order is None:
        return 404, {"error": f"order {order_id} not found"}
    try:
        order.cancel()
    except ValueError as error:
        return 409, {"error": str(error)}
    for line in order.lines:
        STATE["stock"][line["sku"]] += line["qty"]
    STATE["emails"].append((order.customer, f"Order {order.id} cancelled"))
    return 200, {"id": order.id, "status": order.status}
