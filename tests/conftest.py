"""Fixtures for the project-level tests: real Odoo processes and databases.

setup/test installs both addons into a throw-away database and exports where
Odoo and that database are (SC_* variables); these fixtures start odoo-bin
against it or against copies of it. Nothing here imports Odoo: the tests talk
to Odoo the way users and integrations do (HTTP, JSON-RPC, the command line).
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid

import psycopg2
import pytest
from pgadmin import admin_sql, drop_database

LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)
OUR_ADDONS = ("service_contract", "service_contract_billing", "service_contract_stock")


class OdooSetup:
    """Where Odoo, its Python and the test database are, from setup/test."""

    def __init__(self):
        missing = [
            name
            for name in ("SC_ODOO_PATH", "SC_ADDONS_PATH", "SC_TEST_DB", "SC_PYTHON")
            if not os.environ.get(name)
        ]
        if missing:
            pytest.fail(
                f"{', '.join(missing)} not set: run these tests through setup/test",
                pytrace=False,
            )
        self.odoo_path = os.environ["SC_ODOO_PATH"]
        self.addons_path = os.environ["SC_ADDONS_PATH"]
        self.db = os.environ["SC_TEST_DB"]
        self.python = os.environ["SC_PYTHON"]
        self.data_dir = os.path.join(os.environ.get("SC_WORK_DIR", "/tmp"), "data")

    def command(self, *args, subcommand=None, addons_path=None):
        """odoo-bin with ``args``; ``addons_path`` replaces SC_ADDONS_PATH
        (another version of our addons, as the upgrade test needs)."""
        return [
            self.python,
            os.path.join(self.odoo_path, "odoo-bin"),
            *([subcommand] if subcommand else []),
            f"--addons-path={addons_path or self.addons_path}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER', 'odoo')}",
            f"--db_password={os.environ.get('PGPASSWORD', 'odoo')}",
            f"--data-dir={self.data_dir}",
            *args,
        ]

    def run(self, *args, subcommand=None, stdin=None, timeout=900, addons_path=None):
        """Run odoo-bin to completion; return (exit code, log text)."""
        done = subprocess.run(
            self.command(*args, subcommand=subcommand, addons_path=addons_path),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return done.returncode, done.stdout + done.stderr

    def connect(self, db):
        return psycopg2.connect(
            dbname=db,
            host=os.environ.get("PGHOST", "127.0.0.1"),
            port=os.environ.get("PGPORT", "5432"),
            user=os.environ.get("PGUSER", "odoo"),
            password=os.environ.get("PGPASSWORD", "odoo"),
        )

    def query(self, db, sql, params=None):
        with self.connect(db) as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def admin_sql(self, sql):
        admin_sql(self.connect, sql)

    def copy_db(self, suffix, source=None):
        """Copy the test database, or ``source`` (one of its copies), with its
        filestore; names keep our prefix."""
        source_db = source or self.db
        copy = f"{self.db}_{suffix}_{uuid.uuid4().hex[:6]}"
        self.admin_sql(f'CREATE DATABASE "{copy}" TEMPLATE "{source_db}"')
        source = os.path.join(self.data_dir, "filestore", source_db)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(self.data_dir, "filestore", copy))
        return copy

    def drop_db(self, db):
        assert db.startswith(self.db + "_"), db
        drop_database(self.connect, db)
        shutil.rmtree(os.path.join(self.data_dir, "filestore", db), ignore_errors=True)


def log_problems(log):
    """The WARNING/ERROR/CRITICAL lines of an Odoo log."""
    return [line for line in log.splitlines() if LOG_PROBLEM.match(line)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, proc, log_path, timeout=120):
    """Wait until the Odoo server ``proc`` answers at ``url``; fail with the
    end of its log when it dies or does not answer within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Odoo did not start on {url}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)


@pytest.fixture(scope="session")
def odoo():
    return OdooSetup()


@pytest.fixture
def db_copy(odoo):
    """A throw-away copy of the test database, dropped after the test."""
    copies = []

    def make(suffix="copy", source=None):
        copies.append(odoo.copy_db(suffix, source))
        return copies[-1]

    yield make
    for db in copies:
        odoo.drop_db(db)


class Server(str):
    """The base URL of a running Odoo server; tests may declare the
    WARNING/ERROR log lines they provoke on purpose with ``expect_log``."""

    def __new__(cls, url):
        server = super().__new__(cls, url)
        server.expected_logs = []
        return server

    def expect_log(self, pattern):
        self.expected_logs.append(re.compile(pattern))


@pytest.fixture(scope="module")
def odoo_server(odoo, tmp_path_factory):
    """A real Odoo HTTP server on the test database; yields its base URL
    (a ``Server``). Any WARNING/ERROR it logs that no test expected fails."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "odoo.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            odoo.command(
                "-d",
                odoo.db,
                f"--db-filter=^{odoo.db}$",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                "--max-cron-threads=0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = Server(f"http://127.0.0.1:{port}")
    try:
        wait_until_up(url, proc, log_path)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    problems = [
        line
        for line in log_problems(log_path.read_text())
        if not any(pattern.search(line) for pattern in url.expected_logs)
    ]
    assert not problems, "the Odoo server logged:\n" + "\n".join(problems)
