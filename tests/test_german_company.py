"""A German company set up as a new user does it, with the project's venv:
a database created by Odoo's database manager for Germany in German,
Invoicing installed from Apps (which brings ``l10n_de`` with SKR03 and
auto-installs ``account_peppol``, ``account_qr_code_sepa``), our addons on
top, and one contract billed with 19 % VAT on account 8400. Without
``phonenumbers`` in the venv Invoicing does not install (``account_peppol``
needs it); without ``rl-renderPM`` the invoice's SEPA QR code does not
render."""

import json
import subprocess
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest

from conftest import OUR_ADDONS, free_port, log_problems, wait_until_up

# Modules Odoo installs by itself for a company in Germany once Invoicing is.
GERMAN_MODULES = ("l10n_de", "l10n_din5008", "account_peppol", "account_qr_code_sepa")

BILL = """
import json
from datetime import date
from odoo import Command

company = env.company
chart = env["account.chart.template"].with_company(company)
# "QR codes" in the Invoicing settings and a bank account: the SEPA QR code
# (Girocode) on the invoice, rendered by ir.actions.report.barcode().
company.qr_code = True
env["res.partner.bank"].create(
    {"acc_number": "DE89 3704 0044 0532 0130 00", "partner_id": company.partner_id.id}
)
customer = env["res.partner"].create({
    "name": "Klinikum Musterstadt GmbH", "street": "Hauptstraße 1", "zip": "10115",
    "city": "Berlin", "country_id": env.ref("base.de").id,
})
fee = env["product.product"].create(
    {"name": "Wartungspauschale", "type": "service", "list_price": 100}
)
template = env["service.contract.template"].create({
    "name": "Wartung monatlich", "billing_interval": "monthly", "billing_timing": "advance",
    "duration": 12, "billing_product_ids": [Command.set(fee.ids)],
})
contract = env["service.contract"].create({
    "partner_id": customer.id, "template_id": template.id, "date_start": date(2026, 1, 1),
    "line_ids": [Command.create({"product_id": fee.id, "price_unit": 100})],
})
contract.action_start()
run = env["service.contract.billing.run"].create(
    {"date_cutoff": date(2026, 1, 31), "template_id": template.id}
)
run.action_run()
invoice = run.move_ids
invoice.action_post()
line = invoice.invoice_line_ids
tax_lines = invoice.line_ids.filtered(lambda l: l.display_type == "tax")
# The deferral settings: proposed at install for the company that had its
# chart (SKR03), and when a chart is loaded later (SKR04 for a second company).
def deferral_settings(company):
    company = company.with_company(company)  # an account's code is per company
    return [
        company.service_contract_deferred_revenue_account_id.code,
        company.service_contract_prepaid_expense_account_id.code,
        company.service_contract_deferral_journal_id.type,
        company.service_contract_deferral_journal_id.company_id == company,
    ]
skr04 = env["res.company"].create({"name": "Tochter GmbH", "country_id": env.ref("base.de").id})
env.user.company_ids += skr04
env["account.chart.template"].try_loading("de_skr04", skr04, install_demo=False)
try:
    qr_code = invoice._generate_qr_code() or ""
except Exception as error:  # reported below, with the other facts
    qr_code = f"{type(error).__name__}: {error}"
print("FACTS", json.dumps({
    "run": run.state,
    "invoices": len(invoice),
    "invoice": [invoice.move_type, invoice.state, invoice.currency_id.name],
    "lines": len(line),
    "account": line.account_id.code,
    "account_is_8400_of_skr03": line.account_id == chart.ref("account_8400"),
    "taxes": [[t.amount, t.type_tax_use] for t in line.tax_ids],
    "tax_is_19_of_skr03": line.tax_ids == chart.ref("tax_ust_19_skr03"),
    "tax_line_accounts": tax_lines.account_id.mapped("code"),
    "line_amounts": [line.price_subtotal, line.price_total],
    "amounts": [invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total],
    "qr_code": [invoice.qr_code_method, qr_code[:22 if qr_code.startswith("data:") else 300]],
    "service_period": [str(line.service_start_date), str(line.service_end_date)],
    "deferral_settings": deferral_settings(company),
    "deferral_settings_skr04": deferral_settings(skr04),
}))
"""

