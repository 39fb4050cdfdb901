#!/bin/sh
# Run before the tests: the render tests draw through the system's Chromium (puppeteer never
# downloads a browser). When none is found and this is a Debian machine where we are root, install
# Debian's `chromium`; otherwise say how, and go on (the render tests will then fail clearly).
if [ -n "${ARCHLINT_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "archlint tests: installing Debian's chromium for the render tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 && exit 0
fi
echo "archlint tests: no Chromium found; install one (apt-get install chromium) or set ARCHLINT_CHROMIUM — the render tests need it" >&2
exit 0
