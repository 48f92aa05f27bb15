"""The setup scripts as a newcomer meets them.

Two kinds of test. The first run the venv step of ``setup/lib.sh`` in a
scratch copy of ``setup/`` with tiny requirement files (so they take seconds,
not a full install), the way ``setup/run`` calls it: under
``set -euo pipefail``. The second run the real ``setup/run`` against
PostgreSQL, stop it with Ctrl-C while it creates its database, and run it
again.

Every failing exit of a setup script must print one line that names the step
that failed and what to do (``ERROR: ...``), and a quiet pip is a pip that
succeeded.
"""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import OUR_ADDONS, free_port, log_problems

REPO = Path(__file__).resolve().parent.parent


def scratch_repo(tmp_path, requirements):
    """A folder shaped like this repository as far as the venv step reads it."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "setup", repo / "setup")
    (repo / "requirements.txt").write_text(requirements)
    (repo / "test-requirements.txt").write_text("")
    return repo


def script_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VENV_DIR", "VAR_DIR", "PYTHON")
    }
    # The interpreter a newcomer has, not the one running these tests.
    env["PYTHON"] = shutil.which("python3", path=os.environ.get("PATH")) or "python3"
    env.update(extra)
    return env


def run_with_lib(repo, commands, env=None, timeout=600):
    """Run COMMANDS in bash after sourcing setup/lib.sh as the scripts do."""
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; . setup/lib.sh; {commands}"],
        cwd=repo,
        env=env or script_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def alarming(stderr):
    """Lines of a successful run that a newcomer would take for trouble."""
    return [
        line
        for line in stderr.splitlines()
        if any(word in line for word in ("ERROR", "Traceback", "WARNING", "error:"))
    ]


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- the venv step ---------------------------------------------------------------


def test_venv_step_succeeds_whatever_pip_prints(tmp_path):
    """Requirements already satisfied make a quiet pip: that is success (the
    silent stop of issue #18). Then: unchanged requirements install nothing,
    changed ones install again, a deleted venv and a venv whose creation was
    interrupted (no pip in it) are made anew."""
    repo = scratch_repo(tmp_path, "pip\n")
    venv = repo / ".venv"

    first = run_with_lib(repo, "ensure_venv")
    assert first.returncode == 0, first.stderr
    assert "installing Python requirements" in first.stderr
    assert not alarming(first.stderr), first.stderr
    assert (venv / ".requirements.sha256").is_file()

    unchanged = run_with_lib(repo, "ensure_venv")
    assert unchanged.returncode == 0, unchanged.stderr
    assert unchanged.stderr == "", "an unchanged venv must be left alone"

    (repo / "requirements.txt").write_text("pip\n# changed\n")
    changed = run_with_lib(repo, "ensure_venv")
    assert changed.returncode == 0, changed.stderr
    assert "installing Python requirements" in changed.stderr
    assert not alarming(changed.stderr), changed.stderr

    shutil.rmtree(venv)
    subprocess.run([script_env()["PYTHON"], "-m", "venv", "--without-pip", venv], check=True)
    half_made = run_with_lib(repo, "ensure_venv")
    assert half_made.returncode == 0, half_made.stderr
    assert "creating the virtual environment" in half_made.stderr
    assert not alarming(half_made.stderr), half_made.stderr
    assert subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"], check=False).returncode == 0


def test_failing_pip_says_why(tmp_path):
    repo = scratch_repo(tmp_path, "sc-no-such-distribution-for-tests==1.0\n")
    result = run_with_lib(repo, "ensure_venv")
    assert result.returncode != 0
    reason = last_line(result.stderr)
    assert reason.startswith("ERROR: installing Python requirements into "), result.stderr
    assert "pip could not install" in reason and "run the command again" in reason
    assert not (repo / ".venv" / ".requirements.sha256").exists(), "a failed install must not be stamped done"


# --- every other way out ------------------------------------------------------------


def test_a_failing_command_names_its_step(tmp_path):
    """A command that fails under set -e, or a filter that selects nothing
    under pipefail, ends the script with one line naming the step."""
    repo = scratch_repo(tmp_path, "")
    result = run_with_lib(
        repo, 'step "filtering a quiet tool" "look at the tool"; true | grep -v anything; echo not reached'
    )
    assert result.returncode == 1
    assert "not reached" not in result.stdout
    assert last_line(result.stderr) == "ERROR: filtering a quiet tool failed (exit 1); look at the tool"


def test_a_missing_odoo_says_what_to_provide(tmp_path):
    repo = scratch_repo(tmp_path, "")
    not_odoo = tmp_path / "not-odoo"
    not_odoo.mkdir()
    (not_odoo / "README").write_text("something else\n")
    result = run_with_lib(repo, "ensure_odoo", env=script_env(ODOO_PATH=str(not_odoo)))
    assert result.returncode == 1
    reason = last_line(result.stderr)
    assert reason.startswith(f"ERROR: finding Odoo 18.0 at {not_odoo}: "), result.stderr
    assert "has no odoo-bin" in reason
    assert result.stderr.count("ERROR") == 1, result.stderr


def test_an_interrupted_step_says_so(tmp_path):
    repo = scratch_repo(tmp_path, "")
    proc = subprocess.Popen(
        ["bash", "-c", 'set -euo pipefail; . setup/lib.sh; step "waiting for a slow thing"; sleep 60'],
        cwd=repo,
        env=script_env(),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGINT)
    stderr = proc.communicate(timeout=30)[1]
    assert proc.returncode == 130
    assert last_line(stderr).startswith("ERROR: interrupted while waiting for a slow thing"), stderr


@pytest.mark.parametrize(
    ("script", "args", "reason"),
    [
        ("run", ["--colour"], "unknown option: --colour"),
        ("run", ["--port", "eighty"], "ERROR: reading the options: --port takes a number, not 'eighty'"),
        ("i18n-export", ["--db", "sc_no_such_database_for_tests"], "ERROR: exporting the terms from sc_no_such_database_for_tests: database sc_no_such_database_for_tests does not exist"),
    ],
)
def test_scripts_refuse_bad_input_with_a_reason(script, args, reason):
    result = subprocess.run(
        [REPO / "setup" / script, *args],
        env=script_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert reason in result.stderr, result.stderr


# --- the run command, stopped while it creates its database ----------------------------------


class RunCommand:
    """setup/run in its own process group, its output in a file."""

    def __init__(self, db, port, var_dir, log_path):
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.proc = subprocess.Popen(
                [REPO / "setup" / "run", "--db", db, "--port", str(port)],
                env=script_env(VAR_DIR=str(var_dir)),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self):
        return self.log_path.read_text()

    def ctrl_c(self, timeout=120):
        """What Ctrl-C in a terminal does: SIGINT to the whole process group."""
        os.killpg(self.proc.pid, signal.SIGINT)
        return self.proc.wait(timeout=timeout)

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def wait_for(condition, timeout, what, run):
    deadline = time.monotonic() + timeout
    while not condition():
        if run.proc.poll() is not None:
            pytest.fail(f"setup/run ended ({run.proc.returncode}) before {what}:\n{run.log()[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout} s:\n{run.log()[-4000:]}")
        time.sleep(0.5)


def test_interrupted_first_run_is_finished_by_the_next(odoo, tmp_path):
    db = f"{odoo.db}_run_{uuid.uuid4().hex[:6]}"
    var_dir = tmp_path / "var"
    port = free_port()

    def modules_installed():
        try:
            return odoo.query(db, "SELECT count(*) FROM ir_module_module WHERE state = 'installed'")[0][0]
        except Exception:  # the database or its tables are not there yet
            return 0

    first = RunCommand(db, port, var_dir, tmp_path / "first.log")
    try:
        # Some of Odoo's modules are in, ours not yet: Ctrl-C now.
        wait_for(lambda: modules_installed() >= 3, 600, "modules being installed", first)
        assert first.ctrl_c() != 0
        assert "ERROR: interrupted while creating the database " + db in first.log(), first.log()[-3000:]
    finally:
        first.kill()
    assert (var_dir / f"{db}.creating").exists(), "the unfinished database must be recognisable"

    second = RunCommand(db, port, var_dir, tmp_path / "second.log")
    try:
        wait_for(lambda: "Odoo is ready" in second.log(), 900, "'Odoo is ready'", second)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=30) as response:
            assert response.status == 200
        states = dict(
            odoo.query(db, "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [list(OUR_ADDONS)])
        )
        assert states == dict.fromkeys(OUR_ADDONS, "installed")
        demo_contracts = odoo.query(db, "SELECT count(*) FROM service_contract")[0][0]
        assert demo_contracts > 0, "the demo data must be served"
        assert second.ctrl_c() == 0, second.log()[-3000:]
    finally:
        second.kill()
        odoo.drop_db(db)
    log = second.log()
    assert "creating it anew" in log
    assert "Odoo stopped" in log
    assert not (var_dir / f"{db}.creating").exists()
    assert not log_problems(log), "\n".join(log_problems(log))