EXPECTED = {
    "run": "done",
    "invoices": 1,
    "invoice": ["out_invoice", "posted", "EUR"],
    "lines": 1,
    "account": "8400",  # SKR03: Erlöse 19 % USt
    "account_is_8400_of_skr03": True,
    "taxes": [[19.0, "sale"]],
    "tax_is_19_of_skr03": True,
    "tax_line_accounts": ["1776"],  # SKR03: Umsatzsteuer 19 %
    "line_amounts": [100.0, 119.0],
    "amounts": [100.0, 19.0, 119.0],
    "qr_code": ["sct_qr", "data:image/png;base64,"],
    "service_period": ["2026-01-01", "2026-01-31"],
    # SKR03: 0990 Passive / 0980 Aktive Rechnungsabgrenzung; the Miscellaneous journal.
    "deferral_settings": ["0990", "0980", "general", True],
    # SKR04: 3900 Passive / 1900 Aktive Rechnungsabgrenzung.
    "deferral_settings_skr04": ["3900", "1900", "general", True],
}


def rpc(opener, url, params, timeout=600):
    """One JSON-RPC call; returns (result, error)."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=timeout) as response:
        body = json.loads(response.read())
    return body.get("result"), body.get("error")


def error_text(error):
    data = (error or {}).get("data") or {}
    return data.get("message") or json.dumps(error)[:3000]


@pytest.fixture
def german_db(odoo):
    db = f"{odoo.db}_german_{uuid.uuid4().hex[:6]}"
    yield db
    odoo.drop_db(db)


def create_and_install_invoicing(odoo, db, log_path):
    """A server with the database manager: create ``db`` for Germany in
    German, log in as admin and install Invoicing from Apps."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            odoo.command(
                f"--db-filter=^{db}$",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                "--max-cron-threads=0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        wait_until_up(url, proc, log_path)
        # What /web/database/manager sends: master password, name, demo,
        # language, admin password, login, country, phone.
        _result, error = rpc(opener, url + "/jsonrpc", {
            "service": "db",
            "method": "create_database",
            "args": ["admin", db, False, "de_DE", "admin", "admin", "DE", ""],
        })
        assert not error, f"creating {db} failed: {error_text(error)}"
        session, error = rpc(
            opener,
            url + "/web/session/authenticate",
            {"db": db, "login": "admin", "password": "admin"},
        )
        assert not error and session["uid"], error_text(error)
        kw = "/web/dataset/call_kw/ir.module.module/"
        ids, error = rpc(opener, url + kw + "search", {
            "model": "ir.module.module", "method": "search",
            "args": [[("name", "=", "account")]], "kwargs": {},
        })
        assert not error and len(ids) == 1, error_text(error)
        _result, error = rpc(opener, url + kw + "button_immediate_install", {
            "model": "ir.module.module", "method": "button_immediate_install",
            "args": [ids], "kwargs": {},
        })
        assert not error, f"installing Invoicing failed: {error_text(error)}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return log_path.read_text()


def test_german_company_bills_19_percent_vat_on_8400(odoo, german_db, tmp_path):
    db = german_db
    log = create_and_install_invoicing(odoo, db, tmp_path / "server.log")
    assert not log_problems(log), "the database manager / Apps logged:\n" + "\n".join(
        log_problems(log)
    )
    ((country, currency, chart_template, lang),) = odoo.query(
        db,
        """
        SELECT country.code, currency.name, company.chart_template, partner.lang
          FROM res_company company
          JOIN res_partner partner ON partner.id = company.partner_id
          JOIN res_country country ON country.id = partner.country_id
          JOIN res_currency currency ON currency.id = company.currency_id
         WHERE company.id = 1
        """,
    )
    assert (country, currency, chart_template) == ("DE", "EUR", "de_skr03")
    states = dict(
        odoo.query(
            db,
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            (GERMAN_MODULES,),
        )
    )
    assert states == dict.fromkeys(GERMAN_MODULES, "installed"), states

    code, log = odoo.run("-d", db, "-i", ",".join(OUR_ADDONS), "--stop-after-init", "--no-http")
    assert code == 0, log[-3000:]
    assert not log_problems(log), "installing our addons logged:\n" + "\n".join(
        log_problems(log)
    )

    code, log = odoo.run("-d", db, "--no-http", subcommand="shell", stdin=BILL)
    assert code == 0 and "FACTS" in log, log[-5000:]
    facts = json.loads(log.split("FACTS", 1)[1].splitlines()[0])
    print("German company (lang", lang, "):", json.dumps(facts, ensure_ascii=False))
    assert facts == EXPECTED, log[-3000:]
    assert not log_problems(log), "billing logged:\n" + "\n".join(log_problems(log))
