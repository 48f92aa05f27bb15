# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Renewal offers that sell: the quotation for the next term states the term,
the recurring price per period and the term's total, plans the follow-up for
the salesperson, is emailed with the template's email (automatically, when
the template says so) and may index the prices."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tools import format_amount

from .common import ServiceContractCommon


@freeze_time("2027-05-01")
class TestRenewalOffer(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cold Storage Ltd", "email": "service@cold-storage.example", "lang": "en_US"}
        )
        cls.gold, cls.silver = cls.env["product.product"].create(
            [
                {"name": name, "type": "service", "list_price": 110, "taxes_id": [Command.clear()]}
                for name in ("Gold", "Silver")
            ]
        )
        cls.template = cls.Template.create(
            cls.template_vals(
                renewal_offer=True,
                renewal_offer_days=60,
                billing_product_ids=[Command.set((cls.gold | cls.silver).ids)],
            )
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="sc_renewal_salesperson",
            groups="sales_team.group_sale_salesman,service_contract.service_contract_group_user",
        )
        cls.contract = cls.Contract.create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "user_id": cls.salesperson.id,
                "date_start": date(2026, 7, 1),
                "line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 110})
                    for product in (cls.gold, cls.silver)
                ],
            }
        )
        cls.contract.action_start()

    def amount(self, value):
        return format_amount(self.env, value, self.contract.currency_id)

    def offer(self):
        self.contract._create_renewal_offer()
        return self.contract.renewal_order_id

    def test_offer_states_the_term_the_price_per_period_and_the_term_total(self):
        self.assertEqual(self.contract.date_end, date(2027, 6, 30))
        self.assertEqual(self.contract.renewal_offer_date, date(2027, 5, 1))
        self.Contract._cron_create_renewal_offers()
        order = self.contract.renewal_order_id
        self.assertEqual(
            (order.renewal_term_start, order.renewal_term_end), (date(2027, 7, 1), date(2028, 6, 30))
        )
        per_month = self.amount(110)
        self.assertEqual(
            [(line.name, line.product_uom_qty, line.price_unit) for line in order.order_line],
            [
                (f"Gold, 07/01/2027 – 06/30/2028, {per_month} per month", 1.0, 1320.0),
                (f"Silver, 07/01/2027 – 06/30/2028, {per_month} per month", 1.0, 1320.0),
            ],
            "each line is priced for the whole next term: 12 months at 110.00",
        )
        self.assertAlmostEqual(order.amount_total, 2640.0, msg="the next year's price, not a month's")
        self.assertEqual(order.renewal_recurring_text, f"{self.amount(220)} per month")
        self.assertEqual(
            set(order.order_line.mapped("service_contract_recurring_text")),
            {f"Billed monthly by service contract {self.contract.name}"},
        )
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0, 0.0])

    def test_salesperson_gets_a_follow_up_activity(self):
        self.env.company.quotation_validity_days = 10
        order = self.offer()
        self.assertEqual(order.validity_date, date(2027, 5, 31), "valid until the day to decide")
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertEqual(activity.summary, "Renewal offer to follow up")
        self.assertEqual(activity.user_id, self.salesperson)
        # The end less the notice period of 30 days: the customer's last day to decide.
        self.assertEqual(activity.date_deadline, date(2027, 5, 31))

    def test_follow_up_is_due_today_when_the_notice_date_has_passed(self):
        self.contract.notice_period_days = 90
        with freeze_time("2027-05-10"):
            order = self.offer()
        self.assertEqual(order.activity_ids.date_deadline, date(2027, 5, 10))

    def test_offer_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.customer.lang = "de_DE"
        order = self.offer()
        name = order.order_line[0].name
        self.assertTrue(name.startswith("Gold, 01.07.2027 – 30.06.2028, "), name)
        self.assertIn("110,00", name)

    def test_prices_per_year_and_per_device(self):
        product = self.env["product.product"].create(
            {"name": "Visits", "type": "service", "taxes_id": [Command.clear()]}
        )
        self.visit.product_id = product
        self.package.write({"product_id": product.id, "billing_scope": "device", "price": 30})
        # Lines and devices as if the contract had started with them.
        self.contract._unlocked().write(
            {
                "line_ids": [
                    Command.create({"service_id": self.visit.id}),
                    Command.create({"package_id": self.package.id}),
                ],
                "device_ids": [
                    Command.create({"product_id": self.gold.id, "serial_number": f"CR-{n}"})
                    for n in (1, 2)
                ],
            }
        )
        order = self.offer()
        visit_line, package_line = order.order_line[2:]
        self.assertEqual(
            (visit_line.name, visit_line.product_uom_qty, visit_line.price_unit),
            (
                f"Maintenance visit, 07/01/2027 – 06/30/2028, {self.amount(360)} per year per device",
                2.0,
                360.0,
            ),
        )
        self.assertEqual(
            (package_line.name, package_line.product_uom_qty, package_line.price_unit),
            (
                f"Standard, 07/01/2027 – 06/30/2028, {self.amount(30)} per month per device",
                2.0,
                360.0,
            ),
        )
        self.assertAlmostEqual(order.amount_total, 2640 + 720 + 720)
        self.assertEqual(
            order.renewal_recurring_text,
            f"{self.amount(280)} per month + {self.amount(720)} per year",
        )

    def test_lines_ended_before_the_next_term_are_not_offered(self):
        self.contract.line_ids[1]._unlocked().date_end = date(2027, 3, 31)
        order = self.offer()
        self.assertEqual(order.order_line.product_id, self.gold)

    def test_indexed_prices_apply_from_the_next_term(self):
        self.template.renewal_index_percent = 3.0
        order = self.offer()
        per_month = self.amount(113.3)
        self.assertEqual(
            order.order_line.mapped("name"),
            [
                f"Gold, 07/01/2027 – 06/30/2028, {per_month} per month",
                f"Silver, 07/01/2027 – 06/30/2028, {per_month} per month",
            ],
        )
        self.assertEqual(order.order_line.mapped("price_unit"), [1359.6, 1359.6])
        self.assertAlmostEqual(order.amount_total, 2719.2)
        # The customer negotiates Silver down to 111.00 a month.
        order.order_line[1].price_unit = 1332
        order.action_confirm()
        self.assertEqual(self.contract.date_end, date(2028, 6, 30))
        self.assertEqual(self.contract.line_ids.mapped("price_unit"), [113.3, 111.0])
        changes = self.contract.message_ids.filtered(lambda m: "as of 2027-07-01" in str(m.body))
        self.assertEqual(len(changes), 2, "each price change leaves a trace")

    def test_discounts_are_offered_and_kept(self):
        self.contract.line_ids[0]._unlocked().discount = 10
        order = self.offer()
        gold = order.order_line[0]
        self.assertEqual((gold.price_unit, gold.discount), (1320.0, 10.0))
        self.assertAlmostEqual(order.amount_total, 1188 + 1320)
        self.assertEqual(order.renewal_recurring_text, f"{self.amount(209)} per month")
        # The customer gets 20 % instead: the contract keeps its 10 % at a lower price.
        gold.discount = 20
        order.action_confirm()
        gold_line = self.contract.line_ids[0]
        self.assertEqual(gold_line.discount, 10)
        self.assertAlmostEqual(gold_line.price_unit, 97.78)

    def test_unchanged_prices_are_not_changed(self):
        order = self.offer()
        order.action_confirm()
        self.assertEqual(self.contract.line_ids.mapped("price_unit"), [110.0, 110.0])
        self.assertFalse(
            self.contract.message_ids.filtered(lambda m: "changed from" in str(m.body))
        )

    # --- the offer by email ------------------------------------------------------

    def renewal_mails(self, order):
        return order.message_ids.filtered(
            lambda message: message.subject and "renewal offer for your service contract" in message.subject
        )

    def test_the_salesperson_sends_the_offer_with_the_templates_email(self):
        mail_template = self.env.ref("service_contract.mail_template_renewal_offer")
        self.assertEqual(self.template.renewal_mail_template_id, mail_template)
        self.assertFalse(self.template.renewal_auto_send)
        self.Contract._cron_create_renewal_offers()
        order = self.contract.renewal_order_id
        self.assertEqual(order.state, "draft")
        self.assertFalse(self.renewal_mails(order))
        action = order.action_quotation_send()
        self.assertEqual(action["context"]["default_template_id"], mail_template.id)
        other = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertNotEqual(
            other.action_quotation_send()["context"]["default_template_id"], mail_template.id
        )

    def test_the_scheduled_action_sends_the_offer_when_the_template_says_so(self):
        self.template.renewal_auto_send = True
        self.Contract._cron_create_renewal_offers()
        order = self.contract.renewal_order_id
        self.assertEqual(order.state, "sent")
        mail = self.renewal_mails(order)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.partner_ids)
        self.assertIn(self.contract.name, mail.subject)
        self.assertIn("07/01/2027", str(mail.body))
        self.assertIn("220.00 per month", str(mail.body))
        self.assertTrue(mail.attachment_ids, "the quotation's PDF is attached")
        self.assertTrue(
            self.contract.message_ids.filtered(lambda m: "sent to the customer" in str(m.body))
        )

    def test_no_email_without_an_address(self):
        self.template.renewal_auto_send = True
        self.customer.email = False
        order = self.offer()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self.renewal_mails(order))

    def test_template_checks(self):
        with self.assertRaises(ValidationError):
            self.template.renewal_index_percent = -100
        with self.assertRaises(ValidationError):
            self.template.renewal_mail_template_id = self.env.ref(
                "service_contract.mail_template_contract_expiry"
            )
