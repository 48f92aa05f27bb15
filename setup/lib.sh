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
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    # apt_install PKG...: install Debian packages that are missing (root only).
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    as_root || die "missing Debian packages: ${missing[*]} (run as root or install them)"
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
        apt-get update -q >/dev/null 2>&1
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    } || die "could not install ${missing[*]}"
}

# --- Odoo source -----------------------------------------------------------

ensure_odoo() {
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
    ODOO_SERIES=$(sed -n 's/^version_info = (\([0-9]*\), *\([0-9]*\),.*/\1.\2/p' "$ODOO_PATH/odoo/release.py")
    [ "$ODOO_SERIES" = "18.0" ] \
        || die "$ODOO_PATH holds Odoo ${ODOO_SERIES:-of unknown version}, not 18.0 (see odoo/release.py)"
    ADDONS_PATH="$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$REPO_DIR"
}

# --- Python ----------------------------------------------------------------

ensure_venv() {
    local python=${PYTHON:-python3} stamp="$VENV_DIR/.requirements.sha256" digest
    if [ ! -x "$VENV_DIR/bin/python" ]; then
        say "creating the virtual environment $VENV_DIR"
        "$python" -m venv "$VENV_DIR" || die "could not create a venv with $python (Python 3.11+ with venv needed)"
    fi
    digest=$(cat "$REPO_DIR/requirements.txt" "$REPO_DIR/test-requirements.txt" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
        say "installing Python requirements into $VENV_DIR"
        "$VENV_DIR/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' >&2 || true
        "$VENV_DIR/bin/python" -m pip install -q --prefer-binary \
            -r "$REPO_DIR/requirements.txt" -r "$REPO_DIR/test-requirements.txt" 2>&1 \
            | grep -v '^WARNING: Location' >&2
        [ "${PIPESTATUS[0]}" = 0 ] || die "pip could not install the requirements"
        echo "$digest" >"$stamp"
    fi
    PYTHON_BIN="$VENV_DIR/bin/python"
}

# --- PostgreSQL --------------------------------------------------------------

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

ensure_postgres() {
    command -v pg_isready >/dev/null || apt_install postgresql-client
    if ! pg_answers; then
        case "$PGHOST" in 127.0.0.1|localhost) ;; *) die "PostgreSQL at $PGHOST:$PGPORT does not answer" ;; esac
        as_root || die "no PostgreSQL answers on $PGHOST:$PGPORT; start one, or run as root to have it installed"
        apt_install postgresql
        local cluster
        cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p {print $1 " " $2; exit}')
        if [ -z "$cluster" ]; then
            local version
            version=$(ls /usr/lib/postgresql | sort -V | tail -1)
            say "creating PostgreSQL $version cluster 'main' on port $PGPORT"
            pg_createcluster "$version" main -p "$PGPORT" >/dev/null || die "pg_createcluster failed"
            cluster="$version main"
        fi
        say "starting PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start || die "could not start PostgreSQL cluster $cluster"
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
    PG_VERSION=$(psql -d postgres -tAc 'SHOW server_version')
}

db_exists() { [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

drop_our_db() {
    case "$1" in "$DB_PREFIX"*) ;; *) die "refusing to drop $1: not one of ours (prefix $DB_PREFIX)" ;; esac
    # WITH (FORCE) cannot end an autovacuum worker (a superuser's process)
    # that happens to be on the database: try again a moment later.
    local attempt
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 && return 0
        sleep 1
    done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

# --- Browser and PDF tools for tests -----------------------------------------

ensure_test_tools() {
    local pkgs=()
    command -v chromium >/dev/null || command -v google-chrome >/dev/null || pkgs+=(chromium)
    command -v wkhtmltopdf >/dev/null || pkgs+=(wkhtmltopdf)
    command -v pdftotext >/dev/null || pkgs+=(poppler-utils)
    # Fonts so that PDFs and screenshots render text; xvfb-less wkhtmltopdf
    # needs the patched-Qt build or an X server: Debian's runs headless with
    # QT_QPA_PLATFORM=offscreen.
    dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed" || pkgs+=(fonts-dejavu-core)
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
