from orders.adapters.http import HttpApi
from orders.adapters.payments import PayClientGateway


def build(catalog, stock, gateway=None):
    return HttpApi(catalog, stock, gateway if gateway is not None else PayClientGateway())
