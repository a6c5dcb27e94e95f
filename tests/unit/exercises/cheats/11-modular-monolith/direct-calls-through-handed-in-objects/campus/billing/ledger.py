from decimal import Decimal


class Ledger:
    def __init__(self):
        self.charges = []
        self._names = {}

    def charge(self, student_id, amount, course, name):
        self._names[student_id] = name
        self.charges.append((student_id, amount, course))

    def balance(self, student_id):
        return sum((amount for sid, amount, _ in self.charges if sid == student_id), Decimal("0"))

    def statement(self, student_id):
        name = self._names.get(student_id, student_id)
        return [f"{name}: {amount} ({course})" for sid, amount, course in self.charges if sid == student_id]
