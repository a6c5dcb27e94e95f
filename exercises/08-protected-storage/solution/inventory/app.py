"""Composition root: builds the objects and connects publishers to subscribers."""

from dataclasses import dataclass

from inventory.events import EventBus, StockLow
from inventory.purchasing import Purchasing
from inventory.repository import StockRepository
from inventory.services import StockService


@dataclass
class App:
    repository: StockRepository
    bus: EventBus
    stock: StockService
    purchasing: Purchasing


def build():
    repository, bus, purchasing = StockRepository(), EventBus(), Purchasing()
    bus.subscribe(StockLow, purchasing.on_stock_low)
    return App(repository=repository, bus=bus, stock=StockService(repository, bus), purchasing=purchasing)
