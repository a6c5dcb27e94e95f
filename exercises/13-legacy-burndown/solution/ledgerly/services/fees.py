from ledgerly.models.fees import MINIMUM, RATE, withdrawal_fee  # noqa: F401  (moved to models)
