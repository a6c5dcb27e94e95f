from decimal import Decimal


class Ledger:
    def __init__(self):
        self.charges = []  # (student_id, amount, course)
        self._names = {}  # billing keeps the names it needs for statements

    def on_student_enrolled(self, event):
        self._names[event.student_id] = event.name
        self.charge(event.student_id, event.fee, event.course)

    def charge(self, student_id, amount, course):
        self.charges.append((student_id, amount, course))

    def balance(self, student_id):
        return sum((amount for sid, amount, _ in self.charges if sid == student_id), Decimal("0"))

    def statement(self, student_id):
        name = self._names.get(student_id, student_id)
        return [f"{name}: {amount} ({course})" for sid, amount, course in self.charges if sid == student_id]
