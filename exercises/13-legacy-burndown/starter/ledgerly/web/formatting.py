from ledgerly.models.money import to_money


def format_money(amount):
    return f"{to_money(amount):,}"
