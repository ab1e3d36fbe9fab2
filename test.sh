#!/usr/bin/env bash
# Builds the solution (warnings are errors), runs every test project, and prints one closing line
# "N passed, N failed, N skipped" that CI reads. Exits non-zero if the build or any test failed, or if
# no test ran at all.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

readonly SOLUTION=Fulfillment.sln
readonly CONFIGURATION=Release
readonly RESULTS_DIR=TestResults

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

check_prerequisites() {
  command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
  command -v python3 >/dev/null || { echo "test.sh: python3 is needed to read the test results" >&2; exit 1; }
  command -v curl >/dev/null || { echo "test.sh: curl is needed to see that maildev is up" >&2; exit 1; }
  echo "dotnet $(dotnet --version)"
}

# Steps that install what later test suites need (system packages such as chromium or postgresql,
# npm tools such as maildev) go here, before the build, as those suites arrive. (PostgreSQL is
# installed by start_postgres below, when it is missing.)

# PDF and barcode readers for the document and label tests (Fulfillment.Operations.Tests): qpdf checks
# structure, poppler (pdftotext, pdfinfo, pdftoppm) reads and renders, zbar scans the rendered barcodes.
# Those tests fail, never skip, without them.
install_pdf_tools() {
  if command -v qpdf >/dev/null && command -v pdftotext >/dev/null && command -v zbarimg >/dev/null; then
    return
  fi
  command -v apt-get >/dev/null || { echo "test.sh: apt-get is needed to install qpdf, poppler-utils and zbar-tools" >&2; exit 1; }
  local sudo=""
  if (( EUID != 0 )); then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf poppler-utils zbar-tools >/dev/null
}

# Chromium for the Studio's browser tests: Playwright drives Debian's build and never downloads one.
# Under CI=true those tests fail without it, so it is installed when missing.
readonly CHROMIUM=/usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

install_chromium() {
  if [[ -x "$CHROMIUM" ]]; then
    return
  fi
  command -v apt-get >/dev/null || { echo "test.sh: $CHROMIUM is missing and apt-get is not there to install it" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [[ -x "$CHROMIUM" ]] || { echo "test.sh: installing chromium did not provide $CHROMIUM" >&2; exit 1; }
}

# maildev: a real SMTP server with a REST API for the email tests. They read these two ports, and
# fail (never skip) when maildev is not there, so it is always started before the tests.
readonly MAILDEV_VERSION=2.2.1
export MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
export MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
MAILDEV_PID=""
MAILDEV_LOG=""

install_maildev() {
  command -v npm >/dev/null || { echo "test.sh: npm is needed to install maildev" >&2; exit 1; }
  if [[ "$(maildev --version 2>/dev/null)" != "$MAILDEV_VERSION" ]]; then
    npm install --global --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION"
  fi
}

maildev_answers() {
  curl --silent --fail --output /dev/null --max-time 2 "http://127.0.0.1:$MAILDEV_WEB_PORT/email"
}

# Starts maildev in the background (stopped on exit) and waits until its web API answers.
# One that is already running on these ports is used as it is.
start_maildev() {
  if maildev_answers; then
    echo "maildev: already running on 127.0.0.1:$MAILDEV_WEB_PORT, using it"
    return
  fi
  MAILDEV_LOG="$(mktemp -t maildev.XXXXXX.log)"
  maildev --ip 127.0.0.1 --smtp "$MAILDEV_SMTP_PORT" --web "$MAILDEV_WEB_PORT" >"$MAILDEV_LOG" 2>&1 &
  MAILDEV_PID=$!
  local _
  for _ in $(seq 100); do
    if maildev_answers; then
      echo "maildev $MAILDEV_VERSION: SMTP 127.0.0.1:$MAILDEV_SMTP_PORT, web http://127.0.0.1:$MAILDEV_WEB_PORT"
      return
    fi
    kill -0 "$MAILDEV_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "test.sh: maildev did not start on ports $MAILDEV_SMTP_PORT/$MAILDEV_WEB_PORT; its output:" >&2
  cat "$MAILDEV_LOG" >&2
  exit 1
}

stop_maildev() {
  if [[ -n "$MAILDEV_PID" ]]; then
    kill "$MAILDEV_PID" 2>/dev/null || true
    wait "$MAILDEV_PID" 2>/dev/null || true
  fi
  if [[ -n "$MAILDEV_LOG" ]]; then
    rm -f "$MAILDEV_LOG"
  fi
}

# PostgreSQL: a throwaway cluster for the multi-node tests, from Debian's package: initdb/pg_ctl as the
# postgres user (via runuser) in a temp dir, listening on 127.0.0.1 on a spare port, stopped and removed
# on exit. The tests read FULFILLMENT_TEST_POSTGRES (a connection string to its maintenance database)
# and create a fresh database per test class. One given in FULFILLMENT_TEST_POSTGRES is used as it is.
# Under CI=true a PostgreSQL that cannot be installed or started fails the run; elsewhere the
# PostgreSQL tests are skipped, with a message saying so.
PG_DIR=""
PG_BIN=""

postgres_unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "test.sh: $1 (CI=true: the multi-node tests need PostgreSQL)" >&2
    exit 1
  fi
  echo "test.sh: $1; the PostgreSQL tests will be SKIPPED" >&2
}

