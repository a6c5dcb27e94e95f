from dataclasses import dataclass

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
    return App(enrolment=EnrolmentService(billing, notifications), billing=billing, notifications=notifications)
