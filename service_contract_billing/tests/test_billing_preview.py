# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The billing preview shows exactly what the run creates, and writes
nothing: no invoice, no journal item, no billing date, no sequence number."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingPreview(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reduced_tax = cls.env["account.tax"].create(
            {"name": "Reduced 7%", "amount": 7, "type_tax_use": "sale"}
        )
        cls.spare_parts = cls.env["product.product"].create(
            {
                "name": "Spare parts flat rate",
                "type": "service",
                "list_price": 33.33,
                "taxes_id": [Command.set(cls.reduced_tax.ids)],
            }
        )
        cls.export = cls.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create(
                        {"tax_src_id": cls.company_data["default_tax_sale"].id, "tax_dest_id": cls.reduced_tax.id}
                    )
                ],
            }
        )

    def snapshot(self):
        """Everything a preview must leave as it is."""
        self.env.flush_all()
        cr = self.env.cr
        state = {}
        for name, query in {
            "moves": "SELECT id, name, state, sequence_number FROM account_move ORDER BY id",
            "move lines": "SELECT count(*), max(id) FROM account_move_line",
            "move ids": "SELECT last_value FROM account_move_id_seq",
            "move line ids": "SELECT last_value FROM account_move_line_id_seq",
            "billing dates": "SELECT id, state, invoice_line_id, amount, write_date "
            "FROM service_contract_billing_date ORDER BY id",
            "billing date ids": "SELECT last_value FROM service_contract_billing_date_id_seq",
            "messages": "SELECT count(*) FROM mail_message",
            "runs": "SELECT id, state, write_date FROM service_contract_billing_run ORDER BY id",
        }.items():
            cr.execute(query)
            state[name] = cr.fetchall()
        state["sequences"] = [
            (sequence.id, sequence.number_next_actual) for sequence in self.env["ir.sequence"].sudo().search([])
        ]
        return state

    def preview(self, run):
        action = run.action_preview()
        return self.env[action["res_model"]].search(action["domain"])

    def assert_preview_is_the_run(self, previews, run):
        """Invoice by invoice and line by line, the preview is what the run created."""
        self.assertEqual(len(previews), len(run.move_ids))
        self.assertEqual(previews.mapped("sequence"), list(range(1, len(previews) + 1)))
        by_dates = {move.invoice_line_ids.service_contract_billing_date_id: move for move in run.move_ids}
        for preview in previews:
            move = by_dates.get(preview.line_ids.billing_date_id)
            self.assertTrue(move, "the same billing dates on one invoice")
            self.assertEqual(
                (
                    preview.partner_id,
                    preview.move_type,
                    preview.company_id,
                    preview.currency_id,
                    preview.journal_id,
                    preview.payment_term_id,
                    preview.fiscal_position_id,
                    preview.invoice_date,
                    preview.invoice_origin,
                    preview.payment_reference or False,
                ),
                (
                    move.partner_id,
                    move.move_type,
                    move.company_id,
                    move.currency_id,
                    move.journal_id,
                    move.invoice_payment_term_id,
                    move.fiscal_position_id,
                    move.invoice_date,
                    move.invoice_origin,
                    # Posting gives an invoice without one its number as reference.
                    move.payment_reference if move.payment_reference != move.name else False,
                ),
            )
            currency = move.currency_id
            for field in ("amount_untaxed", "amount_tax", "amount_total"):
                self.assertTrue(
                    currency.is_zero(preview[field] - move[field]),
                    f"{field} of {move.partner_id.name}: {preview[field]} previewed, {move[field]} billed",
                )
            move_lines = move.invoice_line_ids.sorted("id")
            for preview_line, move_line in zip(preview.line_ids.sorted("sequence"), move_lines, strict=True):
                billing_date = move_line.service_contract_billing_date_id
                self.assertEqual(
                    (
                        preview_line.billing_date_id,
                        preview_line.contract_id,
                        preview_line.product_id,
                        preview_line.name,
                        preview_line.period_start,
                        preview_line.period_end,
                        preview_line.account_id,
                        preview_line.quantity,
                        preview_line.discount,
                        preview_line.tax_ids,
                    ),
                    (
                        billing_date,
                        move_line.service_contract_id,
                        move_line.product_id,
                        move_line.name,
                        billing_date.period_start,
                        billing_date.period_end,
                        move_line.account_id,
                        move_line.quantity,
                        move_line.discount,
                        move_line.tax_ids,
                    ),
                )
                for field in ("price_unit", "price_subtotal", "price_total"):
                    self.assertTrue(
                        currency.is_zero(preview_line[field] - move_line[field]),
                        f"{field} of {move_line.name}: {preview_line[field]} previewed, {move_line[field]} billed",
                    )

    def test_preview_is_exactly_what_the_run_creates_and_writes_nothing(self):
        # A contract billed up to February, posted, then ended in January:
        # February is refunded by a correction on a credit note.
        ended = self.new_contract(self.partner_b, notice_period_days=0)
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        ended.terminate(date(2026, 1, 31))
        # Several contracts of one customer share an invoice; another
        # customer with payment terms; a service place abroad (fiscal
        # position) and a supplier contract have invoices of their own.
        self.new_contract(payment_purpose="Mandate 42")
        self.new_contract(
            line_ids=[
                Command.create(
                    {"product_id": self.spare_parts.id, "quantity": 3, "price_unit": 33.33, "discount": 12.5}
                )
            ],
        )
        self.new_contract(self.partner_b, payment_term_id=self.pay_terms_b.id)
        site = self.env["res.partner"].create({"name": "Site abroad", "property_account_position_id": self.export.id})
        self.new_contract(site, partner_invoice_id=self.partner_a.id)
        self.new_contract(self.partner_b, direction="supplier")
        # An early payment discount: an invoice the run leaves to create().
        early_payer = self.env["res.partner"].create({"name": "Early payer"})
        early_discount = self.env["account.payment.term"].create(
            {
                "name": "2 % in 10 days",
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
                "early_pay_discount_computation": "mixed",
                "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})],
            }
        )
        self.new_contract(early_payer, payment_term_id=early_discount.id)

        run = self.Run.create({"date_cutoff": date(2026, 3, 31)})
        before = self.snapshot()
        previews = self.preview(run)
        self.assertEqual(self.snapshot(), before, "the preview wrote nothing, used no number")
        self.assertEqual(run.state, "draft")
        self.assertEqual(
            sorted(previews.mapped("move_type")),
            ["in_invoice", "out_invoice", "out_invoice", "out_invoice", "out_invoice", "out_refund"],
        )
        self.assertAlmostEqual(
            sum(previews.line_ids.mapped("price_subtotal_signed")), sum(previews.mapped("amount_untaxed_signed"))
        )

        run.action_run()
        self.assertEqual(len(run.move_ids), 6)
        self.assert_preview_is_the_run(previews, run)
        by_type = previews.grouped("move_type")
        self.assertAlmostEqual(sum(by_type["out_invoice"].mapped("amount_untaxed")), run.amount_invoiced)
        self.assertAlmostEqual(sum(by_type["out_refund"].mapped("amount_untaxed")), run.amount_refunded)
        self.assertAlmostEqual(sum(by_type["in_invoice"].mapped("amount_untaxed")), run.amount_vendor_billed)
        # Nothing is left to preview.
        self.assertFalse(self.preview(self.Run.create({"date_cutoff": date(2026, 3, 31)})))

    def test_preview_of_an_invoice_in_another_currency(self):
        currency = self.setup_other_currency("EUR", rates=[("2026-01-01", 1.25)])
        pricelist = self.env["product.pricelist"].create({"name": "Abroad", "currency_id": currency.id})
        customer = self.env["res.partner"].create({"name": "Customer abroad"})
        contract = self.new_contract(customer, pricelist_id=pricelist.id)
        self.assertEqual(contract.currency_id, currency)
        self.new_contract()
        run = self.Run.create({"date_cutoff": date(2026, 2, 28)})
        before = self.snapshot()
        previews = self.preview(run)
        self.assertEqual(self.snapshot(), before, "the preview wrote nothing")
        foreign = previews.filtered(lambda p: p.currency_id == currency)
        self.assertEqual(foreign.partner_id, customer)
        self.assertAlmostEqual(foreign.amount_untaxed, 200, msg="the contract's prices, in its currency")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "service_contract_billing.service_contract_billing_preview_report", previews.ids
        )[0].decode()
        self.assertIn(customer.name, html)
        self.assertIn(currency.symbol, html)
        run.action_run()
        self.assert_preview_is_the_run(previews, run)

    def test_no_number_is_used_with_automatic_posting(self):
        self.env.company.service_contract_auto_post = True
        self.new_contract()
        self.new_contract(self.partner_b)
        first = self.bill(date(2026, 1, 31)).move_ids.sorted("id")
        self.assertEqual(first.mapped("state"), ["posted", "posted"])
        run = self.Run.create({"date_cutoff": date(2026, 2, 28)})
        before = self.snapshot()
        previews = self.preview(run)
        previews |= self.preview(run)  # twice: the second replaces the first
        self.assertEqual(len(previews.exists()), 2)
        self.assertEqual(self.snapshot(), before)
        run.action_run()
        second = run.move_ids.sorted("id")
        self.assertEqual(
            second.mapped("sequence_number"),
            [first[-1].sequence_number + 1, first[-1].sequence_number + 2],
            "the run's numbers follow the last posted invoice: the preview took none",
        )
        self.assert_preview_is_the_run(previews.exists(), run)

    def test_filters_and_batches_of_the_run(self):
        contract = self.new_contract()
        self.new_contract(self.partner_b)
        run = self.Run.create({"date_cutoff": date(2026, 1, 31), "contract_id": contract.id})
        self.assertEqual(self.preview(run).line_ids.contract_id, contract)
        run = self.Run.create({"date_cutoff": date(2026, 1, 31), "partner_id": self.partner_b.id})
        self.assertEqual(self.preview(run).partner_id, self.partner_b)
        # Invoices come in the order of the run's batches (partners by id).
        run = self.Run.create({"date_cutoff": date(2026, 1, 31)})
        previews = self.preview(run)
        self.assertEqual(previews.sorted("sequence").partner_id.ids, sorted((self.partner_a | self.partner_b).ids))

    def test_billing_user_previews_and_prints(self):
        biller = new_test_user(
            self.env,
            login="biller",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        contract = self.new_contract()
        run = self.Run.with_user(biller).create({"date_cutoff": date(2026, 2, 28)})
        action = run.action_preview()
        previews = self.env[action["res_model"]].with_user(biller).search(action["domain"])
        self.assertEqual(previews.line_ids.contract_id, contract)
        data = previews.web_read(
            {"line_ids": {"fields": {"contract_id": {"fields": {"display_name": {}}}, "name": {}}}}
        )
        self.assertEqual(data[0]["line_ids"][0]["contract_id"]["display_name"], contract.name)
        html = self.env["ir.actions.report"].with_user(biller)._render_qweb_html(
            "service_contract_billing.service_contract_billing_preview_report", previews.ids
        )[0].decode()
        self.assertIn(run.display_name, html)
        self.assertIn(self.partner_a.name, html)
        self.assertIn(f"{contract.name}: 02/01/2026 to 02/28/2026", html)
        action = previews.with_user(biller).action_print()
        self.assertEqual(action["report_name"], "service_contract_billing.report_billing_preview")
        self.assertEqual(action["context"]["active_ids"], previews.ids)
        # Print from the list with nothing selected: the whole list.
        action = (
            self.env["service.contract.billing.preview"]
            .with_user(biller)
            .with_context(active_domain=[("run_id", "=", run.id)])
            .action_print()
        )
        self.assertEqual(action["context"]["active_ids"], previews.ids)
