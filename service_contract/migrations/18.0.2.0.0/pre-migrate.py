# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Existing contracts keep their currency: they get no pricelist.

18.0.2.0.0 gives contracts a pricelist (``pricelist_id``, proposed from the
customer's) and takes their currency from it (``currency_id``, before a
field related to the company's currency). When an update creates the column
of a new stored computed field, Odoo computes the field on every existing
row (``BaseModel._auto_init``: ``Field.update_db`` returns True for a column
it had to create, and the field is added to the computations due). Draft
contracts would then take their customer's pricelist of today and switch to
its currency, their prices entered in the company's currency (started
contracts skip the computation: only drafts follow their customer), and the
currency check would stop the update at the first such draft.

Creating the column here, before the models are loaded, leaves nothing for
the ORM to create, so nothing is computed: existing contracts keep no
pricelist, and ``currency_id``, whose column exists, keeps each contract's
currency (the company's). The ORM adds the foreign key as usual. New
contracts, and drafts whose customer changes, get a pricelist.
"""

from odoo.tools import sql


def migrate(cr, version):
    if not sql.column_exists(cr, "service_contract", "pricelist_id"):
        sql.create_column(cr, "service_contract", "pricelist_id", "int4")
