from campus.enrolment.service import COURSES, AlreadyEnrolled, EnrolmentService, UnknownCourse

__all__ = ["COURSES", "AlreadyEnrolled", "EnrolmentService", "UnknownCourse"]
