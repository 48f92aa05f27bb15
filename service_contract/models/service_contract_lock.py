# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Started contracts are protected, as Odoo protects a confirmed sales order.

Once a contract is no longer a draft, the fields that define what it bills
(``LOCKED_FIELDS``) cannot be written in place, and its billed lines and
covered devices can be neither added nor removed: changes go through the
explicit actions of the *Change Contract* wizard, which leave a trace in the
chatter. A terminated or expired contract is read-only altogether, except for
its chatter, activities, followers and the fields of ``ENDED_EDITABLE``.

The explicit actions and the system's own writes (termination, renewal, a
price change of the catalog, delivered serial numbers) unlock the records with
``_unlocked()``: a context value of the private type ``_Unlock``. A context
passed by RPC or an import holds only JSON values, never an ``_Unlock``, so
it cannot unlock anything.
"""

from odoo import api, models
from odoo.exceptions import UserError

#: States in which a contract is read-only.
ENDED_STATES = ("terminated", "expired")
#: Per model, the fields that define billing: locked once the contract has started.
LOCKED_FIELDS = {
    "service.contract": {
        "direction",
        "partner_id",
        "pricelist_id",
        "currency_id",
        "template_id",
        "company_id",
        "date_start",
        "date_end_agreed",
    },
    "service.contract.line": {
        "contract_id",
        "display_type",
        "package_id",
        "service_id",
        "product_id",
        "quantity",
        "price_unit",
        "price_period",
        "discount",
        "billing_interval",
        "billing_timing",
        "date_start",
        "date_end",
    },
    "service.contract.device": {"contract_id", "product_id", "date_start", "date_end"},
}
#: Fields a terminated or expired contract still lets users change: who looks
#: after it, how it is found (tags, archive) and when to contact the customer.
ENDED_EDITABLE = {"user_id", "tag_ids", "active", "next_contact_date", "state"}
#: Models whose fields (messages, followers, activities, portal token) stay
#: writable on a locked contract.
UNLOCKED_MIXINS = ("mail.thread", "mail.activity.mixin", "portal.mixin")
CONTEXT_KEY = "service_contract_unlock"


class _Unlock(str):
    """The context value that unlocks: a ``str`` so that a context holding
    it still serializes, but what comes back from JSON is a plain ``str``."""


UNLOCK = _Unlock(CONTEXT_KEY)


class ServiceContractLockMixin(models.AbstractModel):
    """Refuses writes that would change a started contract's billing in
    place (see the module docstring); inherited by contracts, their lines
    and their covered devices."""

    _name = "service.contract.lock.mixin"
    _description = "Lock of Started Service Contracts"

    def _unlocked(self):
        """These records, allowed to change what their started contract
        bills: for the explicit actions and the system's own writes."""
        return self.with_context(**{CONTEXT_KEY: UNLOCK})

    def _is_unlocked(self):
        return isinstance(self.env.context.get(CONTEXT_KEY), _Unlock)

    def _lock_contract(self):
        """The contract of this record."""
        self.ensure_one()
        return self if self._name == "service.contract" else self.contract_id

    def _locked_fields(self):
        """The fields locked once the contract has started; extension hook."""
        return LOCKED_FIELDS[self._name]

    def _ended_editable_fields(self):
        """The fields still writable on a terminated or expired contract:
        those of ``ENDED_EDITABLE`` and of the mail and portal mixins. Its
        lines and devices are read-only."""
        if self._name != "service.contract":
            return set()
        editable = set(ENDED_EDITABLE)
        for mixin in UNLOCKED_MIXINS:
            editable.update(self.env[mixin]._fields)
        return editable

    def _check_lock(self, fnames=None):
        """Raise when writing ``fnames`` (None: adding or removing the
        record) would change a started contract in place."""
        if self._is_unlocked():
            return
        for record in self:
            contract = record._lock_contract()
            if not contract or contract.state == "draft":
                continue
            ended = contract.state in ENDED_STATES
            if fnames is None:
                if ended or not record._lock_may_add_or_remove():
                    raise record._lock_error(contract, ended)
                continue
            if ended:
                editable = record._ended_editable_fields()
                blocked = {
                    name
                    for name in fnames
                    if name in self._fields and not self._fields[name].readonly
                    and name not in editable
                }
            else:
                blocked = fnames & record._locked_fields()
            if blocked:
                raise record._lock_error(contract, ended, blocked)

    def _lock_may_add_or_remove(self):
        """Whether this record may be removed from a running contract:
        sections and notes may, what bills may not."""
        return bool("display_type" in self._fields and self.display_type)

    def _lock_error(self, contract, ended, fnames=None):
        states = dict(contract._fields["state"]._description_selection(self.env))
        if ended:
            return UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s and can no longer be changed.",
                    contract=contract.display_name,
                    state=states[contract.state],
                )
            )
        if fnames is None:
            return UserError(
                self.env._(
                    "Contract %(contract)s has started: add lines and devices from a date, "
                    "or end them at a date, with the actions Add Line, Add Device and End "
                    "on the contract.",
                    contract=contract.display_name,
                )
            )
        labels = sorted(self._fields[name]._description_string(self.env) for name in fnames)
        return UserError(
            self.env._(
                "Contract %(contract)s has started: %(fields)s can no longer be changed in "
                "place. Use the contract's actions (Change Price, Add Line, Add Device, End, "
                "Change End Date), which apply a change from a date and record it.",
                contract=contract.display_name,
                fields=", ".join(labels),
            )
        )

    def action_change_contract(self):
        """Open the Change Contract wizard for the change the button names
        in its context (``change``), on this contract, line or device."""
        self.ensure_one()
        change = self.env.context.get("change")
        wizard = self.env["service.contract.change.wizard"]
        labels = dict(wizard._fields["change"]._description_selection(self.env))
        if change not in labels:
            raise UserError(self.env._("Unknown change of a contract: %(change)s", change=change))
        context = {
            "default_contract_id": self._lock_contract().id,
            "default_change": change,
        }
        if self._name == "service.contract.line":
            context["default_line_id"] = self.id
        elif self._name == "service.contract.device":
            context["default_device_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": labels[change],
            "res_model": wizard._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _track_subtype(self, init_values):
        """Tracked changes of a started contract reach its followers
        (subtype Contract Changed); called on contracts only."""
        self.ensure_one()
        if self.state != "draft":
            return self.env.ref("service_contract.mt_contract_changed")
        return super()._track_subtype(init_values)

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if self._name != "service.contract" and not self._is_unlocked():
            Contract = self.env["service.contract"]
            for vals in vals_list:
                contract = Contract.browse(vals.get("contract_id"))
                if contract and contract.state != "draft":
                    ended = contract.state in ENDED_STATES
                    if ended or not vals.get("display_type"):
                        raise self._lock_error(contract, ended)
        return super().create(vals_list)

    def write(self, vals):
        if (
            self._name == "service.contract"
            and vals.get("state") == "draft"
            and not self._is_unlocked()
        ):
            started = self.filtered(lambda contract: contract.state != "draft")[:1]
            if started:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has started and cannot become a draft again.",
                        contract=started.display_name,
                    )
                )
        self._check_lock(set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        """Billed lines and devices of a started contract are ended, not
        deleted; uninstalling the addon removes them all the same."""
        self._check_lock()
