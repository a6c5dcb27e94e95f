from decimal import Decimal

from ledgerly.db.store import create_account


def open_account(store, owner):
    return create_account(store, owner)


def deposit(store, account_id, amount):
    account = store.get(account_id)
    account.deposit(Decimal(amount))
    store.save(account, f"deposit {Decimal(amount):.2f} to")


def withdraw(store, account_id, amount):
    account = store.get(account_id)
    account.withdraw(Decimal(amount))
    store.save(account, f"withdraw {Decimal(amount):.2f} from")
