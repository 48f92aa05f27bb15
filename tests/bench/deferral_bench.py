# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the month-end deferral run (issue #14).

Run inside ``odoo-bin shell`` on a THROW-AWAY database with
service_contract_billing installed (it commits)::

    DEFERRAL_BENCH_LINES=20000 odoo-bin shell -d sc_bench_deferrals \\
        --addons-path=... < tests/bench/deferral_bench.py

It creates DEFERRAL_BENCH_LINES deferrable customer-invoice lines (10 per
invoice, yearly service period, posted in January of next year), then runs
the deferral run for January batch by batch, committing after each batch as
the cron runner does, and prints the seconds per batch and in total, and
that a second run books nothing.
"""
# pylint: skip-file
import os
import time
from datetime import date

from odoo import Command

env = env  # noqa: F821 - given by odoo-bin shell
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
lines_wanted = int(os.environ.get("DEFERRAL_BENCH_LINES", "20000"))
batch_size = int(os.environ.get("DEFERRAL_BENCH_BATCH", "1000"))
year = date.today().year + 1
company = env.company
Account = env["account.account"]
company.write({
    "service_contract_deferred_revenue_account_id": (
        Account.search([("code", "=", "BENCHDEF")], limit=1)
        or Account.create({"name": "Bench Deferred Revenue", "code": "BENCHDEF",
                           "account_type": "liability_current"})
    ).id,
    "service_contract_prepaid_expense_account_id": (
        Account.search([("code", "=", "BENCHPRE")], limit=1)
        or Account.create({"name": "Bench Prepaid Expenses", "code": "BENCHPRE",
                           "account_type": "asset_prepayments"})
    ).id,
    "service_contract_deferral_journal_id": env["account.journal"].search(
        [("type", "=", "general"), ("company_id", "=", company.id)], limit=1).id,
    "service_contract_deferral_moment": "month_end",
})
partner = env["res.partner"].create({"name": "Deferral Bench Customer"})
started = time.time()
created = 0
while created < lines_wanted:
    chunk = []
    for _i in range(50):
        if created >= lines_wanted:
            break
        count = min(10, lines_wanted - created)
        chunk.append({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date(year, 1, 15),
            "invoice_line_ids": [Command.create({
                "name": "Yearly service %s" % n, "quantity": 1, "price_unit": 1200.0,
                "tax_ids": [Command.clear()],
                "service_start_date": date(year, 1, 1), "service_end_date": date(year, 12, 31),
            }) for n in range(count)],
        })
        created += count
    env["account.move"].create(chunk).action_post()
    env.cr.commit()
print("created %s lines in %.1f s" % (created, time.time() - started), flush=True)

Move = env["account.move"]
total = time.time()
remaining, batches = True, 0
while remaining:
    t = time.time()
    done, remaining, entry = Move._service_contract_deferral_run_batch(company, date(year, 1, 31), batch_size)
    env.cr.commit()
    batches += 1
    print("batch %s: %s lines in %.2f s, %s remaining" % (batches, done, time.time() - t, remaining), flush=True)
print("total %.1f s for %s batches; entry %s with %s lines" % (
    time.time() - total, batches, entry.name, len(entry.line_ids)), flush=True)
t = time.time()
again = Move._service_contract_deferral_run(company, date(year, 1, 31), batch_size)
print("second run: %s (%.1f s)" % ("nothing booked" if not again else "BOOKED %s" % again.name,
                                   time.time() - t), flush=True)
env.cr.commit()
