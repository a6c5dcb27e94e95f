from inventory.services import store


def low_stock():
    return [sku for sku, row in store.scan("stock") if row["qty"] <= row["reorder"]]
