"""The billing run with real Odoo processes: two and three workers sharing
one run at once, a worker killed in the middle, a 2,000-contract run killed
several times in a row, and a worker whose PostgreSQL connection is
terminated mid-batch. Each worker runs ``odoo-bin shell`` on a copy of the
test database and commits after every batch, as Odoo's cron runner does."""

import os
import random
import signal
import subprocess
import time

import pytest

CONTRACTS = 120
CUTOFF = "2026-03-31"
DUE_PER_CONTRACT = 3  # January, February, March
#: The fault tests: contracts of their run, invoice partners per batch.
FAULT_CONTRACTS = 2000
FAULT_BATCH = 50


def setup_script(contracts):
    """Shell script creating ``contracts`` monthly contracts from 2026-01-01
    (one customer each) and a draft run for them; partners and contracts are
    created 500 at a time, each chunk in one ``create`` and committed."""
    return f"""
from datetime import date
from odoo import Command
fee = env["product.product"].create({{"name": "Concurrency fee", "type": "service", "list_price": 50}})
template = env["service.contract.template"].create({{
    "name": "Concurrency", "billing_interval": "monthly", "duration": 12,
    "billing_product_ids": [Command.set(fee.ids)],
}})
for offset in range(0, {contracts}, 500):
    partners = env["res.partner"].create([
        {{"name": f"Concurrency customer {{offset + i}}"}} for i in range(min(500, {contracts} - offset))
    ])
    contracts = env["service.contract"].create([
        {{"partner_id": p.id, "template_id": template.id, "date_start": date(2026, 1, 1),
          "line_ids": [Command.create({{"product_id": fee.id}})]}}
        for p in partners
    ])
    contracts.action_start()
    env.cr.commit()
    env.invalidate_all()
run = env["service.contract.billing.run"].create({{"date_cutoff": date(2026, 3, 31), "template_id": template.id}})
env.cr.commit()
print("TEMPLATE", template.id, "RUN", run.id)
"""


WORKER = """
import os
import time
from datetime import date
from odoo.addons.service_contract_billing.models import service_contract_billing_run as module
module.BATCH_PARTNERS = {batch}
run = env["service.contract.billing.run"].browse({run_id}).with_context(
    service_contract_billing_batch_commit=True
)
print("READY", flush=True)
# Workers begin together: at start_at, or once the test creates the file go.
while time.time() < {start_at} or ({go!r} and not os.path.exists({go!r})):
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


def make_billing_db(odoo, db, contracts):
    code, log = odoo.run("-d", db, "--no-http", subcommand="shell", stdin=setup_script(contracts))
    assert code == 0, log[-3000:]
    template_id = int(log.split("TEMPLATE", 1)[1].split()[0])
    run_id = int(log.split("RUN", 1)[1].split()[0])
    return db, template_id, run_id


@pytest.fixture
def billing_db(odoo, db_copy):
    return make_billing_db(odoo, db_copy("billing"), CONTRACTS)


def start_worker(odoo, db, run_id, pause, start_at=0):
    return subprocess.Popen(
        odoo.command("-d", db, "--no-http", subcommand="shell"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ), WORKER.format(run_id=run_id, pause=pause, start_at=start_at, batch=10, go="")


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


def run_summary(odoo, db, run_id, contracts=CONTRACTS):
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
        (f"%Billed {contracts * DUE_PER_CONTRACT} billing dates%", run_id),
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


# --- Faults beyond a single kill -------------------------------------------------


@pytest.fixture(scope="module")
def fault_base(odoo):
    """A copy of the test database with FAULT_CONTRACTS contracts and their
    draft run, built once; each fault test bills a copy of it."""
    db = odoo.copy_db("faults")
    try:
        yield make_billing_db(odoo, db, FAULT_CONTRACTS)
    finally:
        odoo.drop_db(db)


@pytest.fixture
def fault_db(fault_base, db_copy):
    db, template_id, run_id = fault_base
    return db_copy("fault", source=db), template_id, run_id


class Worker:
    """A billing worker (WORKER in ``odoo-bin shell``, FAULT_BATCH partners
    per batch) in its own process group, its output in a file (a worker
    killed or left unread never blocks on a full pipe). It loads Odoo, says
    READY, and bills once ``go`` exists."""

    def __init__(self, odoo, db, run_id, tmp_path, name, go=None):
        self.name = name
        self.log_path = tmp_path / f"{name}.log"
        self.go_path = go or tmp_path / f"go-{name}"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                odoo.command("-d", db, "--no-http", subcommand="shell"),
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
        self.process.stdin.write(
            WORKER.format(run_id=run_id, pause=0, start_at=0, batch=FAULT_BATCH, go=str(self.go_path))
        )
        self.process.stdin.close()

    @property
    def output(self):
        return self.log_path.read_text()

    @property
    def app_name(self):
        """Odoo's application_name of this process's PostgreSQL connections."""
        return f"odoo-{self.process.pid}"

    def wait_ready(self, timeout=300):
        deadline = time.monotonic() + timeout
        while "READY" not in self.output:
            assert self.process.poll() is None, f"{self.name} died:\n{self.output[-3000:]}"
            assert time.monotonic() < deadline, f"{self.name} did not load Odoo"
            time.sleep(0.1)

    def go(self):
        self.go_path.touch()

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def finish(self, timeout=600):
        """Wait for the end; return the exit code."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"{self.name} did not end within {timeout} s:\n{self.output[-3000:]}")

    def billed(self):
        return int(self.output.split("BILLED", 1)[1].split()[0])


