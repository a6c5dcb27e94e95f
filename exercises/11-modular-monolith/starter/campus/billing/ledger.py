from decimal import Decimal

from campus.enrolment.records import STUDENTS


class Ledger:
    def __init__(self):
        self.charges = []  # (student_id, amount, course)

    def charge(self, student_id, amount, course):
        self.charges.append((student_id, amount, course))

    def balance(self, student_id):
        return sum((amount for sid, amount, _ in self.charges if sid == student_id), Decimal("0"))

    def statement(self, student_id):
        name = STUDENTS[student_id]
        return [f"{name}: {amount} ({course})" for sid, amount, course in self.charges if sid == student_id]
