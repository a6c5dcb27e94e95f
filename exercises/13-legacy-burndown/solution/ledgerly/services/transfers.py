from decimal import Decimal

from ledgerly.models.account import InsufficientFunds
from ledgerly.services import audit


def transfer(store, source_id, target_id, amount, actor):
    amount = Decimal(amount)
    source, target = store.get(source_id), store.get(target_id)
    if amount > source.balance:
        raise InsufficientFunds(f"{source_id} cannot pay {amount:.2f}")
    source.balance -= amount
    target.balance += amount
    store.save(source)
    store.save(target)
    audit.record(actor, f"transfer {amount:.2f} from {source_id} to {target_id}")
