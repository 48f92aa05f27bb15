# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the billing run (issue #5); run it with ``setup/bench``.

For each number of contracts it builds, on throw-away databases, contracts of
one shape (one customer per contract, monthly, two service lines at 15 % tax,
one due period) and measures:

- our billing run with 1 and with 2 workers: real ``odoo-bin shell``
  processes that share one run and commit after each batch, as Odoo's cron
  runner does;
- a bare ``account.move.create()`` of the same invoices in batches of 100
  with mail tracking off, in one process (the ORM's own speed);
- OCA ``contract`` 18.0 (downloaded from PyPI into var/bench/, never
  committed) with the same contracts, invoiced by its own cron method in one
  process and one transaction, as its scheduled action does.

It prints one table per size (contracts, billing dates, invoices, lines, wall
seconds, invoices per second, SQL queries per invoice, peak memory, chatter
messages, whether a second run created nothing) and the ratios ours/OCA and
ours/bare. Every database it creates is dropped at the end.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pgadmin import admin_sql, drop_database  # noqa: E402 - tests/ put on the path above

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OCA_DIR = os.path.join(REPO, "var", "bench", "oca")
OCA_REQUIREMENT = "odoo-addon-contract>=18.0,<18.1"
#: Every database of a benchmark run starts with this and the process id.
DB_PREFIX = "sc_bench_"
#: Invoices per ``account.move.create`` call of the bare baseline.
BARE_BATCH = 100


def connect(dbname):
    """A connection to ``dbname`` on the server of the PG* environment."""
    return psycopg2.connect(dbname=dbname)


# --- Scripts run inside ``odoo-bin shell`` (``env`` is given) -----------------

COMMON = """
import json, os, resource, time
from odoo import Command, fields
import odoo.sql_db as sql_db
# Data is built without chatter; the runs measured use ``plain_env``, as a
# scheduled action would.
plain_env = env
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
today = fields.Date.context_today(env.user)
start = today.replace(day=1)
tax = env["account.tax"].search(
    [("company_id", "=", env.company.id), ("type_tax_use", "=", "sale"),
     ("amount_type", "=", "percent"), ("amount", "=", 15)], limit=1)
assert tax, "no 15 % sales tax: the generic chart of accounts is expected"
def report(**values):
    values["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("BENCH " + json.dumps(values, default=str), flush=True)
def products(names_prices):
    return env["product.product"].create([
        {"name": name, "type": "service", "list_price": price, "taxes_id": [Command.set(tax.ids)]}
        for name, price in names_prices
    ])
def partners_in_chunks(count, size=500):
    for offset in range(0, count, size):
        yield env["res.partner"].create([
            {"name": f"Bench customer {offset + i:06d}"} for i in range(min(size, count - offset))
        ])
def wait_for_go():
    # Tell the driver this process is loaded; wait until all are.
    env.cr.commit()  # end the snapshot taken while loading
    print("READY", flush=True)
    while not os.path.exists(GO):
        time.sleep(0.005)
"""

OURS_DATA = """
started = time.time()
fees = products([("Bench maintenance", 40.0), ("Bench hotline", 25.0)])
template = env["service.contract.template"].create({
    "name": "Bench monthly", "billing_interval": "monthly", "billing_timing": "advance",
    "duration": 12, "billing_product_ids": [Command.set(fees.ids)],
})
for partners in partners_in_chunks(%(contracts)d):
    contracts = env["service.contract"].create([
        {"partner_id": p.id, "template_id": template.id, "date_start": start,
         "line_ids": [Command.create({"product_id": fee.id}) for fee in fees]}
        for p in partners
    ])
    contracts.action_start()
    env.cr.commit()
    env.invalidate_all()
run = env["service.contract.billing.run"].create({"date_cutoff": today})
run._start()
env.cr.commit()
report(run_id=run.id, seconds=time.time() - started)
"""

OURS_WORKER = """
run = plain_env["service.contract.billing.run"].browse(%(run_id)d).with_context(
    service_contract_billing_batch_commit=True
)
wait_for_go()
queries, started, cpu = sql_db.sql_counter, time.time(), time.process_time()
billed = 0
while (batch := run._run_batch()) != 0:  # None: retry in a new transaction
    env.cr.commit()
    billed += batch or 0
env.cr.commit()
report(start=started, end=time.time(), queries=sql_db.sql_counter - queries,
       run_cpu=time.process_time() - cpu, billed=billed)
"""

OURS_CHECK = """
Run = env["service.contract.billing.run"]
run = Run.browse(%(run_id)d)
if not run._has_due_dates():
    run._finish()
env.cr.commit()
moves = run.move_ids
lines = moves.invoice_line_ids
second = Run.create({"date_cutoff": run.date_cutoff})
second.action_run()
env.cr.commit()
report(
    contracts=env["service.contract"].search_count([]),
    billing_dates=run.billing_date_count,
    invoices=len(moves),
    lines=len(lines),
    chatter=env["mail.message"].search_count([("model", "=", "account.move"), ("res_id", "in", moves.ids)]),
    run_messages=env["mail.message"].search_count([("model", "=", Run._name), ("res_id", "=", run.id)]),
    second_run_invoices=len(second.move_ids),
)
"""

BARE = """
contracts = env["service.contract"].search([])
vals_list = [
    {"move_type": "out_invoice", "partner_id": c.partner_id.id,
     "invoice_line_ids": [Command.create({"product_id": l.product_id.id, "name": l.product_id.name,
                                          "quantity": l.quantity, "price_unit": l.price_unit})
                          for l in c.line_ids]}
    for c in contracts
]
env.invalidate_all()
Move = env["account.move"]
wait_for_go()
queries, started, cpu = sql_db.sql_counter, time.time(), time.process_time()
for offset in range(0, len(vals_list), %(batch)d):
    Move.create(vals_list[offset:offset + %(batch)d])
    env.cr.commit()
ended, cpu = time.time(), time.process_time() - cpu
moves = Move.search([("move_type", "=", "out_invoice")])
report(start=started, end=ended, queries=sql_db.sql_counter - queries, run_cpu=cpu, contracts=len(contracts),
       invoices=len(moves), lines=len(moves.invoice_line_ids),
       chatter=env["mail.message"].search_count([("model", "=", "account.move")]))
"""

OCA_DATA = """
started = time.time()
fees = products([("Bench maintenance", 40.0), ("Bench hotline", 25.0)])
for partners in partners_in_chunks(%(contracts)d):
    env["contract.contract"].create([
        {"name": f"Bench {p.name}", "partner_id": p.id, "contract_type": "sale",
         "date_start": start, "recurring_rule_type": "monthly", "recurring_interval": 1,
         "recurring_invoicing_type": "pre-paid",
         "contract_line_ids": [
             Command.create({"product_id": fee.id, "name": fee.name, "quantity": 1,
                             "price_unit": fee.list_price, "uom_id": fee.uom_id.id,
                             "date_start": start, "recurring_next_date": start})
             for fee in fees
         ]}
        for p in partners
    ])
    env.cr.commit()
    env.invalidate_all()
report(seconds=time.time() - started)
"""

OCA_WORKER = """
wait_for_go()
queries, started, cpu = sql_db.sql_counter, time.time(), time.process_time()
plain_env["contract.contract"].cron_recurring_create_invoice()
env.cr.commit()
ended, cpu = time.time(), time.process_time() - cpu
queries = sql_db.sql_counter - queries
moves = env["account.move"].search([("move_type", "=", "out_invoice")])
report(start=started, end=ended, queries=queries, run_cpu=cpu,
       contracts=env["contract.contract"].search_count([]),
       invoices=len(moves), lines=len(moves.invoice_line_ids),
       chatter=env["mail.message"].search_count([("model", "=", "account.move"), ("res_id", "in", moves.ids)]))
"""

OCA_SECOND = """
before = env["account.move"].search_count([])
plain_env["contract.contract"].cron_recurring_create_invoice()
env.cr.commit()
report(second_run_invoices=env["account.move"].search_count([]) - before)
"""


class Bench:
    """Runs odoo-bin, creates and drops the benchmark's databases."""

    def __init__(self, args):
        self.args = args
        self.odoo_path = os.environ["SC_ODOO_PATH"]
        self.addons_path = os.environ["SC_ADDONS_PATH"]
        self.python = os.environ.get("SC_PYTHON", sys.executable)
        self.work = tempfile.mkdtemp(prefix="sc_bench.")
        self.prefix = f"{DB_PREFIX}{os.getpid()}_"
        self.databases = []
        self.log_problems = []

    # --- PostgreSQL ---------------------------------------------------------
    def admin(self, sql):
        admin_sql(connect, sql)

    def drop(self, name, if_exists=False):
        """Drop a database of ours."""
        assert name.startswith(DB_PREFIX), name
        drop_database(connect, name, if_exists=if_exists)

    def new_db_name(self, suffix):
        name = self.prefix + suffix
        assert name.startswith(DB_PREFIX)
        self.databases.append(name)
        return name

    def copy_db(self, source, suffix):
        name = self.new_db_name(suffix)
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return name

    def drop_all(self):
        for name in reversed(self.databases):
            if name.startswith(self.prefix):
                self.drop(name, if_exists=True)
        shutil.rmtree(self.work, ignore_errors=True)

    # --- odoo-bin -----------------------------------------------------------
    def command(self, db, *args, addons_path=None, shell=False):
        return [
            self.python,
            os.path.join(self.odoo_path, "odoo-bin"),
            *(["shell"] if shell else []),
            f"--addons-path={addons_path or self.addons_path}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER', 'odoo')}",
            f"--db_password={os.environ.get('PGPASSWORD', 'odoo')}",
            f"--data-dir={os.path.join(self.work, 'data')}",
            "--no-http",
            "--max-cron-threads=0",
            "--log-level=warn",
            "-d",
            db,
            *args,
        ]

    def check_log(self, what, text):
        problems = [
            line
            for line in text.splitlines()
            if " WARNING " in line or " ERROR " in line or " CRITICAL " in line
        ]
        if problems:
            self.log_problems.append((what, problems[:5]))

    def install(self, db, modules, addons_path=None):
        say(f"installing {modules} into {db}")
        done = subprocess.run(
            self.command(db, "-i", modules, "--without-demo=all", "--stop-after-init",
                         addons_path=addons_path),
            capture_output=True, text=True, check=False,
        )
        self.check_log(f"install {modules}", done.stdout + done.stderr)
        if done.returncode:
            sys.exit(f"installing {modules} failed:\n{(done.stdout + done.stderr)[-3000:]}")

    def shell(self, db, script, what, addons_path=None):
        """Run a script in ``odoo-bin shell``; return its BENCH values."""
        done = subprocess.run(
            self.command(db, addons_path=addons_path, shell=True),
            input=COMMON + script, capture_output=True, text=True, check=False,
        )
        return self.result(what, done.returncode, done.stdout, done.stderr)

    def result(self, what, code, out, err):
        self.check_log(what, err)
        values = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("BENCH ")]
        if code or not values:
            sys.exit(f"{what} failed ({code}):\n{(out + err)[-3000:]}")
        return values[-1]

    def workers(self, db, script, count, what, addons_path=None):
        """Start ``count`` shell processes, let them load Odoo, then start
        them together; return each one's BENCH values."""
        go = os.path.join(self.work, f"go-{db}")
        processes = []
        for index in range(count):
            err = open(os.path.join(self.work, f"{db}-{index}.err"), "w+")  # noqa: SIM115
            process = subprocess.Popen(
                self.command(db, addons_path=addons_path, shell=True),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
            )
            process.stdin.write(f"GO = {go!r}\n" + COMMON + script)
            process.stdin.close()
            processes.append((process, err))
        for process, _err in processes:
            line = process.stdout.readline()
            if line.strip() != "READY":
                process.wait()
                _err.seek(0)
                sys.exit(f"{what}: a worker did not start:\n{line}{_err.read()[-3000:]}")
        open(go, "w").close()  # noqa: SIM115
        results = []
        for process, err in processes:
            out = process.stdout.read()
            code = process.wait()
            err.seek(0)
            results.append(self.result(what, code, out, err.read()))
            err.close()
        return results


