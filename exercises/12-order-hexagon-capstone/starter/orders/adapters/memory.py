STATE = {"catalog": {}, "stock": {}, "orders": {}, "next_id": 1, "emails": []}


def reset(catalog, stock):
    STATE.update(catalog=dict(catalog), stock=dict(stock), orders={}, next_id=1)
    STATE["emails"].clear()
