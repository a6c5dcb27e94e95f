"""What the reminders need from the outside world. Structural: adapters need not inherit."""

from datetime import date
from typing import List, Protocol, runtime_checkable

from alerts.domain import Invoice


@runtime_checkable
class InvoiceRepository(Protocol):
    def list_unpaid(self) -> List[Invoice]: ...


@runtime_checkable
class Sender(Protocol):
    def send(self, to: str, text: str) -> None: ...


@runtime_checkable
class Clock(Protocol):
    def today(self) -> date: ...
