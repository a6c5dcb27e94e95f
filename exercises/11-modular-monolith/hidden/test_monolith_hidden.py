import importlib
import sys
import types
import unittest
from decimal import Decimal


def _forget_campus():
    for name in list(sys.modules):
        if name == "campus" or name.startswith("campus."):
            del sys.modules[name]


class AppBehavesAsBeforeTest(unittest.TestCase):
    """What the starter already does right, through build(): one test, not one per feature."""

    def setUp(self):
        self.app_module = importlib.import_module("campus.app")
        self.enrolment = importlib.import_module("campus.enrolment")
        self.app = self.app_module.build()

    def test_app_behaves_as_before(self):
        for check in (
            self._enrol_several_courses,
            self._enrol_refusals_have_no_side_effects,
            self._statement,
            self._apps_share_nothing,
        ):
            with self.subTest(check.__name__):
                self.setUp()
                check()

    def _enrol_several_courses(self):
        self.app.enrolment.enrol("s2", "Grace Hopper", "grace@example.com", "architecture")
        self.app.enrolment.enrol("s2", "Grace Hopper", "grace@example.com", "testing")
        self.assertEqual(self.app.billing.balance("s2"), Decimal("340.50"))
        self.assertEqual(self.app.billing.balance("nobody"), Decimal("0"))
        self.assertEqual(
            self.app.notifications.sent,
            [("grace@example.com", "Welcome to architecture"), ("grace@example.com", "Welcome to testing")],
        )

    def _enrol_refusals_have_no_side_effects(self):
        with self.assertRaises(self.enrolment.UnknownCourse):
            self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "cobol")
        self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "testing")
        with self.assertRaises(self.enrolment.AlreadyEnrolled):
            self.app.enrolment.enrol("s3", "Alan", "alan@example.com", "testing")
        self.assertEqual(self.app.billing.balance("s3"), Decimal("90.50"))
        self.assertEqual(len(self.app.notifications.sent), 1)

    def _statement(self):
        self.app.enrolment.enrol("s4", "Edsger Dijkstra", "ed@example.com", "python-101")
        self.app.enrolment.enrol("s4", "Edsger Dijkstra", "ed@example.com", "testing")
        self.assertEqual(
            self.app.billing.statement("s4"),
            ["Edsger Dijkstra: 120.00 (python-101)", "Edsger Dijkstra: 90.50 (testing)"],
        )

    def _apps_share_nothing(self):
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


class Recorder:
    def __init__(self):
        self.events = []

    def publish(self, event):
        self.events.append(event)

    def subscribe(self, event_type, handler):
        pass


def _enrolled(student_id="s7", name="Ada Lovelace", email="ada@example.com", course="python-101", fee="120.00"):
    """A stand-in for the StudentEnrolled event: the fields the README names, nothing else."""
    return types.SimpleNamespace(student_id=student_id, name=name, email=email, course=course, fee=Decimal(fee))


class FeaturesOnTheirOwnTest(unittest.TestCase):
    """Each feature works alone: billing and notifications react to the event, enrolment only publishes it."""

    def tearDown(self):
        _forget_campus()

    def test_billing_charges_from_the_event_alone(self):
        _forget_campus()
        ledger = importlib.import_module("campus.billing").Ledger()
        ledger.on_student_enrolled(_enrolled())
        ledger.on_student_enrolled(_enrolled(course="testing", fee="90.50"))
        self.assertEqual(ledger.balance("s7"), Decimal("210.50"))
        self.assertEqual(ledger.statement("s7"), ["Ada Lovelace: 120.00 (python-101)", "Ada Lovelace: 90.50 (testing)"])
        self.assertNotIn("campus.enrolment", sys.modules, "billing should learn the name from the event")

    def test_notifications_welcome_from_the_event_alone(self):
        _forget_campus()
        outbox = importlib.import_module("campus.notifications").Outbox()
        outbox.on_student_enrolled(_enrolled(email="grace@example.com", course="testing"))
        self.assertEqual(outbox.sent, [("grace@example.com", "Welcome to testing")])
        self.assertNotIn("campus.enrolment", sys.modules)

    def test_enrolment_refusals_publish_nothing(self):
        _forget_campus()
        enrolment = importlib.import_module("campus.enrolment")
        bus = Recorder()
        service = enrolment.EnrolmentService(bus)
        with self.assertRaises(enrolment.UnknownCourse):
            service.enrol("s8", "Alan", "alan@example.com", "cobol")
        service.enrol("s8", "Alan", "alan@example.com", "testing")
        with self.assertRaises(enrolment.AlreadyEnrolled):
            service.enrol("s8", "Alan", "alan@example.com", "testing")
        self.assertEqual(len(bus.events), 1)
        event = bus.events[0]
        self.assertEqual(
            (event.student_id, event.name, event.email, event.course, event.fee),
            ("s8", "Alan", "alan@example.com", "testing", Decimal("90.50")),
        )


if __name__ == "__main__":
    unittest.main()