def say(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def oca_addons_path():
    """Download OCA ``contract`` 18.0 from PyPI (once) and return the
    addons path that holds it."""
    unpacked = os.path.join(OCA_DIR, "unpacked")
    wheels = sorted(glob.glob(os.path.join(OCA_DIR, "odoo_addon_contract-18.0*.whl")))
    if not wheels:
        say(f"downloading {OCA_REQUIREMENT} into {OCA_DIR}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", OCA_REQUIREMENT, "-d", OCA_DIR],
            check=True,
        )
        wheels = sorted(glob.glob(os.path.join(OCA_DIR, "odoo_addon_contract-18.0*.whl")))
    if not os.path.isdir(os.path.join(unpacked, "odoo", "addons", "contract")):
        with zipfile.ZipFile(wheels[-1]) as wheel:
            wheel.extractall(unpacked)
    manifest = os.path.join(unpacked, "odoo", "addons", "contract", "__manifest__.py")
    with open(manifest) as file:
        depends = eval(file.read()).get("depends", [])  # noqa: S307 - a manifest we just unpacked
    extra = set(depends) - {"base", "account", "product", "portal"}
    if extra:
        sys.exit(f"OCA contract now also depends on {sorted(extra)}: download those too")
    return f"{os.environ['SC_ADDONS_PATH']},{os.path.join(unpacked, 'odoo', 'addons')}"


