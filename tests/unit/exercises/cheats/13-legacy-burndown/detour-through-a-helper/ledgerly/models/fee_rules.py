"""The fee rule, "moved" into models: it still comes from the services."""
from ledgerly.services.fees import withdrawal_fee  # noqa: F401
