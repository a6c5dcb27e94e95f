from decimal import Decimal

COURSES = {"python-101": Decimal("120.00"), "architecture": Decimal("250.00"), "testing": Decimal("90.50")}


class UnknownCourse(LookupError):
    pass


class AlreadyEnrolled(ValueError):
    pass


class EnrolmentService:
    def __init__(self, peers):
        self._peers = peers
        self.enrolments = set()

    def enrol(self, student_id, name, email, course):
        if course not in COURSES:
            raise UnknownCourse(course)
        if (student_id, course) in self.enrolments:
            raise AlreadyEnrolled(f"{student_id} is already on {course}")
        self.enrolments.add((student_id, course))
        self._peers.billing.charge(student_id, COURSES[course], course, name)
        self._peers.notifications.send(email, f"Welcome to {course}")
