from ledgerly.models.money import format_money  # noqa: F401  (moved to models so the store can use it)
