"""Prices with tax and discounts.

Import from here only: the underscore modules are internal and may change without notice.
"""

from ._discounts import apply_discount
from ._rates import UnknownCategory
from ._tax import price_with_tax

__all__ = ["UnknownCategory", "apply_discount", "price_with_tax"]