def measure(bench, base, oca_base, oca_path, contracts):
    """Build ``contracts`` contracts and time every variant; return the
    table columns as {name: values}."""
    columns = {}
    data = bench.new_db_name(f"{contracts}_data")
    bench.admin(f'CREATE DATABASE "{data}" TEMPLATE "{base}"')
    say(f"creating {contracts} contracts")
    built = bench.shell(data, OURS_DATA % {"contracts": contracts}, "our data")
    say(f"  built in {built['seconds']:.0f}s")
    for count in bench.args.workers:
        db = bench.copy_db(data, f"{contracts}_w{count}")
        say(f"our billing run, {count} worker(s)")
        workers = bench.workers(db, OURS_WORKER % {"run_id": built["run_id"]},
                                count, f"our run with {count} workers")
        check = bench.shell(db, OURS_CHECK % {"run_id": built["run_id"]}, "our check")
        columns[f"ours {count}w"] = summarize(workers, check)
        bench.drop(db)
    if not bench.args.no_bare:
        db = bench.copy_db(data, f"{contracts}_bare")
        say("bare account.move.create")
        (worker,) = bench.workers(db, BARE % {"batch": BARE_BATCH}, 1, "bare create")
        columns["bare"] = summarize([worker], dict(worker, billing_dates=None, second_run_invoices=None))
        bench.drop(db)
    bench.drop(data)
    if oca_base:
        db = bench.new_db_name(f"oca_{contracts}")
        bench.admin(f'CREATE DATABASE "{db}" TEMPLATE "{oca_base}"')
        say(f"creating {contracts} OCA contracts")
        built = bench.shell(db, OCA_DATA % {"contracts": contracts}, "OCA data", addons_path=oca_path)
        say(f"  built in {built['seconds']:.0f}s")
        say("OCA contract cron")
        (worker,) = bench.workers(db, OCA_WORKER, 1, "OCA cron", addons_path=oca_path)
        second = bench.shell(db, OCA_SECOND, "OCA second run", addons_path=oca_path)
        columns["OCA"] = summarize([worker], dict(worker, billing_dates=None, **second))
        bench.drop(db)
    return columns


