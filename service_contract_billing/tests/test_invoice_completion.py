# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import copy
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

#: The journal item fields that must be the same whichever way an invoice
#: was created.
LINE_FIELDS = [
    "display_type",
    "account_id",
    "product_id",
    "product_uom_id",
    "name",
    "quantity",
    "price_unit",
    "discount",
    "price_subtotal",
    "price_total",
    "balance",
    "amount_currency",
    "debit",
    "credit",
    "currency_id",
    "partner_id",
    "tax_ids",
    "tax_tag_ids",
    "tax_tag_invert",
    "tax_repartition_line_id",
    "tax_line_id",
    "group_tax_id",
    "tax_base_amount",
    "date_maturity",
    "discount_date",
    "discount_balance",
    "discount_amount_currency",
    "analytic_distribution",
    "sequence",
    "amount_residual",
]
MOVE_FIELDS = [
    "journal_id",
    "currency_id",
    "fiscal_position_id",
    "invoice_payment_term_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_tax_signed",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "invoice_date_due",
    "payment_state",
    "tax_totals",
    "is_manually_modified",
]


@tagged("post_install", "-at_install")
class TestInvoiceCompletion(AccountTestInvoicingCommon):
    """``account.move._create_with_all_lines`` creates invoices with their
    tax and payment-term lines computed beforehand; the journal items must
    be exactly the ones ``create()`` makes, for every kind of tax, payment
    terms, fiscal position and document the billing run produces."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Move = cls.env["account.move"].with_context(tracking_disable=True)
        cls.tax_included = cls.env["account.tax"].create(
            {"name": "21 % included", "amount": 21, "price_include_override": "tax_included"}
        )
        cls.tax_fixed = cls.env["account.tax"].create(
            {"name": "Fixed 1.50", "amount_type": "fixed", "amount": 1.5}
        )
        cls.tax_group = cls.env["account.tax"].create(
            {
                "name": "Group 5 % + 2 %",
                "amount_type": "group",
                "children_tax_ids": [
                    Command.create({"name": "5 %", "amount": 5, "type_tax_use": "none"}),
                    Command.create({"name": "2 %", "amount": 2, "type_tax_use": "none"}),
                ],
            }
        )
        cls.tag_base = cls.env["account.account.tag"].create(
            {"name": "Base tag", "applicability": "taxes", "country_id": cls.company_data["company"].account_fiscal_country_id.id}
        )
        cls.tag_tax = cls.tag_base.copy({"name": "Tax tag"})
        cls.tax_tagged = cls.env["account.tax"].create({"name": "Tagged 10 %", "amount": 10})
        cls.tax_tagged.invoice_repartition_line_ids.filtered(lambda r: r.repartition_type == "base").tag_ids = cls.tag_base
        cls.tax_tagged.invoice_repartition_line_ids.filtered(lambda r: r.repartition_type == "tax").tag_ids = cls.tag_tax
        cls.tax_tagged.refund_repartition_line_ids.filtered(lambda r: r.repartition_type == "tax").tag_ids = cls.tag_tax

    # === Helpers === #
    def invoice_vals(self, lines, move_type="out_invoice", partner=None, **values):
        return {
            "move_type": move_type,
            "partner_id": (partner or self.partner_a).id,
            "company_id": self.env.company.id,
            "currency_id": self.env.company.currency_id.id,
            "invoice_payment_term_id": False,
            "fiscal_position_id": False,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "name": f"{product.name} {index}", "quantity": quantity, "price_unit": price}
                )
                for index, (product, quantity, price) in enumerate(lines)
            ],
            **values,
        }

    def new_product(self, taxes, name="Service", supplier_taxes=None):
        return self.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "taxes_id": [Command.set(taxes.ids)],
                "supplier_taxes_id": [Command.set((supplier_taxes or taxes.browse()).ids)],
            }
        )

    def snapshot(self, move):
        def value(record, fname):
            field_value = record[fname]
            if fname == "name" and record.display_type == "payment_term":
                return (field_value or "").replace(move.name or "/", "<invoice number>")
            return field_value.ids if hasattr(field_value, "ids") else field_value

        lines = sorted(
            (tuple((fname, value(line, fname)) for fname in LINE_FIELDS) for line in move.line_ids),
            key=repr,
        )
        return {fname: value(move, fname) for fname in MOVE_FIELDS}, lines

    def assert_same_as_create(self, vals, completed=True):
        """Create ``vals`` once with ``create()`` and once completed
        beforehand; the two invoices must be the same, drafts and posted."""
        self.assertEqual(
            self.Move._complete_invoice_vals(copy.deepcopy(vals), {}) is not None,
            completed,
            "the invoice should %sbe completed beforehand" % ("" if completed else "not "),
        )
        expected = self.Move.create(copy.deepcopy(vals))
        moves = self.Move._create_with_all_lines([copy.deepcopy(vals), copy.deepcopy(vals)])
        self.assertEqual(len(moves), 2)
        for move in moves:
            self.assertEqual(self.snapshot(move), self.snapshot(expected))
        expected.invoice_date = moves.invoice_date = vals.get("invoice_date") or date(2026, 11, 30)
        (expected | moves).action_post()
        for move in moves:
            self.assertEqual(self.snapshot(move), self.snapshot(expected))
        return moves

    # === Completed invoices === #
    def test_price_excluded_tax_with_rounding(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(
            self.invoice_vals([(product, 3, 33.33), (product, 1, 0.01), (product, 0.5, 19.99), (product, 7, 1.07)])
        )

    def test_round_globally(self):
        self.env.company.tax_calculation_rounding_method = "round_globally"
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(
            self.invoice_vals([(product, 1, 0.03), (product, 1, 0.03), (product, 1, 0.03), (product, 3, 10.01)])
        )

    def test_price_included_fixed_and_group_taxes(self):
        included = self.new_product(self.tax_included, "Included")
        several = self.new_product(self.tax_fixed | self.company_data["default_tax_sale"], "Fixed and percent")
        grouped = self.new_product(self.tax_group, "Group")
        untaxed = self.new_product(self.env["account.tax"], "Untaxed")
        self.assert_same_as_create(
            self.invoice_vals([(included, 2, 121.0), (several, 3, 10.0), (grouped, 1, 99.99), (untaxed, 4, 12.5)])
        )

    def test_tax_tags_on_invoice_and_refund(self):
        product = self.new_product(self.tax_tagged)
        moves = self.assert_same_as_create(self.invoice_vals([(product, 1, 100.0)]))
        self.assertEqual(moves[0].invoice_line_ids.tax_tag_ids, self.tag_base)
        self.assert_same_as_create(self.invoice_vals([(product, 2, 50.0)], move_type="out_refund"))

    def test_fiscal_position_maps_taxes_and_accounts(self):
        self.assert_same_as_create(
            self.invoice_vals(
                [(self.product_a, 1, 1000.0), (self.product_b, 2, 200.0)],
                partner=self.partner_b,
                fiscal_position_id=self.fiscal_pos_a.id,
            )
        )

    def test_payment_terms_in_instalments(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        moves = self.assert_same_as_create(
            self.invoice_vals(
                [(product, 1, 1000.0), (product, 3, 33.33)],
                partner=self.partner_b,
                invoice_payment_term_id=self.pay_terms_b.id,
                invoice_date=date(2026, 11, 30),
            )
        )
        self.assertEqual(len(moves[0].line_ids.filtered(lambda l: l.display_type == "payment_term")), 2)

    def test_immediate_payment_term_and_no_payment_term(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(
            self.invoice_vals([(product, 1, 80.0)], invoice_payment_term_id=self.pay_terms_a.id)
        )
        self.assert_same_as_create(self.invoice_vals([(product, 1, 80.0)], invoice_date=date(2026, 11, 30)))

    def test_vendor_bill_and_refund(self):
        product = self.new_product(
            self.company_data["default_tax_sale"], supplier_taxes=self.company_data["default_tax_purchase"]
        )
        self.assert_same_as_create(
            self.invoice_vals(
                [(product, 2, 45.5), (self.product_a, 1, 10.0)],
                move_type="in_invoice",
                partner=self.partner_b,
                invoice_payment_term_id=self.pay_terms_b.id,
                invoice_date=date(2026, 11, 30),
            )
        )
        self.assert_same_as_create(self.invoice_vals([(product, 1, 45.5)], move_type="in_refund"))

    def test_zero_amounts(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(self.invoice_vals([(product, 1, 0.0)]))

    # === Left to create() === #
    def test_foreign_currency_is_left_to_create(self):
        currency = self.setup_other_currency("EUR")
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(self.invoice_vals([(product, 1, 100.0)], currency_id=currency.id), completed=False)

    def test_early_payment_discount_is_left_to_create(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "2 % in 10 days",
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
                "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})],
            }
        )
        product = self.new_product(self.company_data["default_tax_sale"])
        self.assert_same_as_create(
            self.invoice_vals([(product, 1, 100.0)], invoice_payment_term_id=term.id), completed=False
        )

    def test_analytic_distribution_models_are_left_to_create(self):
        plan = self.env["account.analytic.plan"].create({"name": "Contract billing test plan"})
        account = self.env["account.analytic.account"].create({"name": "Service", "plan_id": plan.id})
        self.env["account.analytic.distribution.model"].create(
            {"partner_id": self.partner_a.id, "analytic_distribution": {str(account.id): 100}}
        )
        product = self.new_product(self.company_data["default_tax_sale"])
        moves = self.assert_same_as_create(self.invoice_vals([(product, 1, 100.0)]), completed=False)
        self.assertEqual(moves[0].invoice_line_ids.analytic_distribution, {str(account.id): 100})

    def test_discounts(self):
        """A contract line's discount is completed like ``create()`` does it,
        rounding included (prices and discounts chosen to round)."""
        product = self.new_product(self.company_data["default_tax_sale"])
        included = self.new_product(self.tax_included, "Included")
        vals = self.invoice_vals([(product, 3, 33.33), (included, 1, 121.0), (product, 1, 19.99)])
        for command, discount in zip(vals["invoice_line_ids"], (10.0, 12.5, 33.33), strict=True):
            command[2]["discount"] = discount
        moves = self.assert_same_as_create(vals)
        self.assertEqual(moves[0].invoice_line_ids.mapped("discount"), [10.0, 12.5, 33.33])

    def test_other_line_fields_are_left_to_create(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        vals = self.invoice_vals([(product, 1, 100.0)])
        vals["invoice_line_ids"][0][2]["account_id"] = self.company_data["default_account_revenue"].id
        self.assert_same_as_create(vals, completed=False)
        self.assert_same_as_create(
            self.invoice_vals([(product, 1, 100.0)], invoice_cash_rounding_id=self.cash_rounding_a.id),
            completed=False,
        )

    def test_analytic_distribution_is_completed(self):
        """The contract's analytic distribution (post-calculation) is
        completed as create() does it."""
        plan = self.env["account.analytic.plan"].create({"name": "Contract completion test plan"})
        account = self.env["account.analytic.account"].create({"name": "Contract", "plan_id": plan.id})
        product = self.new_product(self.company_data["default_tax_sale"])
        vals = self.invoice_vals([(product, 1, 100.0)])
        vals["invoice_line_ids"][0][2]["analytic_distribution"] = {str(account.id): 100}
        self.assert_same_as_create(vals, completed=True)

    def test_mixed_batch_keeps_the_order(self):
        product = self.new_product(self.company_data["default_tax_sale"])
        currency = self.setup_other_currency("EUR")
        vals_list = [
            self.invoice_vals([(product, 1, 10.0)]),
            self.invoice_vals([(product, 1, 20.0)], currency_id=currency.id),
            self.invoice_vals([(product, 1, 30.0)], partner=self.partner_b),
        ]
        moves = self.Move._create_with_all_lines(vals_list)
        self.assertEqual(moves.mapped("amount_untaxed"), [10.0, 20.0, 30.0])
        self.assertEqual(moves.partner_id, self.partner_a | self.partner_b)
        self.assertEqual(moves[1].currency_id, currency)
