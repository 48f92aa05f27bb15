"""The billing run with real Odoo processes: two workers sharing one run at
once, and a worker killed in the middle. Each runs ``odoo-bin shell`` on a
copy of the test database and commits after every batch, as Odoo's cron
runner does."""

import os
import signal
import subprocess
import time

import pytest

CONTRACTS = 120
CUTOFF = "2026-03-31"
DUE_PER_CONTRACT = 3  # January, February, March

SETUP = f"""
from datetime import date
from odoo import Command
fee = env["product.product"].create({{"name": "Concurrency fee", "type": "service", "list_price": 50}})
template = env["service.contract.template"].create({{
    "name": "Concurrency", "billing_interval": "monthly", "duration": 12,
    "billing_product_ids": [Command.set(fee.ids)],
}})
partners = env["res.partner"].create([{{"name": f"Concurrency customer {{i}}"}} for i in range({CONTRACTS})])
contracts = env["service.contract"].create([
    {{"partner_id": p.id, "template_id": template.id, "date_start": date(2026, 1, 1),
      "line_ids": [Command.create({{"product_id": fee.id}})]}}
    for p in partners
])
contracts.action_start()
run = env["service.contract.billing.run"].create({{"date_cutoff": date(2026, 3, 31), "template_id": template.id}})
env.cr.commit()
print("TEMPLATE", template.id, "RUN", run.id)
"""

WORKER = """
import time
from datetime import date
from odoo.addons.service_contract_billing.models import service_contract_billing_run as module
module.BATCH_PARTNERS = 10
run = env["service.contract.billing.run"].browse({run_id}).with_context(
    service_contract_billing_batch_commit=True
)
while time.time() < {start_at}:  # both workers begin together
    time.sleep(0.01)
env.cr.commit()  # a new transaction: both start the run at the same time
run._start()
env.cr.commit()
billed_here = 0
while (billed := run._run_batch()) != 0:  # None: retry in a new transaction
    env.cr.commit()
    billed_here += billed or 0
    time.sleep({pause})
if not run._has_due_dates():
    run._finish()
env.cr.commit()
print("BILLED", billed_here)
"""


@pytest.fixture
def billing_db(odoo, db_copy):
    db = db_copy("billing")
    code, log = odoo.run("-d", db, "--no-http", subcommand="shell", stdin=SETUP)
    assert code == 0, log[-3000:]
    template_id = int(log.split("TEMPLATE", 1)[1].split()[0])
    run_id = int(log.split("RUN", 1)[1].split()[0])
    return db, template_id, run_id


