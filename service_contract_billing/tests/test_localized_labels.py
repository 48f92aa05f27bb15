# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestLocalizedLabels(BillingCommon):
    """Invoice texts in the invoice partner's language and date format; run
    and billing date names in the user's date format."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.german = cls.env["res.partner"].create({"name": "Klinikum Nord", "lang": "de_DE"})

    def test_german_customer_gets_german_period_labels(self):
        german = self.new_contract(self.german)
        english = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        line_de = run.move_ids.filtered(lambda m: m.partner_id == self.german).invoice_line_ids
        line_en = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a).invoice_line_ids
        # German date format and phrase (the phrase comes from the addon's de.po).
        self.assertIn(f"{german.name}: 01.01.2026 bis 31.01.2026", line_de.name)
        self.assertIn(f"{english.name}: 01/01/2026 to 01/31/2026", line_en.name)

    def test_correction_labels_in_the_partners_language(self):
        contract = self.new_contract(self.german)
        first = self.bill(date(2026, 3, 31))
        first.move_ids.action_post()
        contract.terminate(date(2026, 2, 14))
        contract.action_expire()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "out_refund")
        self.assertAlmostEqual(run.amount_refunded, run.move_ids.amount_untaxed)
        self.assertGreater(run.amount_refunded, 0, "the credit notes' total is positive")
        labels = "\n".join(run.move_ids.invoice_line_ids.mapped("name"))
        self.assertIn(f"Korrektur {contract.name}: 01.03.2026 bis 31.03.2026, berechnet mit", labels, labels)

    def test_payment_reference_in_the_partners_language(self):
        template = self.new_template("With purpose", payment_purpose="Maintenance contract")
        template.with_context(lang="de_DE").payment_purpose = "Wartungsvertrag"
        german = self.new_contract(self.german, template=template)
        english = self.new_contract(template=template)
        own = self.new_contract(self.partner_b, template=template, payment_purpose="Mandate M-17")
        self.assertEqual(german.payment_purpose, "Maintenance contract", "copied in the user's language")
        run = self.bill(date(2026, 1, 31))
        by_partner = {move.partner_id: move for move in run.move_ids}
        self.assertEqual(by_partner[self.german].payment_reference, "Wartungsvertrag")
        self.assertEqual(by_partner[self.partner_a].payment_reference, "Maintenance contract")
        self.assertEqual(by_partner[self.partner_b].payment_reference, "Mandate M-17", "as written")
        self.assertTrue(english)
        self.assertTrue(own)

    def test_run_and_billing_date_names_in_the_users_date_format(self):
        contract = self.new_contract()
        run = self.Run.create({"date_cutoff": date(2026, 3, 31)})
        self.assertEqual(run.name, "Billing run 2026-03-31", "the stored name stays ISO")
        self.assertEqual(run.display_name, "Billing run 03/31/2026")
        self.assertEqual(run.with_context(lang="de_DE").display_name, "Rechnungslauf 31.03.2026")
        billing_date = contract.billing_date_ids.sorted("date")[0]
        self.assertEqual(
            billing_date.with_context(lang="de_DE").display_name, f"{contract.name}: 01.01.2026 – 31.01.2026"
        )
        self.assertEqual(billing_date.display_name, f"{contract.name}: 01/01/2026 – 01/31/2026")
