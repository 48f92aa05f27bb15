# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the Excel contract analysis (issue #14).

Run it against a database where the addons are installed (its data is not
changed: everything happens in one transaction that is rolled back):

    PYTHONPATH=$ODOO_PATH .venv/bin/python tests/bench/xlsx_bench.py \\
        --db sc_demo --contracts 20000 [--billed 200]

It makes ``--billed`` contracts the ORM way (started, billed by the billing
run, invoices posted), copies one of them in SQL until there are
``--contracts`` running contracts of 200 customers, then exports the
workbook of the year and prints the wall seconds, the process's peak
resident memory (ru_maxrss) and how much it grew during the export, and the
size of the file; with ``--tracemalloc`` also the peak of Python memory
allocated during the export (tracing makes the export many times slower).
Export 2,000 first; 20,000 take a few minutes.
"""

import argparse
import base64
import os
import resource
import sys
import time
import tracemalloc
from datetime import date


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--contracts", type=int, default=20000)
    parser.add_argument("--billed", type=int, default=200)
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace Python's allocations during the export (their peak); this slows "
        "the export down many times, so its seconds are then not representative",
    )
    parser.add_argument(
        "--addons-path",
        default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        help="our repository (Odoo's own addons are added)",
    )
    return parser.parse_args()


def odoo_env(args):
    import odoo  # noqa: PLC0415 - from PYTHONPATH, after the arguments are read

    odoo_path = os.path.dirname(os.path.dirname(odoo.__file__))
    odoo.tools.config.parse_config(
        [
            f"--addons-path={odoo_path}/addons,{odoo_path}/odoo/addons,{args.addons_path}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER', 'odoo')}",
            f"--db_password={os.environ.get('PGPASSWORD', 'odoo')}",
            "--log-level=warn",
        ]
    )
    return odoo


def build(env, contracts, billed):
    """``billed`` contracts billed and posted, then copies up to ``contracts``."""
    from odoo import Command  # noqa: PLC0415

    company = env.company
    product = env["product.product"].create({"name": "Bench maintenance", "type": "service", "list_price": 100})
    template = env["service.contract.template"].create(
        {
            "name": "Bench monthly",
            "billing_interval": "monthly",
            "billing_timing": "advance",
            "duration": 12,
            "billing_product_ids": [Command.set(product.ids)],
        }
    )
    partners = env["res.partner"].create([{"name": f"Bench customer {n:03d}"} for n in range(200)])
    Contract = env["service.contract"].with_context(tracking_disable=True, mail_notrack=True)
    made = Contract.create(
        [
            {
                "partner_id": partners[n % len(partners)].id,
                "template_id": template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": product.id, "price_unit": 100})],
            }
            for n in range(max(billed, 1))
        ]
    )
    made.action_start()
    if billed:
        run = env["service.contract.billing.run"].create({"date_cutoff": date(2026, 3, 31)})
        run.action_run()
        run.move_ids.filtered(lambda m: m.state == "draft").action_post()
    copies = contracts - len(made)
    if copies > 0:
        env.flush_all()
        env.cr.execute(
            """
            SELECT column_name FROM information_schema.columns
             WHERE table_name = 'service_contract' AND column_name NOT IN ('id', 'name', 'partner_id')
            """
        )
        columns = [row[0] for row in env.cr.fetchall()]
        names = ", ".join(f'"{c}"' for c in columns)
        env.cr.execute(
            f"""
            INSERT INTO service_contract (name, partner_id, {names})
            SELECT 'BENCH-' || lpad(n::text, 6, '0'), (%s::int[])[1 + n %% %s], {names}
              FROM service_contract, generate_series(1, %s) AS n
             WHERE id = %s
            """,  # noqa: S608 - column names from the catalog
            [partners.ids, len(partners), copies, made[0].id],
        )
    return company


def main():
    args = parse_args()
    odoo = odoo_env(args)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        try:
            started = time.perf_counter()
            company = build(env, args.contracts, args.billed)
            print(f"data: {args.contracts} contracts ({args.billed} billed) in {time.perf_counter() - started:.1f} s")
            env.invalidate_all()
            wizard = env["service.contract.analysis.xlsx"].create(
                {"company_id": company.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if args.tracemalloc:
                tracemalloc.start()
            started = time.perf_counter()
            wizard.action_export()
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()  # (0, 0) when not traced
            tracemalloc.stop()
            size = len(base64.b64decode(wizard.xlsx_file))
            rows = env["service.contract"].with_context(active_test=False).search_count(wizard._contract_domain())
            maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            traced = f", Python allocations peak {peak / 2**20:.1f} MiB (tracemalloc)" if args.tracemalloc else ""
            print(
                f"export: {rows} contract rows in {seconds:.1f} s{traced}, process peak RSS {maxrss:.0f} MiB "
                f"(+{maxrss - rss_before:.0f} MiB during the export), file {size / 2**20:.2f} MiB"
            )
        finally:
            cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