def start_worker(odoo, db, run_id, pause, start_at=0):
    return subprocess.Popen(
        odoo.command("-d", db, "--no-http", subcommand="shell"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ), WORKER.format(run_id=run_id, pause=pause, start_at=start_at)


def facts(odoo, db, template_id):
    """What was billed for the test contracts, straight from PostgreSQL."""
    (due, billed), = odoo.query(
        db,
        """
        SELECT count(*), count(*) FILTER (WHERE bd.state = 'billed')
          FROM service_contract_billing_date bd
          JOIN service_contract c ON c.id = bd.contract_id
         WHERE c.template_id = %s AND bd.date <= %s
        """,
        (template_id, CUTOFF),
    )
    (lines, distinct_dates, invoices, partners_invoiced), = odoo.query(
        db,
        """
        SELECT count(*), count(DISTINCT aml.service_contract_billing_date_id),
               count(DISTINCT aml.move_id), count(DISTINCT am.partner_id)
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
          JOIN service_contract_billing_date bd ON bd.id = aml.service_contract_billing_date_id
          JOIN service_contract c ON c.id = bd.contract_id
         WHERE c.template_id = %s AND am.state != 'cancel'
        """,
        (template_id,),
    )
    (errors,), = odoo.query(
        db,
        """
        SELECT count(*) FROM service_contract_billing_run_error e
          JOIN service_contract c ON c.id = e.contract_id
         WHERE c.template_id = %s
        """,
        (template_id,),
    )
    (unlinked,), = odoo.query(
        db,
        """
        SELECT count(*) FROM service_contract_billing_date bd
          JOIN service_contract c ON c.id = bd.contract_id
         WHERE c.template_id = %s AND bd.state = 'billed' AND bd.invoice_line_id IS NULL
        """,
        (template_id,),
    )
    return {
        "due": due,
        "billed": billed,
        "lines": lines,
        "distinct_dates": distinct_dates,
        "invoices": invoices,
        "partners_invoiced": partners_invoiced,
        "billed_without_line": unlinked,
        "errors": errors,
    }


def run_summary(odoo, db, run_id):
    """The shared run's state, its invoices and its summary messages."""
    (state, invoices, summaries), = odoo.query(
        db,
        """
        SELECT r.state,
               (SELECT count(*) FROM account_move WHERE service_contract_billing_run_id = r.id),
               (SELECT count(*) FROM mail_message
                 WHERE model = 'service.contract.billing.run' AND res_id = r.id
                   AND body::text LIKE %s)
          FROM service_contract_billing_run r
         WHERE r.id = %s
        """,
        (f"%Billed {CONTRACTS * DUE_PER_CONTRACT} billing dates%", run_id),
    )
    return state, invoices, summaries


def test_two_workers_at_once_bill_everything_exactly_once(odoo, billing_db):
    db, template_id, run_id = billing_db
    start_at = time.time() + 20
    workers = [start_worker(odoo, db, run_id, pause=0, start_at=start_at) for _ in range(2)]
    for process, script in workers:
        process.stdin.write(script)
        process.stdin.close()
    outputs = [process.stdout.read() for process, _ in workers]
    for (process, _), output in zip(workers, outputs, strict=True):
        assert process.wait(timeout=600) == 0, output[-3000:]
    billed_by = [int(output.split("BILLED", 1)[1].split()[0]) for output in outputs]
    result = facts(odoo, db, template_id)
    expected = CONTRACTS * DUE_PER_CONTRACT
    assert result["due"] == expected
    assert result["billed"] == expected
    assert result["lines"] == result["distinct_dates"] == expected, "one invoice line per date"
    assert result["invoices"] == result["partners_invoiced"] == CONTRACTS, "one invoice per customer"
    assert result["billed_without_line"] == 0
    assert result["errors"] == 0, "the workers never collided"
    assert sum(billed_by) == expected
    assert all(billed_by), f"both workers shared the run: {billed_by}"
    assert run_summary(odoo, db, run_id) == ("done", CONTRACTS, 1), "one run, finished once"


def test_killed_worker_leaves_nothing_half_billed_and_a_rerun_completes(odoo, billing_db):
    db, template_id, run_id = billing_db
    process, script = start_worker(odoo, db, run_id, pause=1.0)
    process.stdin.write(script)
    process.stdin.close()
    deadline = time.monotonic() + 300
    while facts(odoo, db, template_id)["billed"] == 0:
        assert process.poll() is None, process.stdout.read()[-3000:]
        assert time.monotonic() < deadline, "the worker billed nothing"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    process.stdout.close()
    after_kill = facts(odoo, db, template_id)
    expected = CONTRACTS * DUE_PER_CONTRACT
    assert 0 < after_kill["billed"] < expected, after_kill
    assert after_kill["lines"] == after_kill["distinct_dates"] == after_kill["billed"]
    assert after_kill["billed_without_line"] == 0
    assert after_kill["invoices"] == after_kill["partners_invoiced"]

    rerun, script = start_worker(odoo, db, run_id, pause=0)
    output, _ = rerun.communicate(script, timeout=600)
    assert rerun.returncode == 0, output[-3000:]
    final = facts(odoo, db, template_id)
    assert final["billed"] == final["lines"] == final["distinct_dates"] == expected
    assert final["invoices"] == final["partners_invoiced"] == CONTRACTS
    assert final["billed_without_line"] == 0
    assert run_summary(odoo, db, run_id) == ("done", CONTRACTS, 1), "the run resumed and finished"
