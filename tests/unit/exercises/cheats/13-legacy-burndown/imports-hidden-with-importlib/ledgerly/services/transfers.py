from decimal import Decimal

from ledgerly.models.account import InsufficientFunds
import importlib


def transfer(store, source_id, target_id, amount):
    amount = Decimal(amount)
    source, target = store.get(source_id), store.get(target_id)
    if amount > source.balance:
        raise InsufficientFunds(f"{source_id} cannot pay {amount:.2f}")
    source.balance -= amount
    target.balance += amount
    store._accounts[source.id] = source
    store._accounts[target.id] = target
    from ledgerly.services import audit

    audit.record(importlib.import_module("ledgerly.web.session").current_user, f"transfer {amount:.2f} from {source_id} to {target_id}")