def billed_count(odoo, db, template_id):
    (count,), = odoo.query(
        db,
        """
        SELECT count(*) FROM service_contract_billing_date bd
          JOIN service_contract c ON c.id = bd.contract_id
         WHERE c.template_id = %s AND bd.state = 'billed'
        """,
        (template_id,),
    )
    return count


def wait_for_progress(odoo, db, template_id, worker, above, timeout=300):
    """Wait until more than ``above`` dates are billed (the worker committed
    a batch); return the count."""
    deadline = time.monotonic() + timeout
    while (billed := billed_count(odoo, db, template_id)) <= above:
        assert worker.process.poll() is None, f"{worker.name} ended:\n{worker.output[-3000:]}"
        assert time.monotonic() < deadline, f"{worker.name} billed nothing"
        time.sleep(0.1)
    return billed


def faults(odoo, db, template_id, run_id):
    """Everything that would be wrong after a fault, each a count that must
    be 0: a date billed twice, an invoice partner with two invoices, a
    billed date without its invoice line, an invoice line whose date is not
    billed by it, a run invoice without contract lines, a failed contract."""
    (twice, partner_twice, date_no_line, line_no_date, empty_invoices, errors), = odoo.query(
        db,
        """
        WITH dates AS (
            SELECT bd.* FROM service_contract_billing_date bd
              JOIN service_contract c ON c.id = bd.contract_id
             WHERE c.template_id = %(template)s
        ), lines AS (
            SELECT aml.* FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
             WHERE am.state != 'cancel'
               AND aml.service_contract_billing_date_id IN (SELECT id FROM dates)
        )
        SELECT
          (SELECT count(*) FROM (SELECT 1 FROM lines GROUP BY service_contract_billing_date_id
                                  HAVING count(*) > 1) d),
          (SELECT count(*) FROM (SELECT 1 FROM account_move
                                  WHERE service_contract_billing_run_id = %(run)s AND state != 'cancel'
                                  GROUP BY partner_id HAVING count(*) > 1) p),
          (SELECT count(*) FROM dates d WHERE d.state = 'billed'
              AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.id = d.invoice_line_id
                                 AND l.service_contract_billing_date_id = d.id)),
          (SELECT count(*) FROM lines l WHERE NOT EXISTS (
              SELECT 1 FROM dates d WHERE d.id = l.service_contract_billing_date_id
                 AND d.state = 'billed' AND d.invoice_line_id = l.id)),
          (SELECT count(*) FROM account_move am WHERE am.service_contract_billing_run_id = %(run)s
              AND NOT EXISTS (SELECT 1 FROM account_move_line aml WHERE aml.move_id = am.id
                                 AND aml.service_contract_billing_date_id IS NOT NULL)),
          (SELECT count(*) FROM service_contract_billing_run_error WHERE run_id = %(run)s)
        """,
        {"template": template_id, "run": run_id},
    )
    return {
        "dates billed twice": twice,
        "partners with two invoices": partner_twice,
        "billed dates without their line": date_no_line,
        "lines without their billed date": line_no_date,
        "invoices without lines": empty_invoices,
        "contract errors": errors,
    }


def assert_consistent(odoo, db, template_id, run_id, context=""):
    """Nothing double or half billed; return the facts."""
    found = faults(odoo, db, template_id, run_id)
    assert not any(found.values()), f"{context}: {found}"
    result = facts(odoo, db, template_id)
    assert result["lines"] == result["distinct_dates"] == result["billed"], f"{context}: {result}"
    assert result["invoices"] == result["partners_invoiced"], f"{context}: {result}"
    return result


def assert_complete(odoo, db, template_id, run_id, context=""):
    """Every due date billed exactly once, one invoice per customer, the run
    done with one summary."""
    result = assert_consistent(odoo, db, template_id, run_id, context)
    expected = FAULT_CONTRACTS * DUE_PER_CONTRACT
    assert result["due"] == result["billed"] == expected, f"{context}: {result}"
    assert result["invoices"] == FAULT_CONTRACTS, f"{context}: {result}"
    assert run_summary(odoo, db, run_id, FAULT_CONTRACTS) == ("done", FAULT_CONTRACTS, 1), (
        f"{context}: the run is done, summed up once"
    )


