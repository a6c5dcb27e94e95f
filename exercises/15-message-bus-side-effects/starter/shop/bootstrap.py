"""Builds the object that handles the shop's commands."""

from shop.services import OrderService


def bootstrap(orders, mailer, ledger):
    return OrderService(orders, mailer, ledger)
