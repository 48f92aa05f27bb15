"""An upgrade keeps every contract's billing schedule and amounts.

A database is made with the addons as released at commit ``0a1a3e0`` (the
last commit before the issue that reshapes contract lines: lines get their
own billing interval and timing, package, service and price-period fields,
billing dates a device) and their demo data, and billed up to the end of
this month. Then it is upgraded to the addons of the working tree, and:

1. the upgrade exits cleanly and logs no WARNING, ERROR or CRITICAL line;
2. every billing date (contract, product, period, date, kind, state,
   quantity, unit price, amount, the invoice line that billed it), every
   contract's state and term, every invoice of the billing runs and the
   billing fields of every template (defined by service_contract at the
   baseline, by service_contract_billing since) are as before;
3. recomputing every contract's schedule with the new code changes none of
   that (dates still to bill may be made anew, with new ids);
4. a billing run with the same cut-off bills nothing: each period was
   billed exactly once across the upgrade.

The baseline addons come from git (``git archive``); a clone without that
commit (a shallow one) fails the test rather than skipping it.
"""

import calendar
import datetime
import json
import os
import shutil
import subprocess
import time
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest

from conftest import OUR_ADDONS, log_problems

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE = "0a1a3e0"
# Odoo's options for every run: no HTTP server, no cron thread.
QUIET = ("--no-http", "--max-cron-threads=0")

BILL = """
import json
from datetime import date

results = []
for company in env["service.contract"].search([]).company_id:
    run = env["service.contract.billing.run"].with_company(company).create(
        {{"date_cutoff": date.fromisoformat({cutoff!r}), "company_id": company.id}}
    )
    run.action_run()
    env.cr.commit()
    results.append({{
        "company": company.name, "state": run.state, "invoices": len(run.move_ids),
        "errors": [f"{{e.contract_id.name}}: {{e.message}}" for e in run.error_ids],
    }})
print("BILLING_RUNS", json.dumps(results))
"""

RESYNC = """
contracts = env["service.contract"].with_context(active_test=False).search([])
contracts._sync_billing_dates()
env.cr.commit()
print("RESYNCED", len(contracts))
"""

# A template with the billing fields (owned by service_contract at BASELINE,
# by service_contract_billing since) away from their defaults: their
# values must survive the upgrade.
PROBE_TEMPLATE = """
template = env["service.contract.template"].create({
    "name": "Upgrade probe", "billing_interval": "monthly", "duration": 12,
    "bill_on_creation": True, "bill_on_creation_count": 3, "print_invoice": False,
    "invoice_report_id": env.ref("service_contract_billing.service_contract_invoice_report").id,
})
env.cr.commit()
print("PROBE_TEMPLATE", template.id)
"""

BILLING_DATE_FIELDS = (
    "contract", "product", "period_start", "period_end", "kind",
    "date", "state", "quantity", "price_unit", "amount", "invoice_line_id",
)
BILLING_DATES = """
SELECT c.name, pt.name->>'en_US', bd.period_start, bd.period_end, bd.kind,
       bd.date, bd.state, bd.quantity, bd.price_unit, bd.amount, bd.invoice_line_id
  FROM service_contract_billing_date bd
  JOIN service_contract_line l ON l.id = bd.line_id
  JOIN service_contract c ON c.id = l.contract_id
  JOIN product_product pp ON pp.id = l.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
"""
CONTRACT_FIELDS = ("contract", "state", "date_start", "date_end")
CONTRACTS = "SELECT name, state, date_start, date_end FROM service_contract"
TEMPLATE_FIELDS = (
    "template", "bill_on_creation", "bill_on_creation_count", "invoice_report", "print_invoice",
)
TEMPLATES = """
SELECT t.name->>'en_US', t.bill_on_creation, t.bill_on_creation_count, r.report_name, t.print_invoice
  FROM service_contract_template t
  LEFT JOIN ir_act_report_xml r ON r.id = t.invoice_report_id
"""
INVOICE_FIELDS = ("invoice_id", "move_type", "partner", "origin", "state", "amount_total")
INVOICES = """
SELECT am.id, am.move_type, p.name, am.invoice_origin, am.state, am.amount_total
  FROM account_move am
  JOIN res_partner p ON p.id = am.partner_id
 WHERE am.service_contract_billing_run_id IS NOT NULL
"""


