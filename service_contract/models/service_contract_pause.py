# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractPause(models.Model):
    """A pause (Pausenzeit): no billing for its days; whether it extends the
    term follows the template's pause policy."""

    _name = "service.contract.pause"
    _description = "Service Contract Pause"
    _order = "contract_id, date_start"

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    reason = fields.Char(required=True)
    duration_days = fields.Integer(compute="_compute_duration_days", store=True)
    extends_term = fields.Boolean(
        compute="_compute_extends_term",
        store=True,
        readonly=False,
        precompute=True,
        help="Whether the contract's end moves by the pause's days. Set by the "
        "template's pause policy, unless it lets the user decide.",
    )
    user_decides = fields.Boolean(compute="_compute_user_decides")

    @api.depends("date_start", "date_end")
    def _compute_duration_days(self):
        for pause in self:
            pause.duration_days = (
                (pause.date_end - pause.date_start).days + 1
                if pause.date_start and pause.date_end
                else 0
            )

    @api.depends("contract_id.template_id.pause_policy")
    def _compute_user_decides(self):
        for pause in self:
            policy = pause.contract_id.template_id.pause_policy or "user_decides"
            pause.user_decides = policy == "user_decides"

    @api.model
    def _policy_extends_term(self, contract):
        """True or False when the contract's pause policy decides whether its
        pauses extend the term; None when the user decides per pause."""
        policy = contract.template_id.pause_policy
        if policy == "always_extend":
            return True
        if policy in ("never_extend", "no_pauses"):
            return False
        return None

    @api.depends("contract_id.template_id.pause_policy")
    def _compute_extends_term(self):
        for pause in self:
            decided = self._policy_extends_term(pause.contract_id)
            if decided is not None:
                pause.extends_term = decided

    @api.constrains("date_start", "date_end", "contract_id", "extends_term")
    def _check_pause(self):
        for pause in self:
            contract = pause.contract_id
            policy = contract.template_id.pause_policy
            if policy == "no_pauses":
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s does not allow pauses (template %(template)s).",
                        contract=contract.display_name,
                        template=contract.template_id.name,
                    )
                )
            if pause.date_end < pause.date_start:
                raise ValidationError(
                    self.env._("A pause cannot end before it starts.")
                )
            if pause.date_start < contract.date_start or (
                contract.date_end_agreed and pause.date_start > contract.date_end_agreed
            ):
                raise ValidationError(
                    self.env._(
                        "The pause from %(start)s to %(end)s lies outside the term of "
                        "contract %(contract)s.",
                        start=pause.date_start,
                        end=pause.date_end,
                        contract=contract.display_name,
                    )
                )
            decided = self._policy_extends_term(contract)
            if decided is not None and pause.extends_term != decided:
                raise ValidationError(
                    self.env._(
                        "The pause policy of template %(template)s decides whether "
                        "pauses extend the term of contract %(contract)s.",
                        template=contract.template_id.name,
                        contract=contract.display_name,
                    )
                )
            overlapping = contract.pause_ids.filtered(
                lambda other, pause=pause: other != pause
                and other.date_start <= pause.date_end
                and pause.date_start <= other.date_end
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "The pause from %(start)s to %(end)s overlaps another pause of "
                        "contract %(contract)s.",
                        start=pause.date_start,
                        end=pause.date_end,
                        contract=contract.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        pauses = super().create(vals_list)
        pauses.contract_id._pauses_changed()
        return pauses

    def write(self, vals):
        result = super().write(vals)
        self.contract_id._pauses_changed()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts._pauses_changed()
        return result
