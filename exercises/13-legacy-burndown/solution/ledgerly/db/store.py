from ledgerly.models.account import Account
from ledgerly.models.money import format_money


class Store:
    def __init__(self):
        self._accounts = {}

    def new_id(self):
        return f"acc-{len(self._accounts) + 1}"

    def get(self, account_id):
        return self._accounts[account_id]

    def save(self, account):
        self._accounts[account.id] = account

    def dump(self):
        return "\n".join(
            f"{a.id} {a.owner}: {format_money(a.balance)}" for a in sorted(self._accounts.values(), key=lambda a: a.id)
        )


def create_account(store, owner):
    account = Account(store.new_id(), owner)
    store.save(account)
    return account
