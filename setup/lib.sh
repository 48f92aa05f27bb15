# Shared functions of the project's environment scripts (setup/run, setup/test).
# Source it; do not run it. Every function is idempotent: a second call with
# nothing changed does nothing but check.
#
# Settings, all overridable from the environment:
#   ODOO_PATH      Odoo 18.0 community tree (odoo-bin, odoo/, addons/)
#   PGHOST PGPORT  PostgreSQL server (127.0.0.1:5432)
#   PGUSER PGPASSWORD  login role Odoo uses (odoo / odoo); created when we
#                  install or start the server ourselves as root.
# shellcheck shell=bash

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-$HOME/.local/share/odoo-18.0}
ODOO_UPSTREAM=${ODOO_UPSTREAM:-https://github.com/odoo/odoo.git}
VENV_DIR=${VENV_DIR:-$REPO_DIR/.venv}
VAR_DIR=${VAR_DIR:-$REPO_DIR/var}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-odoo}
export PGPASSWORD=${PGPASSWORD:-odoo}
# Prefix of every database the scripts create; nothing else is ever dropped.
DB_PREFIX=sc_
OUR_ADDONS=service_contract,service_contract_billing,service_contract_stock

say() { printf '==> %s\n' "$*" >&2; }

# --- Saying why ----------------------------------------------------------------
# No script ends without saying why. Each names what it is doing with
#   step "WHAT IT DOES" "WHAT TO DO WHEN IT FAILS"
# die prints its own reason; any other non-zero exit (a failing command under
# set -e, Ctrl-C, a kill) is reported by the EXIT trap as one line naming the
# step. Scripts add their own clean-ups with at_exit FUNCTION.
SC_STEP="starting up"
SC_STEP_HINT="run the command again; if it fails the same way, run it with 'bash -x' to see the failing command"
SC_EXPLAINED=0
SC_AT_EXIT=()

step() {
    SC_STEP=$1
    SC_STEP_HINT=${2:-"fix what the output above names, then run the command again"}
}

die() {
    printf 'ERROR: %s: %s\n' "$SC_STEP" "$*" >&2
    SC_EXPLAINED=1
    exit 1
}

# explained: the script has printed why it exits non-zero (usage, a summary).
explained() { SC_EXPLAINED=1; }

at_exit() { SC_AT_EXIT+=("$1"); }

_sc_on_exit() {
    local rc=$? cleanup
    trap - EXIT INT TERM HUP
    for cleanup in "${SC_AT_EXIT[@]}"; do "$cleanup" || true; done
    if [ "$rc" -ne 0 ] && [ "$SC_EXPLAINED" != 1 ]; then
        if [ "$rc" -gt 128 ]; then
            printf 'ERROR: interrupted while %s (signal %s); nothing is lost: run the command again\n' \
                "$SC_STEP" "$((rc - 128))" >&2
        else
            printf 'ERROR: %s failed (exit %s); %s\n' "$SC_STEP" "$rc" "$SC_STEP_HINT" >&2
        fi
    fi
    exit "$rc"
}
trap _sc_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

as_root() { [ "$(id -u)" = 0 ]; }

deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

apt_install() {
    # apt_install PKG...: install Debian packages that are missing (root only).
    local missing=() pkg
    for pkg in "$@"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    as_root || die "missing Debian packages: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
        apt-get update -q >/dev/null 2>&1
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    } || die "apt-get could not install ${missing[*]} (its message is above); check the machine's Debian sources"
}

# --- Odoo source -----------------------------------------------------------

