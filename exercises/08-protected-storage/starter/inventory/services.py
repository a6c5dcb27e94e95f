from inventory import purchasing
from inventory.model import OutOfStock, UnknownSku
from inventory.storage import TableStore

store = TableStore()


def add_item(sku, on_hand, reorder_level):
    store.insert("stock", sku, {"qty": on_hand, "reorder": reorder_level})


def receive(sku, quantity):
    row = store.fetch("stock", sku)
    if row is None:
        raise UnknownSku(sku)
    row["qty"] += quantity
    store.update("stock", sku, row)


def ship(sku, quantity):
    row = store.fetch("stock", sku)
    if row is None:
        raise UnknownSku(sku)
    if quantity > row["qty"]:
        raise OutOfStock(f"only {row['qty']} of {sku} on hand")
    row["qty"] -= quantity
    store.update("stock", sku, row)
    if row["qty"] <= row["reorder"]:
        purchasing.reorder(sku)
