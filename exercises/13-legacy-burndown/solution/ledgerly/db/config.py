from ledgerly.models.money import CURRENCY_PLACES  # noqa: F401  (old import path, kept for callers)

STORE_NAME = "ledgerly"