ensure_odoo() {
    step "finding Odoo 18.0 at $ODOO_PATH" \
        "point ODOO_PATH at an Odoo 18.0 community tree (a folder with odoo-bin, odoo/ and addons/)"
    if [ ! -x "$ODOO_PATH/odoo-bin" ]; then
        if [ -e "$ODOO_PATH" ] && [ -n "$(ls -A "$ODOO_PATH" 2>/dev/null)" ]; then
            die "ODOO_PATH=$ODOO_PATH exists but has no odoo-bin. Point ODOO_PATH at an Odoo 18.0 community tree (a folder with odoo-bin, odoo/ and addons/)."
        fi
        say "no Odoo at $ODOO_PATH: cloning the official 18.0 branch"
        mkdir -p "$(dirname "$ODOO_PATH")"
        git clone -q --depth 1 --branch 18.0 "$ODOO_UPSTREAM" "$ODOO_PATH" || {
            rm -rf "$ODOO_PATH"
            die "could not clone $ODOO_UPSTREAM (branch 18.0). Provide an Odoo 18.0 community tree (odoo-bin, odoo/, addons/) and set ODOO_PATH to it, or put it at \$HOME/.local/share/odoo-18.0."
        }
    fi
    [ -f "$ODOO_PATH/odoo/release.py" ] && [ -d "$ODOO_PATH/addons" ] \
        || die "$ODOO_PATH is not an Odoo source tree (odoo/release.py or addons/ missing)"
    ODOO_SERIES=$(sed -n 's/^version_info = (\([0-9]*\), *\([0-9]*\),.*/\1.\2/p' "$ODOO_PATH/odoo/release.py" || true)
    [ "$ODOO_SERIES" = "18.0" ] \
        || die "$ODOO_PATH holds Odoo ${ODOO_SERIES:-of unknown version}, not 18.0 (see odoo/release.py)"
    ADDONS_PATH="$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$REPO_DIR"
}

# --- Python ----------------------------------------------------------------

pip_quietly() {
    # pip_quietly ARGS...: pip in the venv; shows what pip says but for lines
    # that only add noise, and returns pip's own exit status (a pip that says
    # nothing has succeeded).
    local log rc=0
    log=$(mktemp "${TMPDIR:-/tmp}/sc_pip.XXXXXX") || die "cannot create a temporary file in ${TMPDIR:-/tmp}"
    "$VENV_DIR/bin/python" -m pip --disable-pip-version-check "$@" >"$log" 2>&1 || rc=$?
    grep -v -e '^WARNING: Location' -e '^\[notice\]' "$log" >&2 || true
    rm -f "$log"
    return "$rc"
}

ensure_venv() {
    local python=${PYTHON:-python3} stamp="$VENV_DIR/.requirements.sha256" digest
    step "creating the virtual environment $VENV_DIR" \
        "Python 3.11 or 3.12 with the venv module is needed (Debian: apt-get install python3-venv); set PYTHON to choose the interpreter"
    # A venv whose creation was interrupted has a python but no pip: make it anew.
    if ! "$VENV_DIR/bin/python" -m pip --version >/dev/null 2>&1; then
        say "creating the virtual environment $VENV_DIR"
        "$python" -m venv --clear "$VENV_DIR" \
            || die "could not create a venv with $python (Python 3.11+ with venv needed)"
    fi
    step "installing Python requirements into $VENV_DIR" \
        "check that PyPI is reachable and that requirements.txt installs (pip's message is above), then run the command again"
    digest=$(cat "$REPO_DIR/requirements.txt" "$REPO_DIR/test-requirements.txt" | sha256sum | cut -d' ' -f1) \
        || die "cannot read requirements.txt and test-requirements.txt in $REPO_DIR"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$digest" ]; then
        say "installing Python requirements into $VENV_DIR"
        pip_quietly install -q --upgrade pip \
            || say "could not upgrade pip (see above); going on with the venv's own pip"
        pip_quietly install -q --prefer-binary \
            -r "$REPO_DIR/requirements.txt" -r "$REPO_DIR/test-requirements.txt" \
            || die "pip could not install requirements.txt and test-requirements.txt (its message is above); check that PyPI is reachable, then run the command again"
        echo "$digest" >"$stamp"
    fi
    PYTHON_BIN="$VENV_DIR/bin/python"
}

# --- PostgreSQL --------------------------------------------------------------

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

