"""Events announce what happened; whoever cares subscribes. A synchronous bus is enough here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StockLow:
    sku: str
    on_hand: int


class EventBus:
    def __init__(self):
        self._handlers = {}

    def subscribe(self, event_type, handler):
        self._handlers.setdefault(event_type, []).append(handler)

    def publish(self, event):
        for handler in self._handlers.get(type(event), []):
            handler(event)
