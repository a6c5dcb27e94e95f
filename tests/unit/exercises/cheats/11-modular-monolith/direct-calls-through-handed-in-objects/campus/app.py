from dataclasses import dataclass
from types import SimpleNamespace

from campus.billing import Ledger
from campus.enrolment import EnrolmentService
from campus.notifications import Outbox


@dataclass
class App:
    enrolment: EnrolmentService
    billing: Ledger
    notifications: Outbox


def build():
    billing, notifications = Ledger(), Outbox()
    peers = SimpleNamespace(billing=billing, notifications=notifications)
    return App(enrolment=EnrolmentService(peers), billing=billing, notifications=notifications)
