"""Use cases on one account. Auditing happens here, where the actor is known."""

from decimal import Decimal

from ledgerly.db.store import create_account
from ledgerly.services import audit


def open_account(store, owner, actor):
    account = create_account(store, owner)
    audit.record(actor, f"open {account.id}")
    return account


def deposit(store, account_id, amount, actor):
    account = store.get(account_id)
    account.deposit(Decimal(amount))
    store.save(account)
    audit.record(actor, f"deposit {Decimal(amount):.2f} to {account_id}")


def withdraw(store, account_id, amount, actor):
    account = store.get(account_id)
    account.withdraw(Decimal(amount))
    store.save(account)
    audit.record(actor, f"withdraw {Decimal(amount):.2f} from {account_id}")
