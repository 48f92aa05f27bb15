"""PostgreSQL administration shared by the test fixtures (conftest.py) and
the benchmark (bench/billing_bench.py). No Odoo import."""

import time

import psycopg2


def admin_sql(connect, sql):
    """Run ``sql`` outside a transaction on the ``postgres`` database;
    ``connect(dbname)`` opens a connection."""
    conn = connect("postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(sql)
    finally:
        conn.close()


def drop_database(connect, name, if_exists=True):
    """Drop the database ``name``. ``WITH (FORCE)`` cannot end an autovacuum
    worker (a superuser's process) that happens to be on it: retry for a
    few seconds."""
    sql = f'DROP DATABASE {"IF EXISTS " if if_exists else ""}"{name}" WITH (FORCE)'
    for attempt in range(20):
        try:
            admin_sql(connect, sql)
            return
        except (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ObjectInUse):
            if attempt == 19:
                raise
            time.sleep(0.5)
