"""Events that cross feature boundaries, and the bus that carries them."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StudentEnrolled:
    student_id: str
    name: str
    email: str
    course: str
    fee: Decimal


class EventBus:
    def __init__(self):
        self._handlers = {}

    def subscribe(self, event_type, handler):
        self._handlers.setdefault(event_type, []).append(handler)

    def publish(self, event):
        for handler in self._handlers.get(type(event), []):
            handler(event)
