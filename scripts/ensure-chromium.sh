#!/bin/sh
# Run before the tests: the render tests draw through the system's Chromium (puppeteer never
# downloads a browser) and check the SVG in librsvg too (`rsvg-convert`). When either is missing
# and this is a Debian machine where we are root, install Debian's `chromium` and `librsvg2-bin`;
# otherwise say how, and go on (the render tests will then fail clearly).
need=""
if [ -z "${ARCHLINT_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
  need="chromium"
fi
if ! command -v rsvg-convert >/dev/null 2>&1; then
  need="$need librsvg2-bin"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "archlint tests: installing Debian's$need for the render tests…" >&2
  # shellcheck disable=SC2086
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need) >/dev/null 2>&1 && exit 0
fi
echo "archlint tests: missing$need; install it (apt-get install$need) or set ARCHLINT_CHROMIUM — the render tests need Chromium and rsvg-convert" >&2
exit 0