def test_run_killed_several_times_in_a_row_completes_exactly_once(odoo, fault_db, tmp_path):
    """A 2,000-contract run whose workers are killed with SIGKILL 3 to 5
    times in a row, each at a random moment after it billed a batch, each
    followed by a new worker; a last worker completes the run. The seed is
    printed (set SC_FAULT_SEED to replay it)."""
    db, template_id, run_id = fault_db
    seed = int(os.environ.get("SC_FAULT_SEED") or random.SystemRandom().randrange(2**32))
    print(f"SC_FAULT_SEED={seed}")
    rng = random.Random(seed)
    kills = rng.randint(3, 5)
    expected = FAULT_CONTRACTS * DUE_PER_CONTRACT
    billed = 0
    for kill in range(1, kills + 1):
        context = f"seed {seed}, kill {kill} of {kills}"
        worker = Worker(odoo, db, run_id, tmp_path, f"killed-{kill}")
        worker.go()
        wait_for_progress(odoo, db, template_id, worker, above=billed)
        delay = rng.uniform(0, 3.0)
        time.sleep(delay)
        assert worker.process.poll() is None, f"{context}: the worker ended before its kill"
        worker.kill()
        result = assert_consistent(odoo, db, template_id, run_id, context)
        print(f"kill {kill}: {delay:.2f} s after progress, {result['billed']} dates billed")
        assert billed < result["billed"] < expected, f"{context}: {result}"
        billed = result["billed"]
        assert run_summary(odoo, db, run_id, FAULT_CONTRACTS)[::2] == ("running", 0), context
    last = Worker(odoo, db, run_id, tmp_path, "last")
    last.go()
    assert last.finish() == 0, last.output[-3000:]
    assert last.billed() == expected - billed
    assert_complete(odoo, db, template_id, run_id, f"seed {seed}, after {kills} kills")


#: What psycopg2 says when PostgreSQL ended the connection (mid-query or
#: between queries), and what Odoo's cursor says afterwards.
CONNECTION_LOST = (
    "terminating connection due to administrator command",
    "server closed the connection unexpectedly",
    "connection already closed",
    "cursor already closed",
)


def test_worker_whose_connection_is_terminated_mid_batch(odoo, fault_db, tmp_path):
    """PostgreSQL ends a worker's connection (``pg_terminate_backend``)
    while it holds a batch (its partners' advisory locks, inside the
    transaction): the worker fails or recovers, its batch is rolled back
    whole, and a fresh worker completes the run."""
    db, template_id, run_id = fault_db
    worker = Worker(odoo, db, run_id, tmp_path, "terminated")
    worker.go()
    wait_for_progress(odoo, db, template_id, worker, above=0)
    conn = odoo.connect(db)
    conn.autocommit = True
    try:
        started = time.monotonic()
        with conn.cursor() as cr:
            while True:
                # A backend of this worker in a transaction that holds advisory
                # locks is in the middle of a batch: claimed, not committed.
                # Caught running a query if possible, else between two.
                cr.execute(
                    """
                    SELECT a.pid, a.state, left(a.query, 200), pg_terminate_backend(a.pid)
                      FROM pg_stat_activity a
                     WHERE a.datname = %s AND a.application_name = %s
                       AND a.state IN ('active', %s)
                       AND EXISTS (SELECT 1 FROM pg_locks l
                                    WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)
                    """,
                    (
                        db,
                        worker.app_name,
                        "idle in transaction" if time.monotonic() > started + 10 else "active",
                    ),
                )
                if terminated := cr.fetchall():
                    break
                assert worker.process.poll() is None, f"the worker ended:\n{worker.output[-3000:]}"
                assert time.monotonic() < started + 120, "the worker was never caught in a batch"
                time.sleep(0.005)
    finally:
        conn.close()
    (pid, state, query, done), = terminated
    assert done, f"could not terminate backend {pid}"
    print(f"terminated backend {pid} ({state}) of {worker.app_name}: {query}")
    code = worker.finish(timeout=120)
    if code != 0:  # failed: on its lost connection, not on something else
        assert any(sign in worker.output for sign in CONNECTION_LOST), worker.output[-3000:]
    result = assert_consistent(odoo, db, template_id, run_id, "after the termination")
    expected = FAULT_CONTRACTS * DUE_PER_CONTRACT
    if code != 0:
        assert 0 < result["billed"] < expected, result
    fresh = Worker(odoo, db, run_id, tmp_path, "fresh")
    fresh.go()
    assert fresh.finish() == 0, fresh.output[-3000:]
    assert_complete(odoo, db, template_id, run_id, "after a fresh worker")


def test_three_workers_at_once_bill_everything_exactly_once(odoo, fault_db, tmp_path):
    """Three workers load Odoo, then start the 2,000-contract run together."""
    db, template_id, run_id = fault_db
    go = tmp_path / "go"
    workers = [Worker(odoo, db, run_id, tmp_path, f"worker-{i}", go=go) for i in range(3)]
    for worker in workers:
        worker.wait_ready()
    go.touch()
    for worker in workers:
        assert worker.finish() == 0, worker.output[-3000:]
    billed_by = [worker.billed() for worker in workers]
    print(f"billed per worker: {billed_by}")
    assert sum(billed_by) == FAULT_CONTRACTS * DUE_PER_CONTRACT
    assert all(billed_by), f"the three workers shared the run: {billed_by}"
    assert_complete(odoo, db, template_id, run_id, f"three workers {billed_by}")
