#!/usr/bin/env bash
# The browser tests (and npm start) run the production build in Debian's Chromium and Firefox ESR.
# On a fresh machine (CI runs as root) install them; elsewhere say exactly what is missing.
#
#   ensure-browsers.sh [NAME...]               install what is missing now, then return
#   ensure-browsers.sh --background [NAME...]  the same checks now; the install itself in the background
#   ensure-browsers.sh --wait                  wait for that background install; fail as it failed
#
# `npm test` starts the install in the background and waits for it just before the browser tests, so
# on CI apt downloads and unpacks while the type-check, lint, unit and fault tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
state=node_modules/.cache/ensure-browsers
mode=now
case "${1:-}" in
  --background) mode=background; shift ;;
  --wait) mode=wait; shift ;;
esac

running() { [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; }

if [ "$mode" = wait ]; then
  [ -f "$state/pid" ] || exit 0
  if running; then
    echo "waiting for the browsers' install (apt, pid $(cat "$state/pid"))"
    while running; do sleep 1; done
    echo "waited ${SECONDS} s for apt"
  fi
  code=$(cat "$state/status" 2>/dev/null || echo 1)
  rm -f "$state/pid"
  if [ "$code" != 0 ]; then
    echo "installing the browsers failed (exit $code):" >&2
    tail -n 30 "$state/log" >&2 || true
    exit "$code"
  fi
  echo "browsers installed: $(cat "$state/installed")"
  exit 0
fi

# A finished install that nobody waited for (a run that failed before its browser tests) is history.
if [ "$mode" = background ] && ! running; then rm -f "$state/pid" "$state/status"; fi

# With arguments, only those (npm start needs chromium alone); without, all the tests need.
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(chromium firefox-esr)
missing=()
for name in "${wanted[@]}"; do
  case "$name" in
    chromium) [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium) ;;
    firefox-esr) [ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr) ;;
  esac
done
command -v openssl >/dev/null || missing+=(openssl)
[ "${#missing[@]}" -eq 0 ] && exit 0
if running; then
  # Another run of the test command is installing them right now (npm start inside the unit tests
  # comes here while `npm test` installs): apt would only wait for its lock, or fail on it.
  echo "The browsers are being installed (apt, pid $(cat "$state/pid")); try again when it is done." >&2
  exit 1
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH / FIREFOX_PATH." >&2
  exit 1
fi

# Only what the browsers need to run headless: their Recommends (printer setup, video codecs, Python,
# Perl, avahi...) are about half the packages and none of it is used by a test. The one that is,
# fonts-liberation (a Recommends of chromium-common), is named: the layout tests measure text in it.
packages=()
for name in "${missing[@]}"; do [ "$name" = openssl ] || packages+=("$name"); done
case " ${missing[*]} " in *" chromium "*) packages+=(fonts-liberation) ;; esac
export DEBIAN_FRONTEND=noninteractive
apt_install() { apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

echo "installing ${missing[*]} (Debian packages) for the browser tests"
updated=no
if [ "$mode" = now ] || [[ " ${missing[*]} " == *" openssl "* ]]; then
  apt-get update -qq
  updated=yes
fi
if [ "$mode" = now ]; then
  [[ " ${missing[*]} " == *" openssl "* ]] && packages+=(openssl)
  apt_install "${packages[@]}"
  exit 0
fi
# openssl at once: the unit tests run `npm start` and `npm run bench`, whose own check must find it.
[[ " ${missing[*]} " == *" openssl "* ]] && apt_install openssl
[ "${#packages[@]}" -gt 0 ] || exit 0

mkdir -p "$state"
rm -f "$state/status"
echo "${packages[*]}" >"$state/installed"
echo "  ${packages[*]}: in the background, while the tests that need no browser run (log: $state/log)"
(
  set +e
  { [ "$updated" = yes ] || apt-get update -qq; } >"$state/log" 2>&1 && apt_install "${packages[@]}" >>"$state/log" 2>&1
  echo $? >"$state/status"
) </dev/null &
echo $! >"$state/pid"
