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

    def json(self, path, params):
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=60) as response:
            body = json.loads(response.read())
        assert "error" not in body, body.get("error")
        return body["result"]


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
    session = client.json(
        "/web/session/authenticate",
        {"db": odoo.db, "login": "admin", "password": "admin"},
    )
    assert session["uid"]
    status, body = client.get("/web/webclient/load_menus/1")
    assert status == 200
    menus = json.loads(body)
    apps = {menus[str(i)]["xmlid"]: menus[str(i)] for i in menus["root"]["children"]}
    app = apps.get("service_contract.service_contract_menu_root")
    assert app, f"no Service Contracts app among {sorted(apps)}"
    assert app["name"] == "Service Contracts"
    children = {menus[str(i)]["xmlid"] for i in app["children"]}
    assert "service_contract.service_contract_menu_configuration" in children
