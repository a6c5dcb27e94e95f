from ledgerly.models.money import to_money


def format_money(amount):
    return f"{to_money(amount):,}"


def statement(accounts):
    return "\n".join(f"{account.id} {account.owner}: {format_money(account.balance)}" for account in accounts)
