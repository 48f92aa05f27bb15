"""The checks the Odoo community runs on its addons, on ours.

- pylint with the pylint_odoo plugin (its Odoo checks, configured in the
  repository's .pylintrc);
- OCA's module checks (oca-checks-odoo-module: XML, manifests, CSV);
- OCA's .po checks (oca-checks-po) on every .po and .pot, po-pretty-format
  included (OCA's template switches that one off; we keep the files in its
  canonical format, see setup/i18n_merge.py).

The tools come from test-requirements.txt and run from the bin folder of the
venv setup/test uses (SC_PYTHON). A test fails with the tool's findings.
"""

import glob
import os
import subprocess

import pytest

from conftest import OUR_ADDONS

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tool(name):
    """The path of a console script of the project's venv."""
    python = os.environ.get("SC_PYTHON")
    if not python:
        pytest.fail("SC_PYTHON not set: run these tests through setup/test", pytrace=False)
    path = os.path.join(os.path.dirname(python), name)
    assert os.access(path, os.X_OK), f"{path} is missing: install test-requirements.txt"
    return path


def run(args, env=None):
    """Run a checker from the repository root; return (exit code, output)."""
    done = subprocess.run(
        args,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def manifests():
    paths = [os.path.join(addon, "__manifest__.py") for addon in OUR_ADDONS]
    for path in paths:
        assert os.path.isfile(os.path.join(REPO, path)), f"{path} not found"
    return paths


def test_pylint_odoo():
    odoo_path = os.environ.get("SC_ODOO_PATH")
    if not odoo_path:
        pytest.fail("SC_ODOO_PATH not set: run these tests through setup/test", pytrace=False)
    # pylint resolves `odoo` imports (super() of Odoo's models, fields) from the Odoo tree.
    env = dict(os.environ, PYTHONPATH=odoo_path)
    code, output = run(
        [tool("pylint"), "--rcfile=.pylintrc", "--jobs=1", *OUR_ADDONS], env=env
    )
    assert code == 0 and not output, f"pylint-odoo (exit {code}) found:\n{output}"


def test_oca_module_checks():
    code, output = run([tool("oca-checks-odoo-module"), *manifests()])
    assert code == 0 and not output, f"oca-checks-odoo-module (exit {code}) found:\n{output}"


def test_oca_po_checks():
    po_files = sorted(
        os.path.relpath(path, REPO)
        for addon in OUR_ADDONS
        for path in glob.glob(os.path.join(REPO, addon, "i18n", "*.po*"))
    )
    assert len(po_files) >= 2 * len(OUR_ADDONS), f"expected a .pot and a .po per addon: {po_files}"
    # No --enable: that would run only the named checks; all of them are on by
    # default, po-pretty-format too.
    code, output = run([tool("oca-checks-po"), *po_files])
    assert code == 0 and not output, f"oca-checks-po (exit {code}) found:\n{output}"
