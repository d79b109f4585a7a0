#!/usr/bin/env bash
# The browser tests (and npm start) run the production build in Debian's Chromium and Firefox ESR.
# On a fresh machine (CI runs as root) install them; elsewhere say exactly what is missing.
set -euo pipefail
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
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} (Debian packages) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser tests need: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH / FIREFOX_PATH." >&2
  exit 1
fi