find_postgres_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

install_postgres() {
  if [[ -n "${FULFILLMENT_TEST_POSTGRES:-}" ]] || find_postgres_bin >/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null || return 1
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

start_postgres() {
  if [[ -n "${FULFILLMENT_TEST_POSTGRES:-}" ]]; then
    echo "PostgreSQL: using FULFILLMENT_TEST_POSTGRES"
    return
  fi
  if ! install_postgres || ! PG_BIN="$(find_postgres_bin)"; then
    postgres_unavailable "PostgreSQL could not be installed (apt-get install postgresql)"
    return
  fi

  local as_postgres=()
  if [[ "$(id -u)" == "0" ]]; then
    as_postgres=(runuser -u postgres --)
  fi
  PG_DIR="$(mktemp -d -t fulfillment-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  if (( ${#as_postgres[@]} > 0 )); then
    chown postgres:postgres "$PG_DIR"
  fi

  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  # fsync off: a test cluster that dies with the machine needs no durability, and it saves the disk.
  if ! "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || ! "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR -c max_connections=400 -c fsync=off" \
      start >/dev/null; then
    cat "$PG_DIR"/*.log >&2 || true
    postgres_unavailable "PostgreSQL did not start"
    return
  fi
  export FULFILLMENT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'): 127.0.0.1:$port"
}

stop_postgres() {
  if [[ -n "$PG_DIR" && -f "$PG_DIR/data/postmaster.pid" ]]; then
    local as_postgres=()
    if [[ "$(id -u)" == "0" ]]; then
      as_postgres=(runuser -u postgres --)
    fi
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [[ -n "$PG_DIR" ]]; then
    rm -rf "$PG_DIR"
  fi
}

build() {
  dotnet build "$SOLUTION" -c "$CONFIGURATION"
}

run_tests() {
  rm -rf "$RESULTS_DIR"
  # --blame-hang-timeout: a hung test host is killed and reported instead of eating CI's time limit.
  # -m:1 runs the test projects one after another: on a 2-core machine the 500-order multi-node run
  # beside the browser tests starved Chromium and timed a designer test out. One at a time costs
  # a few minutes and keeps every project's run as it is on a quiet machine.
  dotnet test "$SOLUTION" -c "$CONFIGURATION" --no-build -m:1 \
    --results-directory "$RESULTS_DIR" \
    --logger "trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m
}

# Counts the results of every TRX file (one per test project) and prints the closing line.
# Fails when there is no result file or no executed test.
summarize() {
  python3 - "$RESULTS_DIR" <<'PY'
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

results_dir = Path(sys.argv[1])
files = sorted(results_dir.rglob("*.trx")) if results_dir.is_dir() else []
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures = []
for trx in files:
    root = ET.parse(trx).getroot()
    for result in root.iterfind(".//t:Results/t:UnitTestResult", ns):
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            # Failed, Error, Timeout, Aborted, ... all count as failures.
            failed += 1
            failures.append(f"{outcome}: {result.get('testName')}")

for failure in failures:
    print(f"  {failure}")
if not files:
    print(f"test.sh: no TRX result files under {results_dir}", file=sys.stderr)
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(0 if files and passed + failed > 0 and failed == 0 else 1)
PY
}

main() {
  trap 'stop_maildev; stop_postgres' EXIT
  trap 'exit 130' INT TERM

  check_prerequisites
  install_maildev
  install_pdf_tools
  install_chromium
  build
  start_maildev
  start_postgres

  local test_status=0
  run_tests || test_status=$?
  if (( test_status != 0 )); then
    echo "test.sh: dotnet test exited with $test_status" >&2
  fi

  # The summary line comes last so it is the run's closing line.
  local summary_status=0
  summarize || summary_status=$?

  if (( test_status != 0 )); then
    exit "$test_status"
  fi
  exit "$summary_status"
}

main "$@"
