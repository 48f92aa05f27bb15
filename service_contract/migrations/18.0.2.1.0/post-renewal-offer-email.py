# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Existing templates send renewal offers with the new renewal email.

18.0.2.1.0 gives templates a renewal offer email (``renewal_mail_template_id``)
whose default is the data template *Service Contract: Renewal Offer*. When an
update creates the field's column, that data template is not loaded yet, so
the existing templates would get no email (and the quotation's Send button
would propose Odoo's plain quotation email). After the update has loaded the
data, they get the default, as new templates do.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    mail_template = env.ref("service_contract.mail_template_renewal_offer", raise_if_not_found=False)
    if not mail_template:
        return
    templates = (
        env["service.contract.template"]
        .with_context(active_test=False)
        .search([("renewal_mail_template_id", "=", False)])
    )
    templates.renewal_mail_template_id = mail_template
