from decimal import Decimal

from campus.enrolment.records import STUDENTS
from campus.notifications.outbox import Outbox

COURSES = {"python-101": Decimal("120.00"), "architecture": Decimal("250.00"), "testing": Decimal("90.50")}


class UnknownCourse(LookupError):
    """No course with this code."""


class AlreadyEnrolled(ValueError):
    """The student is already on this course."""


class EnrolmentService:
    def __init__(self, ledger, outbox: Outbox):
        self.ledger = ledger
        self.outbox = outbox
        self.enrolments = set()

    def enrol(self, student_id, name, email, course):
        if course not in COURSES:
            raise UnknownCourse(course)
        if (student_id, course) in self.enrolments:
            raise AlreadyEnrolled(f"{student_id} is already on {course}")
        self.enrolments.add((student_id, course))
        STUDENTS[student_id] = name
        self.ledger.charge(student_id, COURSES[course], course)
        self.outbox.send(email, f"Welcome to {course}")
