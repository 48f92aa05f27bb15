# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .formula import (
    FORMULA_HELP,
    SAMPLE_VALUES,
    FormulaError,
    evaluate_formula,
    formula_syntax_error,
    formula_values,
)

BILLING_INTERVALS = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_yearly", "Half-yearly"),
    ("yearly", "Yearly"),
    ("one_time", "One-time Payment"),
]
#: Months in each billing interval (a one-time payment has none: it is the term).
INTERVAL_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
BILLING_TIMINGS = [("advance", "In Advance"), ("arrears", "In Arrears")]
PAUSE_POLICIES = [
    ("no_pauses", "No Pauses"),
    ("user_decides", "User Decides per Pause"),
    ("never_extend", "Pauses Never Extend the Term"),
    ("always_extend", "Pauses Always Extend the Term"),
]
MAX_DURATION = 1000


class ServiceContractTemplate(models.Model):
    """A contract template (Servicevertragsvorlage): pre-fills new contracts
    and is what the contract wizard offers."""

    _name = "service.contract.template"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Service Contract Template"
    _order = "sequence, name, id"
    _check_company_auto = True

    # === Fields === #
    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, tracking=True
    )
    type_id = fields.Many2one(
        "service.contract.type",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.ref(
            "service_contract.contract_type_service", raise_if_not_found=False
        ),
        tracking=True,
    )
    requires_device = fields.Boolean(related="type_id.requires_device")
    description = fields.Html(translate=True)

    # Billing
    billing_interval = fields.Selection(
        BILLING_INTERVALS,
        required=True,
        default="monthly",
        tracking=True,
        help="One-time payment bills the whole term at once; it needs an end date.",
    )
    billing_timing = fields.Selection(
        BILLING_TIMINGS,
        string="Invoicing",
        required=True,
        default="advance",
        tracking=True,
        help="In advance (pre-invoicing): each period is billed at its start. "
        "In arrears (periodic invoicing): each period is billed at its end.",
    )
    billing_product_ids = fields.Many2many(
        "product.product",
        string="Billing Products",
        domain="[('sale_ok', '=', True)]",
        check_company=True,
        help="The products contracts are billed with, each at its sales price. "
        "With several (small / medium / large), the user picks one when "
        "creating the contract.",
    )
    package_ids = fields.Many2many(
        "service.contract.package", string="Service Packages", check_company=True
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", check_company=True, string="Payment Terms"
    )
    payment_method_id = fields.Many2one(
        "account.payment.method",
        domain="[('payment_type', '=', 'inbound')]",
        help="Proposed on new contracts, e.g. direct debit.",
    )
    payment_purpose = fields.Char(
        string="Purpose",
        translate=True,
        help="Purpose or mandate reference (Verwendungszweck) used with direct debit.",
    )

    # Term and pauses
    duration = fields.Integer(default=12, required=True, tracking=True)
    duration_unit = fields.Selection(
        [("months", "Months"), ("days", "Days")], required=True, default="months"
    )
    is_open_ended = fields.Boolean(
        string="No End Date",
        help="Contracts run until they are terminated; the duration is then "
        "only the minimum term.",
    )
    early_termination_allowed = fields.Boolean(
        help="Contracts may be terminated before their agreed end, with their "
        "notice period. Otherwise a fixed term runs to its agreed end.",
    )
    pause_policy = fields.Selection(
        PAUSE_POLICIES, required=True, default="user_decides", tracking=True
    )

    # Formulas (contract managers only)
    validity_formula = fields.Text(
        groups="service_contract.service_contract_group_manager",
        help="Decides whether the contract wizard offers this template; empty "
        "means always. Must give True or False, e.g. "
        "'repair' in order_tags and customer_country == 'DE'. " + FORMULA_HELP,
    )
    price_formula = fields.Text(
        groups="service_contract.service_contract_group_manager",
        help="Computes a deviating contract price; empty means the billing "
        "product's price. Must give a number, e.g. order_amount_total / 20. "
        + FORMULA_HELP,
    )

    # Documents and follow-up
    contract_report_id = fields.Many2one(
        "ir.actions.report",
        string="Contract Document",
        domain="[('model', '=', 'service.contract')]",
        default=lambda self: self.env.ref(
            "service_contract.service_contract_report", raise_if_not_found=False
        ),
        help="Offered for printing when a contract is created, and printed by "
        "the contract's Print button.",
    )
    expiry_notice_days = fields.Integer(
        string="Expiry Notice (Days)",
        help="Days before a contract's end when the salesperson gets an "
        "activity and the customer an email; 0: the company's setting.",
    )
    renewal_offer = fields.Boolean(
        string="Renewal Offers",
        help="Create a quotation for the next term before the contract ends; "
        "confirming it extends the contract.",
    )
    renewal_offer_days = fields.Integer(
        string="Offer Renewal (Days before End)", default=60
    )
    renewal_index_percent = fields.Float(
        string="Renewal Price Index (%)",
        digits=(16, 2),
        help="Renewal offers raise the prices by this percentage, e.g. 3.0: 3 % more "
        "for the next term; 0: the current prices. Confirming the offer bills the "
        "new prices from the next term's start.",
    )
    renewal_mail_template_id = fields.Many2one(
        "mail.template",
        string="Renewal Offer Email",
        domain="[('model', '=', 'sale.order')]",
        default=lambda self: self.env.ref(
            "service_contract.mail_template_renewal_offer", raise_if_not_found=False
        ),
        help="The email that sends the renewal offer with its PDF: proposed by the "
        "quotation's Send button, or sent by the scheduled action (Send "
        "Automatically).",
    )
    renewal_auto_send = fields.Boolean(
        string="Send Automatically",
        help="The scheduled action emails the renewal offer to the customer as soon as "
        "it creates it; otherwise the salesperson sends it from the quotation.",
    )
    contact_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Contact Template",
        help="Activity planned for the salesperson at every contact interval, "
        "e.g. 'call the customer'.",
    )
    contact_interval_months = fields.Integer(
        string="Contact Interval (Months)",
        help="Every how many months the contact activity is planned; 0 = never.",
    )

    contract_ids = fields.One2many("service.contract", "template_id")
    contract_count = fields.Integer(compute="_compute_contract_count")

    # === Compute methods === #
    @api.depends("contract_ids")
    def _compute_contract_count(self):
        counts = dict(
            self.env["service.contract"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.contract_count = counts.get(template, 0)

    # === Constraints === #
    @api.constrains("duration")
    def _check_duration(self):
        for template in self:
            if not 1 <= template.duration <= MAX_DURATION:
                raise ValidationError(
                    self.env._(
                        "The duration of %(template)s must be between 1 and "
                        "%(max)s months or days.",
                        template=template.name,
                        max=MAX_DURATION,
                    )
                )

    @api.constrains("billing_interval", "is_open_ended")
    def _check_one_time_has_end(self):
        for template in self:
            if template.billing_interval == "one_time" and template.is_open_ended:
                raise ValidationError(
                    self.env._(
                        "%(template)s: one-time payment bills the whole term at "
                        "once, so the contract needs an end date.",
                        template=template.name,
                    )
                )

    @api.constrains(
        "contact_interval_months",
        "contact_activity_type_id",
        "expiry_notice_days",
        "renewal_offer_days",
    )
    def _check_counts(self):
        for template in self:
            if template.expiry_notice_days < 0 or template.renewal_offer_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(template)s: notice and renewal days cannot be negative.",
                        template=template.name,
                    )
                )
            if template.contact_interval_months < 0:
                raise ValidationError(
                    self.env._(
                        "%(template)s: the contact interval cannot be negative.",
                        template=template.name,
                    )
                )
            if template.contact_interval_months and not template.contact_activity_type_id:
                raise ValidationError(
                    self.env._(
                        "%(template)s: choose the contact template (activity type) "
                        "for the contact interval.",
                        template=template.name,
                    )
                )
            if template.contact_activity_type_id and not (
                1 <= template.contact_interval_months <= MAX_DURATION
            ):
                raise ValidationError(
                    self.env._(
                        "%(template)s: the contact interval must be at least 1 month "
                        "and at most %(max)s months.",
                        template=template.name,
                        max=MAX_DURATION,
                    )
                )

    def _report_fields(self):
        """The template's report fields and the model each must print:
        (field name, model); extension hook (billing adds the invoice
        document)."""
        return [("contract_report_id", "service.contract")]

    @api.constrains("contract_report_id")
    def _check_reports(self):
        for template in self:
            for field_name, model in self._report_fields():
                report = template.sudo()[field_name]
                if report and report.model != model:
                    raise ValidationError(
                        self.env._(
                            "%(template)s: the %(field)s must be a report of %(model)s, "
                            "not of %(other)s (%(report)s).",
                            template=template.name,
                            field=template._fields[field_name]._description_string(self.env),
                            model=self.env[model]._description,
                            other=report.model,
                            report=report.name,
                        )
                    )

    @api.constrains("renewal_index_percent")
    def _check_renewal_index(self):
        for template in self:
            if not -100 < template.renewal_index_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "%(template)s: the renewal price index must be more than -100 %% "
                        "and at most 100 %%.",
                        template=template.name,
                    )
                )

    @api.constrains("renewal_mail_template_id")
    def _check_renewal_mail_template(self):
        for template in self:
            mail_template = template.sudo().renewal_mail_template_id
            if mail_template and mail_template.model != "sale.order":
                raise ValidationError(
                    self.env._(
                        "%(template)s: the renewal offer email must be a template for "
                        "quotations, not for %(model)s (%(mail_template)s).",
                        template=template.name,
                        model=mail_template.model,
                        mail_template=mail_template.name,
                    )
                )

    @api.constrains("validity_formula", "price_formula")
    def _check_formulas(self):
        for template in self.sudo():
            if template.validity_formula:
                template._evaluate_validity(SAMPLE_VALUES)
            if template.price_formula:
                template._evaluate_price(SAMPLE_VALUES)

    # === CRUD === #
    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        default = default or {}
        for template, vals in zip(self, vals_list, strict=True):
            if "name" not in default:
                vals["name"] = self.env._("Copy of %(name)s", name=template.name)
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_contracts(self):
        used = self.env["service.contract"].sudo().search_count(
            [("template_id", "in", self.ids)]
        )
        if used:
            raise UserError(
                self.env._(
                    "%(count)s contracts use the template(s) %(templates)s: archive "
                    "them instead of deleting them.",
                    count=used,
                    templates=", ".join(self.mapped("name")),
                )
            )

    # === Actions === #
    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_action"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action

    # === Business === #
    def _formula_error(self, label, formula, error):
        """The error of a formula. Only those who may edit formulas (contract
        managers) see the formula and the details; others learn which
        template's formula failed."""
        if not self.env.user.has_group("service_contract.service_contract_group_manager"):
            return ValidationError(
                self.env._(
                    "The %(formula)s of template %(template)s is invalid: ask a contract "
                    "manager to correct it.",
                    formula=label,
                    template=self.name,
                )
            )
        return ValidationError(
            self.env._(
                "The %(formula)s of template %(template)s is invalid: %(error)s\n"
                "Formula: %(expression)s",
                formula=label,
                template=self.name,
                error=error,
                expression=formula,
            )
        )

    def _evaluate(self, field_name, label, values):
        """Evaluate one formula field over plain ``values``; any failure is a
        ValidationError naming the template and the formula."""
        self.ensure_one()
        formula = self.sudo()[field_name]
        syntax_error = formula_syntax_error(formula, self.env)
        if syntax_error:
            raise self._formula_error(label, formula, syntax_error)
        try:
            return evaluate_formula(formula, values, self.env)
        except FormulaError as error:
            raise self._formula_error(label, formula, error.args[0]) from error
        except (UserError, ValidationError):
            raise
        except Exception as error:  # noqa: BLE001 - any user formula error is reported
            raise self._formula_error(label, formula, error) from error

    def _evaluate_validity(self, values):
        result = self._evaluate("validity_formula", self.env._("validity formula"), values)
        if not isinstance(result, bool):
            raise self._formula_error(
                self.env._("validity formula"),
                self.sudo().validity_formula,
                self.env._("it must give True or False, not %(result)r", result=result),
            )
        return result

    def _evaluate_price(self, values):
        result = self._evaluate("price_formula", self.env._("price formula"), values)
        if isinstance(result, bool) or not isinstance(result, int | float) or result < 0:
            raise self._formula_error(
                self.env._("price formula"),
                self.sudo().price_formula,
                self.env._("it must give a number of 0 or more, not %(result)r", result=result),
            )
        return float(result)

    def _term_end(self, date_start):
        """The last day of a term of this template starting on ``date_start``
        (the duration counted in months or days, the start day included)."""
        self.ensure_one()
        unit = "days" if self.duration_unit == "days" else "months"
        return date_start + relativedelta(**{unit: self.duration}) - relativedelta(days=1)

    def is_valid_for(self, partner, order=None):
        """Whether the contract wizard offers this template for ``partner``
        (and the originating sales ``order``): its validity formula, if any."""
        self.ensure_one()
        if not self.sudo().validity_formula:
            return True
        return self._evaluate_validity(formula_values(partner, order))

    def compute_contract_price(self, product, partner, order=None, pricelist=None, currency=None):
        """The contract price for billing ``product`` in ``currency`` (default:
        the company's): the price formula's result, which is in the company's
        currency, converted at today's rate; without a formula the price of
        ``pricelist`` (none: the product's sales price). The company is the
        environment's."""
        self.ensure_one()
        company = self.env.company
        currency = currency or company.currency_id
        today = fields.Date.context_today(self)
        if not self.sudo().price_formula:
            pricelist = pricelist or self.env["product.pricelist"]
            return pricelist._get_product_price(product, 1.0, currency=currency, date=today)
        price = self._evaluate_price(formula_values(partner, order, product))
        return company.currency_id._convert(price, currency, company, today)
