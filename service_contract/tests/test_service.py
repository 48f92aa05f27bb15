# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError

from .common import ServiceContractCommon


class TestService(ServiceContractCommon):
    def test_prices_per_period(self):
        self.assertAlmostEqual(self.visit.price_per_month, 30)
        self.assertAlmostEqual(self.visit.price_per_quarter, 90)
        self.assertAlmostEqual(self.visit.price_per_year, 360)
        self.assertAlmostEqual(self.visit.cost_per_month, 20)
        self.assertAlmostEqual(self.hotline.price_per_year, 360)
        self.hotline.price_period = "quarter"
        self.assertAlmostEqual(self.hotline.price_per_month, 10)

    def test_bad_values_are_refused_and_nothing_saved(self):
        count = self.Service.search_count([])
        base = {"name": "Bad", "kind_id": self.kind_labour.id}
        for bad in (
            {"price": -1},
            {"cost": -0.01},
            {"coverage_percent": 101},
            {"coverage_percent": -5},
            {"reaction_time": -1},
            {"included_quantity": -2},
            {"validity_months": 1001},
            {"provider": "partner"},
        ):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.Service.create({**base, **bad})
        self.assertEqual(self.Service.search_count([]), count)

    def test_partner_service(self):
        partner = self.env["res.partner"].create({"name": "Manufacturer Ltd"})
        service = self.Service.create(
            {
                "name": "Warranty",
                "kind_id": self.kind_labour.id,
                "provider": "partner",
                "partner_id": partner.id,
                "validity_months": 24,
            }
        )
        self.assertEqual(service.partner_id, partner)

    def test_package_count_and_action(self):
        self.assertEqual(self.visit.package_count, 1)
        action = self.visit.action_view_packages()
        self.assertEqual(self.Package.search(action["domain"]), self.package)


class TestReactionDeadline(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Business hours Berlin",
                "tz": "Europe/Berlin",
                "attendance_ids": [
                    Command.clear(),
                    *[
                        Command.create(
                            {
                                "name": f"{day} {start}",
                                "dayofweek": str(day),
                                "hour_from": start,
                                "hour_to": end,
                                "day_period": period,
                            }
                        )
                        for day in range(5)
                        for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                    ],
                ],
            }
        )
        cls.onsite = cls.Service.create(
            {
                "name": "On-site in 4 business hours",
                "kind_id": cls.kind_labour.id,
                "reaction_time": 4,
                "reaction_calendar_id": cls.calendar.id,
            }
        )

    def test_round_the_clock_without_calendar(self):
        # Saturday night: 2 hours later, whatever the day.
        self.assertEqual(
            self.hotline.get_reaction_deadline(datetime(2026, 1, 10, 23, 30)),
            datetime(2026, 1, 11, 1, 30),
        )

    def test_no_guarantee(self):
        self.hotline.reaction_time = 0
        self.assertFalse(self.hotline.get_reaction_deadline(datetime(2026, 1, 10)))

    def test_across_the_weekend(self):
        # Friday 15:00 Berlin (14:00 UTC): 2 hours on Friday, 2 on Monday.
        self.assertEqual(
            self.onsite.get_reaction_deadline(datetime(2026, 1, 9, 14, 0)),
            datetime(2026, 1, 12, 9, 0),  # Monday 10:00 Berlin
        )

    def test_request_outside_working_time(self):
        # Saturday: the clock starts on Monday 8:00 Berlin.
        self.assertEqual(
            self.onsite.get_reaction_deadline(datetime(2026, 1, 10, 10, 0)),
            datetime(2026, 1, 12, 11, 0),  # Monday 12:00 Berlin
        )

    def test_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 11, 23, 0),  # Monday 0:00 Berlin
                "date_to": datetime(2026, 1, 12, 22, 59, 59),
            }
        )
        self.assertEqual(
            self.onsite.get_reaction_deadline(datetime(2026, 1, 9, 14, 0)),
            datetime(2026, 1, 13, 9, 0),  # Tuesday 10:00 Berlin
        )

    def test_summer_time(self):
        # Friday 15:00 CEST (13:00 UTC) -> Monday 10:00 CEST (8:00 UTC).
        self.assertEqual(
            self.onsite.get_reaction_deadline(datetime(2026, 7, 10, 13, 0)),
            datetime(2026, 7, 13, 8, 0),
        )
