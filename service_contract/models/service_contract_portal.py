# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: What customers see of a contract's state in the portal.
PORTAL_STATES = [
    ("active", "Active"),
    ("paused", "Paused"),
    ("ending", "Ending"),
    ("ended", "Ended"),
]
#: Badge colour of each portal state.
PORTAL_STATE_BADGES = {
    "active": "text-bg-success",
    "paused": "text-bg-warning",
    "ending": "text-bg-warning",
    "ended": "text-bg-secondary",
}


class ServiceContractPortalMixin(models.AbstractModel):
    """How a contract presents itself to its customer in the portal: a
    customer-facing state (the internal *To Renew* is simply active) and
    what it costs per period and how it is billed."""

    _name = "service.contract.portal.mixin"
    _description = "Service Contract in the Portal"

    portal_state = fields.Selection(
        PORTAL_STATES,
        string="Status",
        compute="_compute_portal_state",
        help="The state as the customer sees it: running and to renew are "
        "active; a terminated contract is ending until its end date, then ended.",
    )

    @api.depends("state", "date_end")
    @api.depends_context("date")
    def _compute_portal_state(self):
        today = fields.Date.context_today(self)
        for contract in self:
            state = contract.state
            if state in ("running", "to_renew"):
                contract.portal_state = "active"
            elif state == "paused":
                contract.portal_state = "paused"
            elif state == "terminated" and contract.date_end and contract.date_end >= today:
                contract.portal_state = "ending"
            elif state in ("terminated", "expired"):
                contract.portal_state = "ended"
            else:
                contract.portal_state = False

    def _get_portal_state_badge(self):
        """The Bootstrap class of the portal state's badge."""
        self.ensure_one()
        return PORTAL_STATE_BADGES.get(self.portal_state, "text-bg-secondary")

    def _get_portal_price_lines(self):
        """The contract's billed lines as the customer reads them: one dict
        per line with ``line``, ``name`` (package, service or product),
        ``amount`` (the line's subtotal for one price period), ``period``
        ("per month", ...) and ``interval`` (how it is billed)."""
        self.ensure_one()
        intervals = dict(
            self.env["service.contract.line"]._fields["billing_interval"]._description_selection(
                self.env
            )
        )
        return [
            {
                "line": line,
                "name": (line.package_id or line.service_id or line.product_id).display_name
                or line.name,
                "amount": line.price_subtotal,
                "period": self._get_portal_period_text(line),
                "interval": intervals.get(line.billing_interval, ""),
            }
            for line in self.line_ids.filtered(lambda line: not line.display_type)
        ]

    def _get_portal_price_summary(self):
        """The contract's price in one line per period, e.g. [("per month",
        220.0)]: the line subtotals added up where their periods agree."""
        self.ensure_one()
        totals = {}
        for price_line in self._get_portal_price_lines():
            totals.setdefault(price_line["period"], 0.0)
            totals[price_line["period"]] += price_line["amount"]
        return list(totals.items())

    def _get_portal_billing_intervals(self):
        """How the contract is billed, e.g. "Monthly" (or "Monthly, Yearly"
        when its lines are billed differently)."""
        self.ensure_one()
        intervals = []
        for price_line in self._get_portal_price_lines():
            if price_line["interval"] not in intervals:
                intervals.append(price_line["interval"])
        return ", ".join(filter(None, intervals))

    def _get_portal_period_text(self, line):
        """The period a contract line's price is for, in words: as many
        months as the line's unit price pays for (``_months_per_price``, as
        billing counts them), or once for a one-time payment."""
        texts = {
            1: self.env._("per month"),
            3: self.env._("per quarter"),
            6: self.env._("per half-year"),
            12: self.env._("per year"),
            None: self.env._("once"),
        }
        return texts[line._months_per_price()]
