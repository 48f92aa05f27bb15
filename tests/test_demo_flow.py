"""Issue checks on the demo database, through JSON-RPC like a user or an
integration would: contracts in every state, a demo quotation that creates a
contract when confirmed, and the daily scheduled actions run twice."""

from test_http_server import Client

CRONS = (
    "ir_cron_update_states",
    "ir_cron_expiry_notices",
    "ir_cron_renewal_offers",
    "ir_cron_contact_activities",
)


def xmlid_to_id(client, xmlid):
    module, name = xmlid.split(".")
    rows = client.call(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
    )
    assert rows, f"{xmlid} not found"
    return rows[0]["res_id"]


def test_demo_contracts_cover_every_state(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    states = {
        row["state"]
        for row in client.call("service.contract", "search_read", [], fields=["state"])
    }
    assert {"draft", "running", "paused", "to_renew", "terminated", "expired"} <= states


def test_confirming_the_demo_quotation_creates_a_contract(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    order_id = xmlid_to_id(client, "service_contract.sale_order_air_conditioners_demo")
    client.call("sale.order", "action_confirm", [order_id])
    (order,) = client.call("sale.order", "read", [order_id], ["service_contract_ids", "state"])
    assert order["state"] == "sale"
    assert len(order["service_contract_ids"]) == 1
    (contract,) = client.call(
        "service.contract",
        "read",
        order["service_contract_ids"],
        ["state", "device_ids", "entitlement_ids", "sale_order_id", "package_ids"],
    )
    assert contract["state"] == "running"
    assert contract["sale_order_id"][0] == order_id
    assert len(contract["device_ids"]) == 3
    assert contract["entitlement_ids"]


def counts(client):
    return {
        "activities": client.call("mail.activity", "search_count", [("res_model", "=", "service.contract")]),
        "messages": client.call(
            "mail.message",
            "search_count",
            [("model", "=", "service.contract"), ("message_type", "=", "comment")],
        ),
        "renewal_orders": client.call("sale.order", "search_count", [("renewed_contract_id", "!=", False)]),
        "states": sorted(
            (row["id"], row["state"])
            for row in client.call("service.contract", "search_read", [], fields=["state"])
        ),
    }


def run_crons(client, cron_ids):
    for cron_id in cron_ids:
        client.call("ir.cron", "method_direct_trigger", [cron_id])


def test_daily_crons_twice_do_everything_once(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    cron_ids = [xmlid_to_id(client, f"service_contract.{name}") for name in CRONS]
    before = counts(client)
    run_crons(client, cron_ids)
    first = counts(client)
    assert first["activities"] > before["activities"], "the demo has contracts due for notices"
    run_crons(client, cron_ids)
    assert counts(client) == first
