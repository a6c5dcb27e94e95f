import json
from decimal import ROUND_HALF_UP, Decimal

from orders.application import PaymentDeclined


class HttpApi:
    def __init__(self, catalog, stock, gateway):
        self.catalog = {sku: Decimal(p) for sku, p in catalog.items()}
        self.stock = dict(stock)
        self.gateway = gateway
        self.orders = {}
        self.emails = []

    def handle(self, method, path, body=None):
        parts = [p for p in path.split("/") if p]
        if method == "POST" and parts == ["orders"]:
            return self._place(body)
        if len(parts) >= 2 and parts[0] == "orders" and parts[1].isdigit():
            order_id = int(parts[1])
            order = self.orders.get(order_id)
            if method == "GET" and len(parts) == 2:
                if order is None:
                    return 404, {"error": f"order {order_id} not found"}
                return 200, {
                    "id": order_id, "customer": order["customer"], "status": order["status"],
                    "total": str(order["total"]),
                    "lines": [{"sku": s, "qty": q, "price": str(p)} for s, q, p in order["lines"]],
                }
            if method == "POST" and parts[2:] == ["cancel"]:
                if order is None:
                    return 404, {"error": f"order {order_id} not found"}
                if order["status"] == "cancelled":
                    return 409, {"error": f"order {order_id} is already cancelled"}
                order["status"] = "cancelled"
                self.gateway.refund(order["tx"], order["total"])
                for sku, qty, _ in order["lines"]:
                    self.stock[sku] += qty
                self.emails.append((order["customer"], f"Order {order_id} cancelled"))
                return 200, {"id": order_id, "status": "cancelled"}
        return 404, {"error": "not found"}

    def _place(self, body):
        bad = (400, {"error": "an order needs a customer, a card and at least one line"})
        try:
            data = json.loads(body or "")
        except ValueError:
            return 400, {"error": "body must be JSON"}
        if not isinstance(data, dict) or not data.get("customer") or not data.get("card") or not data.get("lines"):
            return bad
        wanted = {}
        for line in data["lines"]:
            qty = line.get("qty")
            if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
                return 400, {"error": "quantities must be whole numbers of at least 1"}
            wanted[line.get("sku")] = wanted.get(line.get("sku"), 0) + qty
        for sku in wanted:
            if sku not in self.catalog:
                return 422, {"error": f"unknown sku: {sku}"}
        for sku, qty in wanted.items():
            if self.stock.get(sku, 0) < qty:
                return 409, {"error": f"insufficient stock for {sku}"}
        total = sum((self.catalog[s] * q for s, q in wanted.items()), Decimal("0"))
        code = data.get("discount")
        if code == "WELCOME10":
            total = total * Decimal("0.9")
        elif code == "FIVEOFF":
            total = max(total - 5, Decimal("0"))
        elif code is not None:
            return 422, {"error": f"unknown discount code: {code}"}
        total = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        try:
            tx = self.gateway.charge(data["card"], total)
        except PaymentDeclined:
            return 402, {"error": "payment declined"}
        for sku, qty in wanted.items():
            self.stock[sku] -= qty
        order_id = len(self.orders) + 1
        self.orders[order_id] = {
            "customer": data["customer"], "status": "paid", "total": total, "tx": tx,
            "lines": [(s, q, self.catalog[s]) for s, q in wanted.items()],
        }
        self.emails.append((data["customer"], f"Order {order_id} confirmed"))
        return 201, {"id": order_id, "status": "paid", "total": str(total)}