def plain(value):
    """A value of a row as the assertion messages show it."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def rows(odoo, db, sql, fields):
    return [dict(zip(fields, map(plain, row), strict=True)) for row in odoo.query(db, sql)]


def snapshot(odoo, db):
    return {
        "billing dates": rows(odoo, db, BILLING_DATES, BILLING_DATE_FIELDS),
        "contracts": rows(odoo, db, CONTRACTS, CONTRACT_FIELDS),
        "invoices": rows(odoo, db, INVOICES, INVOICE_FIELDS),
        "templates": rows(odoo, db, TEMPLATES, TEMPLATE_FIELDS),
    }


# How rows of a snapshot are matched: billing dates by contract, product,
# period and kind (not by id: dates still to bill may be made anew).
KEYS = {
    "billing dates": BILLING_DATE_FIELDS[:5],
    "contracts": CONTRACT_FIELDS[:1],
    "invoices": INVOICE_FIELDS[:1],
    "templates": TEMPLATE_FIELDS[:1],
}


def sort_key(values):
    return tuple((value is None, str(value)) for value in values)


def differences(before, after):
    """Readable lines for what differs between two snapshots: per table,
    rows only before (-), only after (+), and changed fields."""
    lines = []
    for table, key_fields in KEYS.items():
        grouped = {"before": defaultdict(list), "after": defaultdict(list)}
        for when, snap in (("before", before), ("after", after)):
            for row in snap[table]:
                grouped[when][tuple(row[f] for f in key_fields)].append(row)
        for key in sorted(set(grouped["before"]) | set(grouped["after"]), key=sort_key):
            old = sorted(grouped["before"].get(key, []), key=lambda r: sort_key(r.values()))
            new = sorted(grouped["after"].get(key, []), key=lambda r: sort_key(r.values()))
            if old == new:
                continue
            name = ", ".join(str(k) for k in key)
            if len(old) == len(new) == 1:
                changed = [
                    f"{field}: {old[0][field]!r} -> {new[0][field]!r}"
                    for field in old[0]
                    if old[0][field] != new[0].get(field)
                ]
                lines.append(f"  {table} [{name}] changed: " + "; ".join(changed))
                continue
            for row in old:
                if row not in new:
                    lines.append(f"  {table} [{name}] - {row}")
            for row in new:
                if row not in old:
                    lines.append(f"  {table} [{name}] + {row}")
    return lines


def assert_same(before, after, what):
    lines = differences(before, after)
    counts = ", ".join(f"{len(before[t])} {t}" for t in KEYS)
    if lines:
        message = f"{what} changed the billing ({counts} before):\n" + "\n".join(lines)
        pytest.fail(message, pytrace=False)


def check_log(code, log, what):
    assert code == 0, f"{what} exited with {code}:\n{log[-4000:]}"
    problems = log_problems(log)
    assert not problems, f"{what} logged:\n" + "\n".join(problems)


def bill(odoo, db, cutoff, addons_path=None):
    """A billing run up to ``cutoff`` per company with contracts, in
    ``odoo-bin shell``; returns what the runs report."""
    code, log = odoo.run(
        "-d", db, *QUIET, subcommand="shell",
        stdin=BILL.format(cutoff=cutoff.isoformat()), addons_path=addons_path,
    )
    check_log(code, log, f"the billing run on {db}")
    marker = [line for line in log.splitlines() if line.startswith("BILLING_RUNS ")]
    assert marker, f"the billing run printed nothing:\n{log[-4000:]}"
    runs = json.loads(marker[-1].split(" ", 1)[1])
    assert runs, "no company has contracts"
    for run in runs:
        assert run["state"] == "done" and not run["errors"], f"a billing run ended badly: {runs}"
    return runs


def count_moves(odoo, db):
    return odoo.query(db, "SELECT count(*) FROM account_move")[0][0]


def extract_baseline(target):
    """Extract our addons as released at BASELINE into ``target`` (git
    archive | tar); fail the test when the repository lacks that commit."""

    def fail(reason):
        pytest.fail(
            f"cannot extract the addons of commit {BASELINE} from {REPO}: {reason}. "
            "The upgrade test needs the repository's history: a full `git clone`, "
            "not a shallow one (`git fetch --unshallow`).",
            pytrace=False,
        )

    if not shutil.which("git"):
        fail("git is not installed")
    found = subprocess.run(
        ["git", "-C", REPO, "cat-file", "-e", f"{BASELINE}^{{commit}}"],
        capture_output=True, text=True, check=False,
    )
    if found.returncode != 0:
        fail(f"the commit is not in the repository ({found.stderr.strip() or 'not found'})")
    # git archive BASELINE <addons> | tar -x -C target
    archive = subprocess.run(
        ["git", "-C", REPO, "archive", BASELINE, *OUR_ADDONS], capture_output=True, check=False
    )
    if archive.returncode != 0:
        fail(f"git archive: {archive.stderr.decode(errors='replace').strip()}")
    untar = subprocess.run(
        ["tar", "-x", "-C", str(target)], input=archive.stdout, capture_output=True, check=False
    )
    if untar.returncode != 0:
        fail(f"tar: {untar.stderr.decode(errors='replace').strip()}")
    for addon in OUR_ADDONS:
        if not (target / addon / "__manifest__.py").is_file():
            fail(f"{addon} is missing from the archive")


@pytest.fixture
def upgrade_db(odoo):
    db = f"{odoo.db}_upgrade_{uuid.uuid4().hex[:6]}"
    yield db
    odoo.drop_db(db)


def test_upgrade_from_baseline_keeps_billing(odoo, upgrade_db, tmp_path):
    db = upgrade_db
    baseline_addons = tmp_path / "baseline"
    baseline_addons.mkdir()
    extract_baseline(baseline_addons)
    # Odoo's own addons, and ours at BASELINE instead of the working tree's.
    addons_path = ",".join(
        [
            path
            for path in odoo.addons_path.split(",")
            if not os.path.isfile(os.path.join(path, OUR_ADDONS[0], "__manifest__.py"))
        ]
        + [str(baseline_addons)]
    )
    today = datetime.date.today()
    # This month's end: the demo contracts (dated from today) have billed
    # periods and periods still to bill.
    cutoff = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    started = time.monotonic()
    timings = []

    def lap(step):
        timings.append(f"{step} {time.monotonic() - started:.0f}s")

    # With demo data: Odoo loads it unless --without-demo.
    code, log = odoo.run(
        "-d", db, "-i", "service_contract_billing,service_contract_stock",
        "--stop-after-init", *QUIET, addons_path=addons_path,
    )
    check_log(code, log, f"installing the addons of {BASELINE}")
    states = dict(
        odoo.query(db, "SELECT name, state FROM ir_module_module WHERE name IN %s", (OUR_ADDONS,))
    )
    assert states == dict.fromkeys(OUR_ADDONS, "installed"), states
    lap("install")

    runs = bill(odoo, db, cutoff, addons_path=addons_path)
    code, log = odoo.run("-d", db, *QUIET, subcommand="shell", stdin=PROBE_TEMPLATE, addons_path=addons_path)
    check_log(code, log, "creating a template with billing fields")
    assert "PROBE_TEMPLATE" in log, log[-4000:]
    before = snapshot(odoo, db)
    probe = [t for t in before["templates"] if t["template"] == "Upgrade probe"]
    assert probe == [{
        "template": "Upgrade probe", "bill_on_creation": True, "bill_on_creation_count": 3,
        "invoice_report": "service_contract_billing.report_contract_invoice", "print_invoice": False,
    }], probe
    billed = [r for r in before["billing dates"] if r["state"] == "billed"]
    to_bill = [r for r in before["billing dates"] if r["state"] == "to_bill"]
    assert billed and to_bill and before["invoices"], (
        f"the baseline's demo billing has {len(billed)} billed dates, {len(to_bill)} to bill "
        f"and {len(before['invoices'])} invoices; the test needs some of each: {runs}"
    )
    moves = count_moves(odoo, db)
    lap("baseline billed")

    code, log = odoo.run("-d", db, "-u", ",".join(OUR_ADDONS), "--stop-after-init", *QUIET)
    check_log(code, log, "upgrading to the working tree's addons")
    states = dict(
        odoo.query(db, "SELECT name, state FROM ir_module_module WHERE name IN %s", (OUR_ADDONS,))
    )
    assert states == dict.fromkeys(OUR_ADDONS, "installed"), states
    assert_same(before, snapshot(odoo, db), "the upgrade")
    lap("upgrade")

    code, log = odoo.run("-d", db, *QUIET, subcommand="shell", stdin=RESYNC)
    check_log(code, log, "recomputing every schedule")
    assert "RESYNCED" in log, log[-4000:]
    assert_same(before, snapshot(odoo, db), "recomputing every schedule after the upgrade")
    lap("schedules recomputed")

    again = bill(odoo, db, cutoff)
    assert count_moves(odoo, db) == moves, f"billing again up to {cutoff} made invoices: {again}"
    assert_same(before, snapshot(odoo, db), f"billing again up to {cutoff}")
    lap("billed again")

    print(
        f"\n{len(before['contracts'])} contracts, {len(before['billing dates'])} billing dates "
        f"({len(billed)} billed, {len(to_bill)} to bill), {len(before['invoices'])} invoices "
        f"billed up to {cutoff}, kept across the upgrade; " + ", ".join(timings)
    )
