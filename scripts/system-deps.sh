#!/usr/bin/env bash
# System packages the test suite uses, installed from Debian only when missing:
#   libreoffice-writer-nogui  converts legacy .doc/.wps reports (and is tested doing so)
#   chromium                  the browser the web tests drive through Playwright (never `playwright install`)
#   fonts-noto-cjk            Chinese glyphs for the browser's pages and screenshots
# Idempotent: nothing is downloaded when everything is present.
set -euo pipefail

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
