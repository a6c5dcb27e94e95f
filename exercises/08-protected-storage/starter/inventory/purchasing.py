ORDERS = []


def reorder(sku, batch=10):
    ORDERS.append((sku, batch))
