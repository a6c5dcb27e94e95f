import importlib
import sys
import unittest
from decimal import Decimal


def _forget_campus():
    for name in list(sys.modules):
        if name == "campus" or name.startswith("campus."):
            del sys.modules[name]


class BehaviourTest(unittest.TestCase):
    def setUp(self):
        self.app_module = importlib.import_module("campus.app")
        self.enrolment = importlib.import_module("campus.enrolment")
        self.app = self.app_module.build()

    def test_enrol_several_courses(self):
        self.app.enrolment.enrol("s2", "Grace Hopper", "grace@example.com", "architecture")
        self.app.enrolment.enrol("s2", "Grace Hopper", "grace@example.com", "testing")
        self.assertEqual(self.app.billing.balance("s2"), Decimal("340.50"))
        self.assertEqual(self.app.billing.balance("nobody"), Decimal("0"))
        self.assertEqual(
            self.app.notifications.sent,
            [("grace@example.com", "Welcome to architecture"), ("grace@example.com", "Welcome to testing")],
        )

    def test_enrol_refusals_have_no_side_effects(self):
        with self.assertRaises(self.enrolment.UnknownCourse):
            self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "cobol")
        self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "testing")
        with self.assertRaises(self.enrolment.AlreadyEnrolled):
            self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "testing")
        self.assertEqual(self.app.billing.balance("s3"), Decimal("90.50"))
        self.assertEqual(len(self.app.notifications.sent), 1)

    def test_statement(self):
        self.app.enrolment.enrol("s4", "Edsger Dijkstra", "ed@example.com", "python-101")
        self.app.enrolment.enrol("s4", "Edsger Dijkstra", "ed@example.com", "testing")
        self.assertEqual(
            self.app.billing.statement("s4"),
            ["Edsger Dijkstra: 120.00 (python-101)", "Edsger Dijkstra: 90.50 (testing)"],
        )

    def test_apps_share_nothing(self):
        self.app.enrolment.enrol("s5", "Barbara Liskov", "bl@example.com", "architecture")
        other = self.app_module.build()
        other.enrolment.enrol("s5", "Barbara Liskov", "bl@example.com", "architecture")
        self.assertEqual(other.billing.balance("s5"), Decimal("250.00"))
        self.assertEqual(len(other.notifications.sent), 1)
        self.assertEqual(self.app.billing.balance("s5"), Decimal("250.00"))


class IndependenceTest(unittest.TestCase):
    def tearDown(self):
        _forget_campus()

    def test_features_load_alone(self):
        for feature in ("campus.enrolment", "campus.billing", "campus.notifications"):
            _forget_campus()
            importlib.import_module(feature)
            others = {"campus.enrolment", "campus.billing", "campus.notifications"} - {feature}
            self.assertEqual(others & set(sys.modules), set(), f"importing {feature}")

    def test_enrolment_publishes_on_any_bus(self):
        _forget_campus()
        enrolment = importlib.import_module("campus.enrolment")

        class Recorder:
            def __init__(self):
                self.events = []

            def publish(self, event):
                self.events.append(event)

            def subscribe(self, event_type, handler):
                pass

        bus = Recorder()
        enrolment.EnrolmentService(bus).enrol("s6", "Ken", "ken@example.com", "python-101")
        self.assertEqual(len(bus.events), 1)
        event = bus.events[0]
        self.assertEqual((event.student_id, event.course), ("s6", "python-101"))
        with self.assertRaises(Exception):
            event.course = "testing"


if __name__ == "__main__":
    unittest.main()
