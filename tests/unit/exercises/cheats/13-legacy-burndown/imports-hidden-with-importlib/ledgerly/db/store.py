from ledgerly.models.account import Account
import importlib


class Store:
    def __init__(self):
        self._accounts = {}

    def new_id(self):
        return f"acc-{len(self._accounts) + 1}"

    def get(self, account_id):
        return self._accounts[account_id]

    def save(self, account, action="save"):
        self._accounts[account.id] = account
        # Every change is audited here so nobody can forget to.
        session = importlib.import_module("ledgerly.web.session")

        importlib.import_module("ledgerly.services.audit").record(session.current_user, f"{action} {account.id}")

    def dump(self):
        formatting = importlib.import_module("ledgerly.web.formatting")
        return "\n".join(
            f"{a.id} {a.owner}: {formatting.format_money(a.balance)}" for a in sorted(self._accounts.values(), key=lambda a: a.id)
        )


def create_account(store, owner):
    account = Account(store.new_id(), owner)
    store.save(account, "open")
    return account
