# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import term_rule
from .states import ACTIVE_STATES, STATES
from .service_contract_template import MAX_DURATION


class ServiceContract(models.Model):
    """A service contract: the rights a customer holds (customer contract) or
    the obligations a supplier holds towards us (supplier contract)."""

    _name = "service.contract"
    _inherit = [
        "service.contract.lock.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "service.contract.calculation",
        "service.contract.portal.mixin",
        "service.contract.cron",
        "service.contract.expiry",
        "service.contract.renewal",
        "service.contract.contact",
    ]
    _description = "Service Contract"
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Customers who may read a contract (portal) may write to it in its chatter.
    _mail_post_access = "read"

    # === Fields === #
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    active = fields.Boolean(default=True, tracking=True)
    tag_ids = fields.Many2many("service.contract.tag", string="Tags")
    direction = fields.Selection(
        [("customer", "Customer Contract"), ("supplier", "Supplier Contract")],
        required=True,
        default="customer",
        tracking=True,
        help="Customer contract: rights of our customer, billed with customer "
        "invoices. Supplier contract: what a supplier owes us, billed with "
        "vendor bills.",
    )
    state = fields.Selection(
        STATES, required=True, default="draft", tracking=True, copy=False, group_expand=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    partner_invoice_id = fields.Many2one(
        "res.partner",
        string="Invoice Address",
        compute="_compute_partner_invoice_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
        help="Prices the contract's billing products and gives its currency. Proposed "
        "from the customer while the contract is a draft; supplier contracts have none.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The contract is priced and billed in this currency: its pricelist's, else "
        "the company's. A supplier contract may be billed in another currency.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    template_id = fields.Many2one(
        "service.contract.template", tracking=True, check_company=True, ondelete="restrict"
    )
    type_id = fields.Many2one(
        "service.contract.type",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    requires_device = fields.Boolean(related="type_id.requires_device")
    package_ids = fields.Many2many(
        "service.contract.package",
        string="Service Packages",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    pause_policy = fields.Selection(related="template_id.pause_policy")
    payment_term_id = fields.Many2one(
        "account.payment.term",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    payment_method_id = fields.Many2one(
        "account.payment.method",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    payment_purpose = fields.Char(
        string="Purpose",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )

    # Term
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end_agreed = fields.Date(
        string="Agreed End",
        compute="_compute_date_end_agreed",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The end agreed in the contract; empty for a contract that runs "
        "until it is terminated. Pauses may extend it (see End).",
    )
    date_end = fields.Date(
        string="End",
        compute="_compute_date_end",
        store=True,
        index=True,
        help="The agreed end, extended by the pauses that extend the term.",
    )
    duration = fields.Char(
        compute="_compute_duration",
        help="The term from start to end: whole months, else days.",
    )
    notice_period_days = fields.Integer(
        string="Notice Period (Days)", default=30, tracking=True
    )
    earliest_end_date = fields.Date(
        compute="_compute_earliest_end_date",
        help="The earliest day the contract can end if it is terminated today. A "
        "fixed term runs to its agreed end (earlier with the notice period only "
        "when the template allows early termination); a contract that runs until "
        "terminated ends after the notice period; a renewed one at the end of its "
        "term if notice is given in time, else at the end of the next term.",
    )
    # Termination: the rule, and why and how a terminated contract ended
    term_rule = fields.Char(
        string="Termination Rule",
        compute="_compute_term_rule",
        help="How the contract can be terminated, as the contract document and the "
        "portal state it.",
    )
    termination_reason_id = fields.Many2one(
        "service.contract.termination.reason", copy=False, tracking=True
    )
    termination_comment = fields.Text(copy=False, tracking=True)
    line_ids = fields.One2many(
        "service.contract.line", "contract_id", string="Lines", copy=True
    )
    device_ids = fields.One2many(
        "service.contract.device", "contract_id", string="Devices", copy=True
    )
    pause_ids = fields.One2many("service.contract.pause", "contract_id", string="Pauses")
    entitlement_ids = fields.One2many(
        "service.contract.entitlement", "contract_id", string="Entitlements"
    )
    device_count = fields.Integer(compute="_compute_device_count")
    note = fields.Html(string="Terms and Conditions")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The sales order whose confirmation created this contract.",
    )

    # Follow-up by the scheduled actions (see the cron, expiry, renewal and
    # contact mixins, which compute the dates)
    cron_error_ids = fields.One2many(
        "service.contract.cron.error", "contract_id", string="Scheduled Action Errors", readonly=True
    )
    expiry_notice_date = fields.Date(
        compute="_compute_expiry_notice_date",
        store=True,
        help="From this day on the salesperson and the customer are told the "
        "contract is ending.",
    )
    expiry_notice_sent = fields.Boolean(copy=False, readonly=True)
    renewal_offer_date = fields.Date(
        compute="_compute_renewal_offer_date",
        store=True,
        help="From this day on the scheduled action offers the customer the next term "
        "(when the template makes renewal offers).",
    )
    renewal_order_id = fields.Many2one(
        "sale.order", string="Renewal Offer", copy=False, readonly=True, check_company=True
    )
    next_contact_date = fields.Date(
        compute="_compute_next_contact_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="When the next contact activity of the template is planned.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The contract reference must be unique per company.",
        ),
        (
            "notice_period_positive",
            "CHECK(notice_period_days >= 0)",
            "The notice period cannot be negative.",
        ),
    ]

    # === Compute methods === #
    @api.depends("partner_id")
    def _compute_partner_invoice_id(self):
        for contract in self:
            contract.partner_invoice_id = (
                contract.partner_id.address_get(["invoice"])["invoice"]
                if contract.partner_id
                else False
            )

    @api.depends("partner_id", "company_id", "direction")
    def _compute_pricelist_id(self):
        """The customer's pricelist, like a quotation's. Only drafts follow
        the customer: a started contract keeps its pricelist and currency."""
        for contract in self:
            if contract.state != "draft":
                continue
            if contract.direction != "customer" or not contract.partner_id:
                contract.pricelist_id = False
                continue
            contract = contract.with_company(contract.company_id)
            contract.pricelist_id = contract.partner_id.property_product_pricelist

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for contract in self:
            contract.currency_id = (
                contract.pricelist_id.currency_id or contract.company_id.currency_id
            )

    @api.depends("template_id")
    def _compute_from_template(self):
        for contract in self:
            template = contract.template_id
            if not template:
                continue
            contract.type_id = template.type_id
            contract.package_ids = template.package_ids
            contract.payment_term_id = template.payment_term_id
            contract.payment_method_id = template.payment_method_id
            contract.payment_purpose = template.payment_purpose

    @api.depends("template_id", "date_start")
    def _compute_date_end_agreed(self):
        for contract in self:
            template = contract.template_id
            if not template or not contract.date_start or template.is_open_ended:
                continue
            contract.date_end_agreed = template._term_end(contract.date_start)

    @api.depends("date_end_agreed", "pause_ids.extends_term", "pause_ids.duration_days")
    def _compute_date_end(self):
        for contract in self:
            if not contract.date_end_agreed:
                contract.date_end = False
                continue
            extension = sum(
                contract.pause_ids.filtered("extends_term").mapped("duration_days")
            )
            contract.date_end = contract.date_end_agreed + relativedelta(days=extension)

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for contract in self:
            if not contract.date_start or not contract.date_end:
                contract.duration = self.env._("Until terminated")
                continue
            term = relativedelta(contract.date_end + relativedelta(days=1), contract.date_start)
            months = term.years * 12 + term.months
            if months and not term.days:
                contract.duration = self.env._("%(months)s months", months=months)
            else:
                days = (contract.date_end - contract.date_start).days + 1
                contract.duration = self.env._("%(days)s days", days=days)

    @api.depends(
        "notice_period_days", "date_start", "date_end", "template_id.early_termination_allowed"
    )
    @api.depends_context("date")
    def _compute_earliest_end_date(self):
        today = fields.Date.context_today(self)
        renewed = self._renewed_contracts()
        for contract in self:
            next_term_end = False
            if contract in renewed and contract.date_end:
                next_start = contract.date_end + relativedelta(days=1)
                next_term_end = (
                    contract.template_id._term_end(next_start)
                    if contract.template_id
                    else next_start + relativedelta(years=1, days=-1)
                )
            contract.earliest_end_date = term_rule.earliest_end(
                today,
                contract.notice_period_days,
                contract.date_start,
                contract.date_end or None,
                renews=contract in renewed,
                early_termination=contract.template_id.early_termination_allowed,
                next_term_end=next_term_end or None,
            )

    @api.depends(
        "notice_period_days", "date_end", "template_id.early_termination_allowed"
    )
    @api.depends_context("lang")
    def _compute_term_rule(self):
        renewed = self._renewed_contracts()
        for contract in self:
            kind = term_rule.term_kind(
                contract.date_end or None,
                contract in renewed,
                contract.template_id.early_termination_allowed,
            )
            values = {
                "days": contract.notice_period_days,
                "end": format_date(self.env, contract.date_end),
            }
            if kind == term_rule.OPEN_ENDED:
                text = self.env._(
                    "Runs until terminated, with %(days)s days' notice.", **values
                )
            elif kind == term_rule.FIXED_EARLY:
                text = self.env._(
                    "Fixed term until %(end)s; it may be terminated earlier with "
                    "%(days)s days' notice.",
                    **values,
                )
            elif kind == term_rule.RENEWING:
                text = self.env._(
                    "Renewed term until %(end)s; terminated with %(days)s days' notice "
                    "before it, the contract ends then, else at the end of the next term.",
                    **values,
                )
            else:
                text = self.env._(
                    "Fixed term until %(end)s: the contract runs to its agreed end and "
                    "cannot be terminated earlier.",
                    **values,
                )
            contract.term_rule = text

    def _renewed_contracts(self):
        """The contracts of self renewed at least once (by a confirmed renewal
        offer): notice applies to their renewals."""
        contracts = self.filtered("id")
        if not contracts:
            return self.browse()
        groups = self.env["sale.order"].sudo()._read_group(
            [("renewed_contract_id", "in", contracts.ids), ("state", "=", "sale")],
            ["renewed_contract_id"],
        )
        return self.browse([contract.id for contract, in groups])

    @api.depends("device_ids")
    def _compute_device_count(self):
        for contract in self:
            contract.device_count = len(contract.device_ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/service_contracts/{contract.id}"
        return result

    # === Constraints === #
    @api.constrains("date_start", "date_end_agreed")
    def _check_dates(self):
        for contract in self:
            if contract.date_end_agreed and contract.date_end_agreed < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        contract=contract.display_name,
                        end=contract.date_end_agreed,
                        start=contract.date_start,
                    )
                )

    @api.constrains("active", "state")
    def _check_archive(self):
        """Only drafts and expired contracts can be archived: a started
        contract is billed and grants rights until it has expired."""
        for contract in self:
            if not contract.active and contract.state not in ("draft", "expired"):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s runs until it has expired and cannot be "
                        "archived before.",
                        contract=contract.display_name,
                    )
                )

    @api.constrains("direction", "pricelist_id", "currency_id")
    def _check_currency(self):
        """A contract with a pricelist is in the pricelist's currency; a
        customer contract without one in the company's (its renewal offers
        and prices need a pricelist to be in another currency)."""
        for contract in self:
            if contract.direction == "supplier" and not contract.pricelist_id:
                continue
            expected = contract.pricelist_id.currency_id or contract.company_id.currency_id
            if contract.currency_id != expected:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s must be in %(currency)s, the currency of its "
                        "pricelist (or of the company, without one).",
                        contract=contract.display_name,
                        currency=expected.name,
                    )
                )

    @api.constrains("date_start", "date_end_agreed", "template_id", "line_ids")
    def _check_term(self):
        """A term of at most MAX_DURATION months; a one-time payment bills
        the whole term at once, so it needs an end."""
        for contract in self:
            if not contract.date_end_agreed:
                if contract.template_id.billing_interval == "one_time" or any(
                    line.billing_interval == "one_time" and not line.date_end
                    for line in contract.line_ids
                ):
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s is billed by one-time payment, which "
                            "bills the whole term at once: it needs an end date.",
                            contract=contract.display_name,
                        )
                    )
                continue
            longest = contract.date_start + relativedelta(months=MAX_DURATION, days=-1)
            if contract.date_end_agreed > longest:
                raise ValidationError(
                    self.env._(
                        "The term of contract %(contract)s cannot be longer than %(max)s "
                        "months: from %(start)s it must end on %(end)s at the latest.",
                        contract=contract.display_name,
                        max=MAX_DURATION,
                        start=contract.date_start,
                        end=longest,
                    )
                )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        placeholders = {"/", self.env._("New")}
        for vals in vals_list:
            if vals.get("name", "/") in placeholders:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "service.contract"
                ) or self.env._("New")
        contracts = super().create(vals_list)
        contracts._sync_entitlements()
        return contracts

    def write(self, vals):
        result = super().write(vals)
        if {"package_ids", "device_ids", "template_id"} & vals.keys():
            self._sync_entitlements()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has started and cannot be deleted; "
                        "terminate it instead.",
                        contract=contract.display_name,
                    )
                )

    # === Actions === #
    def _check_state(self, allowed, message):
        """Raise ``message`` (translated, with the placeholders %(contract)s
        and %(state)s) for the first contract whose state is not allowed."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for contract in self:
            if contract.state not in allowed:
                raise UserError(
                    message % {"contract": contract.display_name, "state": states[contract.state]}
                )

    def action_start(self):
        self._check_state(
            ("draft",), self.env._("Contract %(contract)s cannot be started: it is %(state)s.")
        )
        for contract in self:
            if not contract.line_ids.filtered(lambda line: not line.display_type):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no lines: add what is billed "
                        "before starting it.",
                        contract=contract.display_name,
                    )
                )
            per_device = contract.line_ids.filtered("is_per_device")[:1]
            if per_device and not contract.device_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s bills %(item)s per device: add the covered "
                        "devices before starting it.",
                        contract=contract.display_name,
                        item=per_device.name,
                    )
                )
            if contract.requires_device and not contract.device_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is of type %(type)s and needs a "
                        "covered device before it starts.",
                        contract=contract.display_name,
                        type=contract.type_id.name,
                    )
                )
        self.state = "running"
        self._sync_pause_state()
        return True

    def action_mark_to_renew(self):
        self._check_state(
            ("running", "paused"),
            self.env._("Contract %(contract)s cannot be marked for renewal: it is %(state)s."),
        )
        self.state = "to_renew"
        return True

    def action_terminate(self):
        self._check_state(
            ACTIVE_STATES,
            self.env._("Contract %(contract)s cannot be terminated: it is %(state)s."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Terminate Contract"),
            "res_model": "service.contract.terminate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def terminate(self, date_end, comment=False, reason_id=False):
        """Terminate the contract so that it ends on ``date_end``, which must
        not be before its earliest end (see earliest_end_date); ``reason_id``
        is a termination reason's id, ``comment`` a free text."""
        self.ensure_one()
        self._check_state(
            ACTIVE_STATES,
            self.env._("Contract %(contract)s cannot be terminated: it is %(state)s."),
        )
        if date_end < self.earliest_end_date:
            raise UserError(
                self.env._(
                    "Contract %(contract)s can end on %(earliest)s at the earliest. "
                    "%(rule)s",
                    contract=self.display_name,
                    earliest=format_date(self.env, self.earliest_end_date),
                    rule=self.term_rule,
                )
            )
        self._unlocked().write(
            {
                "state": "terminated",
                "date_end_agreed": date_end,
                "termination_reason_id": reason_id,
                "termination_comment": comment,
            }
        )
        reason = self.termination_reason_id.name
        self.message_post(
            body=self.env._(
                "Terminated, ends on %(date)s. Reason: %(reason)s. %(comment)s",
                date=format_date(self.env, date_end),
                reason=reason,
                comment=comment or "",
            )
            if reason
            else self.env._(
                "Terminated, ends on %(date)s. %(comment)s",
                date=format_date(self.env, date_end),
                comment=comment or "",
            )
        )
        return True

    def action_expire(self):
        self._check_state(
            ACTIVE_STATES, self.env._("Contract %(contract)s cannot expire: it is %(state)s.")
        )
        self.state = "expired"
        return True

    def _get_contract_report(self):
        """The contract document: the template's, else the standard one."""
        self.ensure_one()
        return self.template_id.contract_report_id or self.env.ref(
            "service_contract.service_contract_report"
        )

    def action_print_contract(self):
        self.ensure_one()
        return self._get_contract_report().report_action(self)

    def action_send_email(self):
        """Open the mail composer with the contract document and its portal
        link (template "Service Contract: Send by Email"), as a quotation is
        sent from its order."""
        self.ensure_one()
        self._portal_ensure_token()
        template = self.env.ref(
            "service_contract.mail_template_contract_send", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Contract"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "email_notification_allow_footer": True,
                "force_email": True,
                "model_description": self.env._("Service Contract"),
            },
        }

    def action_preview_contract(self):
        """Show the contract as the customer sees it in the portal."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    def action_view_devices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Covered Devices"),
            "res_model": "service.contract.device",
            "view_mode": "list,form",
            "domain": [("contract_id", "=", self.id)],
            "context": {"default_contract_id": self.id},
        }

    # === Business === #
    def _pauses_changed(self):
        """Hook called when pauses were added, changed or removed."""
        self._sync_pause_state()

    def _sync_pause_state(self, day=None):
        """Move running contracts with a pause on ``day`` (default today) to
        paused, and paused ones without to running."""
        day = day or fields.Date.context_today(self)
        for contract in self.filtered(lambda c: c.state in ("running", "paused")):
            paused = any(
                pause.date_start <= day <= pause.date_end for pause in contract.pause_ids
            )
            new_state = "paused" if paused else "running"
            if contract.state != new_state:
                contract.state = new_state

    def _sync_entitlements(self):
        """Derive the entitlements from the packages and covered devices:
        one per package service, per device for per-device services. Ones no
        longer granted are deleted, or archived when usage was recorded (and
        revived with their usage when granted again)."""
        Entitlement = self.env["service.contract.entitlement"].sudo()
        to_create = []
        obsolete = revived = Entitlement
        for contract in self:
            wanted = set()
            for line in contract.package_ids.line_ids:
                if line.service_id.scope == "device":
                    wanted.update((line.id, device.id) for device in contract.device_ids)
                else:
                    wanted.add((line.id, False))
            existing = {}
            for entitlement in contract.sudo().with_context(active_test=False).entitlement_ids:
                key = (entitlement.package_line_id.id, entitlement.device_id.id or False)
                existing[key] = entitlement
                if key not in wanted:
                    obsolete |= entitlement.filtered("active")
                elif not entitlement.active:
                    revived |= entitlement
            to_create += [
                {"contract_id": contract.id, "package_line_id": line_id, "device_id": device_id}
                for line_id, device_id in sorted(wanted - existing.keys(), key=str)
            ]
        revived.active = True
        obsolete.filtered("usage_ids").active = False
        obsolete.filtered(lambda e: not e.usage_ids).unlink()
        Entitlement.create(to_create)

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Service Contract %(name)s", name=self.name)