def summarize(workers, facts):
    wall = max(w["end"] for w in workers) - min(w["start"] for w in workers)
    invoices = facts["invoices"]
    return {
        "contracts": facts["contracts"],
        "billing dates": facts["billing_dates"],
        "billed per worker": "+".join(str(w["billed"]) for w in workers) if "billed" in workers[0] else None,
        "invoices": invoices,
        "lines": facts["lines"],
        "wall seconds": wall,
        "invoices per second": invoices / wall if wall else 0,
        "ms per contract": 1000 * wall / facts["contracts"],
        "SQL queries per invoice": sum(w["queries"] for w in workers) / invoices if invoices else 0,
        "Odoo CPU ms per invoice": 1000 * sum(w["run_cpu"] for w in workers) / invoices if invoices else 0,
        "peak memory MB (worker)": max(w["maxrss_kb"] for w in workers) / 1024,
        "chatter messages": facts["chatter"],
        "second run created nothing": (
            None if facts["second_run_invoices"] is None else facts["second_run_invoices"] == 0
        ),
    }


def cell(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def print_table(contracts, columns):
    names = list(columns)
    rows = list(next(iter(columns.values())))
    print(f"\n{contracts} contracts: one customer each, monthly, 2 service lines at 15 %, one due period")
    print(f"{'':28}" + "".join(f"{name:>12}" for name in names))
    for row in rows:
        print(f"{row:28}" + "".join(f"{cell(columns[name][row]):>12}" for name in names))
    speed = {name: column["invoices per second"] for name, column in columns.items()}
    for ours in (name for name in names if name.startswith("ours")):
        for other in ("OCA", "bare"):
            if other in speed and speed[other]:
                print(f"{ours} / {other}: {speed[ours] / speed[other]:.2f}")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", default="1000",
                        help="comma-separated numbers of contracts (default 1000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--no-oca", action="store_true", help="skip OCA contract")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare account.move.create baseline")
    args = parser.parse_args()
    args.contracts = [int(n) for n in args.contracts.split(",")]
    args.workers = [int(n) for n in args.workers.split(",")]
    for name in ("SC_ODOO_PATH", "SC_ADDONS_PATH"):
        if not os.environ.get(name):
            sys.exit(f"{name} not set: run the benchmark through setup/bench")
    with open("/proc/loadavg") as file:
        print(f"load average at start: {file.read().split()[:3]}", flush=True)
    bench = Bench(args)
    try:
        base = bench.new_db_name("base")
        bench.install(base, "service_contract_billing")
        oca_base = oca_path = None
        if not args.no_oca:
            oca_path = oca_addons_path()
            oca_base = bench.new_db_name("oca_base")
            bench.install(oca_base, "contract", addons_path=oca_path)
        started = time.time()
        results = {}
        for contracts in args.contracts:
            results[contracts] = measure(bench, base, oca_base, oca_path, contracts)
            print_table(contracts, results[contracts])
        if len(results) > 1:
            print("\nms per contract (flat is linear):")
            for contracts, columns in results.items():
                print(f"{contracts:>8}: " + ", ".join(
                    f"{name} {column['ms per contract']:.2f}" for name, column in columns.items()
                ))
        for what, lines in bench.log_problems:
            print(f"\nOdoo logged WARNING/ERROR during {what}:", *lines, sep="\n  ")
        with open("/proc/loadavg") as file:
            print(f"\nload average at end: {file.read().split()[:3]}; "
                  f"benchmark took {time.time() - started:.0f}s after installing")
    finally:
        bench.drop_all()
    return 1 if bench.log_problems else 0


if __name__ == "__main__":
    sys.exit(main())