ensure_postgres() {
    step "reaching PostgreSQL at $PGHOST:$PGPORT as $PGUSER" \
        "start PostgreSQL on $PGHOST:$PGPORT with a role that may create databases (PGUSER/PGPASSWORD), or run as root to have it installed"
    command -v pg_isready >/dev/null || apt_install postgresql-client
    if ! pg_answers; then
        case "$PGHOST" in 127.0.0.1|localhost) ;; *) die "PostgreSQL at $PGHOST:$PGPORT does not answer" ;; esac
        as_root || die "no PostgreSQL answers on $PGHOST:$PGPORT; start one, or run as root to have it installed"
        apt_install postgresql
        local cluster version
        cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p {print $1 " " $2; exit}' || true)
        if [ -z "$cluster" ]; then
            version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1 || true)
            [ -n "$version" ] || die "Debian's postgresql is installed but /usr/lib/postgresql holds no server version"
            say "creating PostgreSQL $version cluster 'main' on port $PGPORT"
            pg_createcluster "$version" main -p "$PGPORT" >/dev/null || die "pg_createcluster $version main failed (see above)"
            cluster="$version main"
        fi
        say "starting PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start || die "could not start PostgreSQL cluster $cluster (see above; its log is in /var/log/postgresql)"
        for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
        pg_answers || die "PostgreSQL started but does not answer on $PGHOST:$PGPORT"
    fi
    if ! psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        as_root && id postgres >/dev/null 2>&1 \
            || die "cannot log in to PostgreSQL as $PGUSER; create that role (LOGIN CREATEDB) or set PGUSER/PGPASSWORD"
        say "creating the PostgreSQL role $PGUSER"
        runuser -u postgres -- env -u PGHOST -u PGUSER -u PGPASSWORD psql -q -p "$PGPORT" -v ON_ERROR_STOP=1 \
            -c "DO \$\$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER') THEN
                    CREATE ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
                  ELSE
                    ALTER ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
                  END IF;
                END \$\$;" >/dev/null || die "could not create the role $PGUSER"
        psql -d postgres -tAc 'SELECT 1' >/dev/null || die "still cannot log in to PostgreSQL as $PGUSER"
    fi
    PG_VERSION=$(psql -d postgres -tAc 'SHOW server_version') || die "PostgreSQL does not tell its version"
}

db_exists() {
    local found
    found=$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'") \
        || die "cannot list the databases of PostgreSQL at $PGHOST:$PGPORT"
    [ "$found" = 1 ]
}

drop_database() {
    # drop_database NAME: drop it, ending its connections. WITH (FORCE) cannot
    # end an autovacuum worker (a superuser's process) that happens to be on
    # the database: try again a moment later. Callers check it is ours.
    local attempt
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 && return 0
        sleep 1
    done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

drop_our_db() {
    case "$1" in "$DB_PREFIX"*) ;; *) die "refusing to drop $1: not one of ours (prefix $DB_PREFIX)" ;; esac
    drop_database "$1"
}

# --- Browser and PDF tools for tests -----------------------------------------

ensure_test_tools() {
    step "installing the test tools (Chromium, wkhtmltopdf, poppler-utils)" \
        "install Debian's chromium, wkhtmltopdf, poppler-utils and fonts-dejavu-core, or run as root"
    local pkgs=()
    command -v chromium >/dev/null || command -v google-chrome >/dev/null || pkgs+=(chromium)
    command -v wkhtmltopdf >/dev/null || pkgs+=(wkhtmltopdf)
    command -v pdftotext >/dev/null || pkgs+=(poppler-utils)
    # Fonts so that PDFs and screenshots render text; xvfb-less wkhtmltopdf
    # needs the patched-Qt build or an X server: Debian's runs headless with
    # QT_QPA_PLATFORM=offscreen.
    deb_installed fonts-dejavu-core || pkgs+=(fonts-dejavu-core)
    [ ${#pkgs[@]} -eq 0 ] || apt_install "${pkgs[@]}"
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    # Qt (wkhtmltopdf) wants a private runtime directory, else it warns.
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
}

# --- Odoo invocation ---------------------------------------------------------

free_port() {
    "$PYTHON_BIN" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_in_use() {
    "$PYTHON_BIN" -c 'import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"
}

odoo_bin() {
    # odoo_bin [shell] ARGS...: odoo-bin from the venv with our addons and
    # database settings.
    local command=()
    [ "${1:-}" = shell ] && { command=(shell); shift; }
    "$PYTHON_BIN" "$ODOO_PATH/odoo-bin" "${command[@]}" \
        --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        "$@"
}

addons_digest() {
    # Digest of our addons' files: tells the run command whether to upgrade.
    (cd "$REPO_DIR" && find service_contract service_contract_billing service_contract_stock -type f \
        ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}
