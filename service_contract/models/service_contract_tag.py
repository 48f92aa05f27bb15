# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from random import randint

from odoo import fields, models


class ServiceContractTag(models.Model):
    """A free label to sort contracts by, like the tags of sales orders."""

    _name = "service.contract.tag"
    _description = "Service Contract Tag"
    _order = "name, id"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A tag with this name already exists."),
    ]
