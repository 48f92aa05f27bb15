"""Both addons upgrade, uninstall and install again cleanly on real Odoo."""

from conftest import OUR_ADDONS, log_problems

UNINSTALL = """
modules = env["ir.module.module"].search([("name", "in", {addons!r})])
modules.button_immediate_uninstall()
env.cr.commit()
"""


def module_states(odoo, db):
    return dict(
        odoo.query(
            db,
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            (OUR_ADDONS,),
        )
    )


def test_upgrade_is_clean(odoo, db_copy):
    db = db_copy("upgrade")
    code, log = odoo.run("-d", db, "-u", ",".join(OUR_ADDONS), "--stop-after-init", "--no-http")
    assert code == 0, log[-3000:]
    assert not log_problems(log)
    assert module_states(odoo, db) == dict.fromkeys(OUR_ADDONS, "installed")


def test_uninstall_leaves_nothing_and_reinstall_works(odoo, db_copy):
    db = db_copy("uninstall")
    code, log = odoo.run(
        "-d", db, "--no-http", subcommand="shell", stdin=UNINSTALL.format(addons=OUR_ADDONS)
    )
    assert code == 0, log[-3000:]
    assert not log_problems(log)
    assert module_states(odoo, db) == dict.fromkeys(OUR_ADDONS, "uninstalled")
    assert odoo.query(
        db, "SELECT model FROM ir_model WHERE model LIKE 'service.contract%%'"
    ) == []
    assert odoo.query(
        db, "SELECT to_regclass('service_contract_service_kind')"
    ) == [(None,)]
    assert odoo.query(
        db,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_company' AND column_name LIKE 'service_contract%%'",
    ) == []
    # Only the analytic plan "Service Contracts" stays: the analytic
    # accounts of the contracts (and the analytic items of their posted
    # invoices) are accounting data and keep it; a re-install finds it again.
    assert odoo.query(
        db, "SELECT module, model, name FROM ir_model_data WHERE module IN %s", (OUR_ADDONS,)
    ) == [("service_contract_billing", "account.analytic.plan", "analytic_plan_service_contracts")]
    assert odoo.query(
        db,
        "SELECT count(*) > 0 FROM account_analytic_account a JOIN ir_model_data d"
        " ON d.res_id = a.plan_id AND d.name = 'analytic_plan_service_contracts'",
    ) == [(True,)]

    code, log = odoo.run("-d", db, "-i", ",".join(OUR_ADDONS), "--stop-after-init", "--no-http")
    assert code == 0, log[-3000:]
    assert not log_problems(log)
    assert module_states(odoo, db) == dict.fromkeys(OUR_ADDONS, "installed")
