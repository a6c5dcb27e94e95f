from decimal import Decimal

from campus.shared.events import StudentEnrolled

COURSES = {"python-101": Decimal("120.00"), "architecture": Decimal("250.00"), "testing": Decimal("90.50")}


class UnknownCourse(LookupError):
    """No course with this code."""


class AlreadyEnrolled(ValueError):
    """The student is already on this course."""


class EnrolmentService:
    """Decides who is on which course, and tells the rest of the campus through the bus."""

    def __init__(self, bus):
        self._bus = bus
        self.enrolments = set()

    def enrol(self, student_id, name, email, course):
        if course not in COURSES:
            raise UnknownCourse(course)
        if (student_id, course) in self.enrolments:
            raise AlreadyEnrolled(f"{student_id} is already on {course}")
        self.enrolments.add((student_id, course))
        self._bus.publish(StudentEnrolled(student_id, name, email, course, COURSES[course]))
