# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""User formulas of contract templates, evaluated safely.

A formula is one Python expression evaluated by ``odoo.tools.safe_eval`` over
plain values only (strings, numbers, booleans, dates, lists of strings): no
record is ever passed in, so a formula can read the documented variables and
nothing else, and can never call methods of the ORM. Imports, dunder names and
other forbidden constructs are refused by safe_eval's byte-code check.
"""

from datetime import date

from odoo.tools.safe_eval import safe_eval, test_python_expr

#: The variables a formula may use, with a sample value used to validate
#: formulas on save. Keep in step with ``formula_values`` and the readme.
SAMPLE_VALUES = {
    "customer_name": "Sample Customer",
    "customer_ref": "C001",
    "customer_country": "DE",
    "customer_zip": "10115",
    "customer_city": "Berlin",
    "customer_is_company": True,
    "customer_tags": ["Hospital"],
    "customer_lang": "de_DE",
    "order_name": "S00001",
    "order_origin": "",
    "order_tags": ["repair"],
    "order_amount_untaxed": 1000.0,
    "order_amount_total": 1190.0,
    "order_product_codes": ["AC-100"],
    "product_code": "MAINT-M",
    "product_price": 100.0,
    "today": date(2026, 1, 1),
}

FORMULA_HELP = (
    "One Python expression. Variables: customer_name, customer_ref, "
    "customer_country (ISO code), customer_zip, customer_city, "
    "customer_is_company, customer_tags (list of tag names), customer_lang, "
    "order_name, order_origin, order_tags (list), order_amount_untaxed, "
    "order_amount_total, order_product_codes (list of internal references), "
    "product_code and product_price (the billing product), today (date). "
    "Without an originating order, order values are empty or 0."
)


def formula_syntax_error(expression):
    """Return the syntax or safety error of ``expression``, or False."""
    try:
        return test_python_expr(expression.strip(), mode="eval")
    except NameError as error:  # forbidden (dunder) names
        return str(error)


def evaluate_formula(expression, values):
    """Evaluate ``expression`` over the plain ``values``; errors propagate."""
    return safe_eval(expression.strip(), dict(values), mode="eval", nocopy=True)


def formula_values(partner=None, order=None, product=None, today=None):
    """The plain values a formula sees for a customer, an originating sales
    order and a billing product (each optional)."""
    commercial = partner.commercial_partner_id if partner else None
    lines = order.order_line if order else []
    return {
        "customer_name": commercial.name or "" if commercial else "",
        "customer_ref": commercial.ref or "" if commercial else "",
        "customer_country": commercial.country_id.code or "" if commercial else "",
        "customer_zip": commercial.zip or "" if commercial else "",
        "customer_city": commercial.city or "" if commercial else "",
        "customer_is_company": bool(commercial and commercial.is_company),
        "customer_tags": commercial.category_id.mapped("name") if commercial else [],
        "customer_lang": commercial.lang or "" if commercial else "",
        "order_name": order.name or "" if order else "",
        "order_origin": order.origin or "" if order else "",
        "order_tags": order.tag_ids.mapped("name") if order else [],
        "order_amount_untaxed": order.amount_untaxed if order else 0.0,
        "order_amount_total": order.amount_total if order else 0.0,
        "order_product_codes": [
            code for code in (line.product_id.default_code for line in lines) if code
        ],
        "product_code": product.default_code or "" if product else "",
        "product_price": product.lst_price if product else 0.0,
        "today": today or date.today(),
    }
