"""Composition root: the only module that knows all the features."""

from dataclasses import dataclass

from campus.billing import Ledger
from campus.enrolment import EnrolmentService
from campus.notifications import Outbox
from campus.shared.events import EventBus, StudentEnrolled


@dataclass
class App:
    enrolment: EnrolmentService
    billing: Ledger
    notifications: Outbox


def build():
    bus, billing, notifications = EventBus(), Ledger(), Outbox()
    bus.subscribe(StudentEnrolled, billing.on_student_enrolled)
    bus.subscribe(StudentEnrolled, notifications.on_student_enrolled)
    return App(enrolment=EnrolmentService(bus), billing=billing, notifications=notifications)
