#!/usr/bin/env bash
# Runs the unit and time-skipping suites with the machine clock set to each given date, to show
# that no test depends on the day it runs:
#
#   npm run test:clock -- 2026-12-31 2027-06-15 2028-02-29     (these three when none are given)
#
# libfaketime (Debian package `faketime`) sets the clock of Jest and its workers — the tests,
# the API and the activities — from 10:00 UTC of each date on (18:00 China time; a date with a
# time, e.g. '2027-01-01 01:30:00', is taken as given). The monotonic clock stays real, so
# timers keep working. The Java time-skipping server keeps the real clock
# (ONEVISIT_TEST_SERVER_REAL_CLOCK): under libfaketime the JVM takes 20-40 s to listen, past
# sdk-core's 5 s, and a pinned server's clock is its start plus elapsed time, whatever the
# machine's date. None of these suites uses the dev server (a Go binary, which ignores
# LD_PRELOAD) or the browser, so globalSetup starts neither (ONEVISIT_TEST_PINNED_ONLY).
# faketime is installed with apt-get when root, else found on PATH.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "--- installing faketime (libfaketime) with apt-get"
    apt-get update -qq -o DPkg::Lock::Timeout=600 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 faketime >/dev/null
  fi
fi
if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime (libfaketime) is needed: sudo apt-get install -y faketime (Debian/Ubuntu), or brew install libfaketime" >&2
  exit 2
fi

dates=("$@")
[ ${#dates[@]} -eq 0 ] && dates=(2026-12-31 2027-06-15 2028-02-29)

# The suites that must pass at any clock: pure rules, and everything on the pinned test server.
suites=(test/unit test/workflow/.+\.time-skipping\.test\.ts test/api/.+\.time-skipping\.test\.ts
  test/api/rectifications.e2e.test.ts test/api/cases.e2e.test.ts test/api/documents-decisions.e2e.test.ts test/api/inspections.e2e.test.ts)

results=()
status=0
for d in "${dates[@]}"; do
  at="$d"
  [[ "$at" == *:* ]] || at="$d 10:00:00"
  log=".data/test-clock/$(echo "$d" | tr ' :' '__').log"
  mkdir -p .data/test-clock
  echo "--- clock at $at UTC: jest ${suites[*]} (log: $log)"
  ONEVISIT_TEST_PINNED_ONLY=1 ONEVISIT_TEST_SERVER_REAL_CLOCK=1 FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$at" npx jest "${suites[@]}" >"$log" 2>&1
  code=$?
  summary=$(grep -E '^Tests: ' "$log" | tail -1)
  echo "    $(grep -E '^Test Suites: ' "$log" | tail -1); $summary"
  grep -E '^\s+✕' "$log" | head -20
  results+=("$at UTC  exit $code  $summary")
  [ $code -ne 0 ] && status=1
done

echo "--- results"
printf '%s\n' "${results[@]}"
exit $status
