from ledgerly.db.store import Store
from ledgerly.models.account import InsufficientFunds
from ledgerly.services import accounts, audit, transfers
from ledgerly.web import formatting, session

STORE = Store()


def reset():
    global STORE
    STORE = Store()
    audit.clear()
    session.login("anonymous")


def login(user):
    session.login(user)
    return 200, f"hello {user}"


def open_account(owner):
    return 201, accounts.open_account(STORE, owner, session.current_user).id


def deposit(account_id, amount):
    accounts.deposit(STORE, account_id, amount, session.current_user)
    return 200, "ok"


def withdraw(account_id, amount):
    try:
        accounts.withdraw(STORE, account_id, amount, session.current_user)
    except InsufficientFunds as error:
        return 409, str(error)
    return 200, "ok"


def transfer(source_id, target_id, amount):
    try:
        transfers.transfer(STORE, source_id, target_id, amount, session.current_user)
    except InsufficientFunds as error:
        return 409, str(error)
    return 200, "ok"


def statement():
    return 200, formatting.statement(STORE.all())
