from shop.services import OrderService


def bootstrap(orders, mailer, ledger):
    return OrderService(orders, mailer, ledger)
