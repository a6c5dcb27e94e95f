from ledgerly.models.account import Account


class Store:
    def __init__(self):
        self._accounts = {}

    def new_id(self):
        return f"acc-{len(self._accounts) + 1}"

    def get(self, account_id):
        return self._accounts[account_id]

    def save(self, account):
        self._accounts[account.id] = account

    def all(self):
        """Every account, in id order. Turning them into text is the web layer's job."""
        return sorted(self._accounts.values(), key=lambda a: a.id)


def create_account(store, owner):
    account = Account(store.new_id(), owner)
    store.save(account)
    return account
