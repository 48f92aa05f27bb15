"""The installed product served by a real Odoo process, seen over HTTP."""

import json
import urllib.request
from http.cookiejar import CookieJar


class Client:
    """A browser-like HTTP client with a cookie jar (one Odoo session)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return response.status, response.read().decode()

    def json(self, path, params, expect_error=False):
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=60) as response:
            body = json.loads(response.read())
        if expect_error:
            assert "error" in body, body
            return body["error"]
        assert "error" not in body, body.get("error")
        return body["result"]

    def login(self, db, login="admin", password="admin"):
        session = self.json(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        assert session["uid"]
        return session

    def call(self, model, method, *args, expect_error=False, **kwargs):
        return self.json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            expect_error=expect_error,
        )


def test_login_page_is_served(odoo_server):
    status, html = Client(odoo_server).get("/web/login")
    assert status == 200
    assert 'name="login"' in html and 'name="password"' in html


def test_server_is_odoo_18(odoo_server):
    version = Client(odoo_server).json(
        "/jsonrpc", {"service": "common", "method": "version", "args": []}
    )
    assert version["server_serie"] == "18.0"


def test_admin_sees_the_service_contracts_app(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    status, body = client.get("/web/webclient/load_menus/1")
    assert status == 200
    menus = json.loads(body)
    apps = {menus[str(i)]["xmlid"]: menus[str(i)] for i in menus["root"]["children"]}
    app = apps.get("service_contract.service_contract_menu_root")
    assert app, f"no Service Contracts app among {sorted(apps)}"
    assert app["name"] == "Service Contracts"
    children = {menus[str(i)]["xmlid"] for i in app["children"]}
    assert "service_contract.service_contract_menu_configuration" in children


def test_demo_catalog_is_shown(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    templates = client.call(
        "service.contract.template", "search_read", [], fields=["name", "billing_interval"]
    )
    intervals = {t["billing_interval"] for t in templates}
    assert {"monthly", "quarterly", "yearly", "one_time"} <= intervals
    packages = client.call("service.contract.package", "search_read", [], fields=["name"])
    assert {"Basic", "Gold", "Platinum"} <= {p["name"] for p in packages}
    assert client.call("service.contract.service", "search_count", []) >= 6
    views = client.call(
        "service.contract.template", "get_views", [[False, "list"], [False, "form"], [False, "search"]]
    )
    assert "validity_formula" in views["views"]["form"]["arch"]


def test_malicious_formula_cannot_be_saved_over_rpc(odoo, odoo_server):
    client = Client(odoo_server)
    client.login(odoo.db)
    template_id = client.call("service.contract.template", "search", [], limit=1)[0]
    odoo_server.expect_log(r"WARNING .* odoo\.http: The validity formula of template .* is invalid")
    error = client.call(
        "service.contract.template",
        "write",
        [template_id],
        {"validity_formula": "__import__('os').system('id')"},
        expect_error=True,
    )
    assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    assert "__import__" in error["data"]["message"]
    saved = client.call("service.contract.template", "read", [template_id], ["validity_formula"])
    assert saved[0]["validity_formula"] != "__import__('os').system('id')"
