# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""User formulas of contract templates, evaluated safely.

A formula is one Python expression evaluated by ``odoo.tools.safe_eval`` over
plain values only (strings, numbers, booleans, dates, lists of strings): no
record is ever passed in, so a formula can read the documented variables and
nothing else, and can never call methods of the ORM. Imports, dunder names and
other forbidden constructs are refused by safe_eval's byte-code check.

safe_eval cannot stop a single operation that runs long or builds a huge
value (``9 ** 9 ** 9``, ``'a' * 10 ** 10``, a comprehension over
``range(10 ** 9)``): Python runs it to the end before any time limit could
act. So a formula is also checked on its syntax tree: only expressions over
the documented variables with a short list of functions and methods, no
loops (comprehensions, generators, lambdas), no assignment, no bit shifts
or string formatting; and the operators that make values grow (``+``,
``*``, ``**``) go through functions that refuse a result larger than
``MAX_SIZE`` items or ``MAX_INT_DIGITS`` digits before computing it.
"""

import ast
from datetime import date

from odoo.exceptions import UserError
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
    "Without an originating order, order values are empty or 0. Functions: "
    "abs, all, any, bool, float, int, len, list, max, min, round, set, sorted, "
    "str, sum, tuple; no loops (for), no lambda."
)


#: Largest string, list, tuple, set or dict (characters or items, nested
#: ones counted in) a formula may build.
MAX_SIZE = 100_000
#: Largest whole number (decimal digits) a formula may build.
MAX_INT_DIGITS = 1_000
_MAX_INT_BITS = MAX_INT_DIGITS * 10 // 3

#: Functions a formula may call.
FUNCTIONS = frozenset(
    "abs all any bool float int len list max min round set sorted str sum tuple".split()
)
_NAMES = FUNCTIONS | frozenset(SAMPLE_VALUES)
#: Attributes and methods a formula may use (of dates, strings and lists).
ATTRIBUTES = frozenset(
    "year month day weekday isoweekday "
    "lower upper casefold title capitalize strip lstrip rstrip startswith endswith "
    "isdigit isalpha isalnum isspace count find index split".split()
)
_NODES = (
    ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Attribute, ast.Subscript,
    ast.Slice, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Call, ast.keyword,
    ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.UAdd, ast.USub, ast.Not,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In,
    ast.NotIn, ast.Is, ast.IsNot, ast.IfExp,
)
_LOOPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension)
_CONSTRUCTS = {
    ast.Lambda: "lambda",
    ast.NamedExpr: ":=",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.Starred: "*",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.MatMult: "@",
}
#: Operators computed by a guard function of ``_guards`` (names without
#: double underscores, which safe_eval would refuse).
_GUARDED = {ast.Add: "_sc_add", ast.Mult: "_sc_mul", ast.Pow: "_sc_pow", ast.Mod: "_sc_mod"}


class FormulaError(UserError):
    """A formula breaks a rule of formulas; the message is translated.

    A UserError, so that safe_eval passes it on unchanged."""


def formula_syntax_error(expression, env):
    """Return the syntax or safety error of ``expression``, or False."""
    try:
        error = test_python_expr(expression.strip(), mode="eval")
    except NameError as name_error:  # forbidden (dunder) names
        return str(name_error)
    if error:
        return error
    try:
        _guarded_source(expression, env)
    except FormulaError as formula_error:
        return formula_error.args[0]
    return False


def evaluate_formula(expression, values, env):
    """Evaluate ``expression`` over the plain ``values``; errors propagate,
    a size limit or a forbidden construct as a ``FormulaError``."""
    source = _guarded_source(expression, env)
    try:
        return safe_eval(source, {**values, **_guards(env)}, mode="eval", nocopy=True)
    except ValueError as error:
        # safe_eval wraps the formula's own error in one quoting the guarded
        # source, which is not what the user wrote: report the original.
        raise (error.__context__ or error) from None


def _guarded_source(expression, env):
    """The formula with its growing operators replaced by guard calls;
    a ``FormulaError`` when it uses what formulas may not."""
    tree = ast.parse(expression.strip(), mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, _LOOPS):
            raise FormulaError(
                env._(
                    "comprehensions and generator expressions (for ... in ...) are not "
                    "allowed in a formula."
                )
            )
        if not isinstance(node, _NODES):
            construct = _CONSTRUCTS.get(type(node), type(node).__name__)
            raise FormulaError(
                env._("%(construct)s is not allowed in a formula.", construct=construct)
            )
        if isinstance(node, ast.Name) and node.id not in _NAMES:
            raise FormulaError(
                env._(
                    "%(name)s is not allowed in a formula: use its variables and the "
                    "functions %(functions)s.",
                    name=node.id,
                    functions=", ".join(sorted(FUNCTIONS)),
                )
            )
        if isinstance(node, ast.Attribute) and node.attr not in ATTRIBUTES:
            raise FormulaError(
                env._(
                    "%(name)s is not allowed in a formula: use the attributes and "
                    "methods %(attributes)s.",
                    name=node.attr,
                    attributes=", ".join(sorted(ATTRIBUTES)),
                )
            )
    tree = ast.fix_missing_locations(_GuardOperators().visit(tree))
    return ast.unparse(tree)


class _GuardOperators(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        guard = _GUARDED.get(type(node.op))
        if not guard:
            return node
        return ast.Call(
            func=ast.Name(id=guard, ctx=ast.Load()), args=[node.left, node.right], keywords=[]
        )


def _size(value):
    """Characters or items of ``value``, nested ones counted in."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, dict):
        return len(value) + sum(_size(k) + _size(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) + sum(_size(item) for item in value)
    return 1


def _guards(env):
    """The functions computing the guarded operators, and ``round``."""

    def too_large():
        return FormulaError(
            env._(
                "the formula builds a value too large (more than %(size)s characters "
                "or items, or a number of more than %(digits)s digits).",
                size=MAX_SIZE,
                digits=MAX_INT_DIGITS,
            )
        )

    def is_int(value):
        return isinstance(value, int)

    def is_sequence(value):
        return isinstance(value, str | bytes | list | tuple)

    def check_int(bits):
        if bits > _MAX_INT_BITS:
            raise too_large()

    def check_size(size):
        if size > MAX_SIZE:
            raise too_large()

    def add(left, right):
        if is_sequence(left) and is_sequence(right):
            check_size(_size(left) + _size(right))
        return left + right

    def mul(left, right):
        if is_int(left) and is_int(right):
            check_int(left.bit_length() + right.bit_length())
        elif is_sequence(left) and is_int(right):
            check_size(_size(left) * right)
        elif is_int(left) and is_sequence(right):
            check_size(left * _size(right))
        return left * right

    def power(base, exponent):
        if is_int(base) and is_int(exponent) and exponent > 0 and abs(base) > 1:
            check_int(base.bit_length() * exponent)
        return base**exponent

    def modulo(left, right):
        if isinstance(left, str | bytes):
            raise FormulaError(env._("formatting strings is not allowed in a formula."))
        return left % right

    def guarded_round(number, ndigits=None):
        if ndigits is not None and abs(ndigits) > MAX_INT_DIGITS:
            raise too_large()
        return round(number, ndigits)

    return {
        "_sc_add": add,
        "_sc_mul": mul,
        "_sc_pow": power,
        "_sc_mod": modulo,
        "round": guarded_round,
    }


def formula_values(partner=None, order=None, product=None, today=None):
    """The plain values a formula sees for a customer, an originating sales
    order and a billing product (each optional). Amounts are in the
    company's currency (an order in another currency converted at its
    date's rate), so a price formula gives a price in the company's currency."""
    commercial = partner.commercial_partner_id if partner else None
    lines = order.order_line if order else []

    def company_amount(amount):
        company = order.company_id
        day = order.date_order.date() if order.date_order else None
        return order.currency_id._convert(amount, company.currency_id, company, day)

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
        "order_amount_untaxed": company_amount(order.amount_untaxed) if order else 0.0,
        "order_amount_total": company_amount(order.amount_total) if order else 0.0,
        "order_product_codes": [
            code for code in (line.product_id.default_code for line in lines) if code
        ],
        "product_code": product.default_code or "" if product else "",
        "product_price": product.lst_price if product else 0.0,
        "today": today or date.today(),
    }
