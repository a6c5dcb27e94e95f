from campus.billing.ledger import Ledger

__all__ = ["Ledger"]
