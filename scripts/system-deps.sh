#!/usr/bin/env bash
# System packages the test suite uses, installed from Debian only when missing:
#   libreoffice-writer-nogui  converts legacy .doc/.wps reports, and opens rendered DOCX (converted to PDF)
#   fonts-noto-cjk            Chinese faces for rendered PDFs and screenshots (Noto Serif/Sans CJK SC)
#   poppler-utils             pdffonts: shows that a rendered PDF embeds its Chinese fonts; pdftotext and pdfinfo
#                             make and check the text layouts of the independent corpus (tests/independent)
#   chromium                  the browser the web and HTML-report tests drive through Playwright (never `playwright install`)
#   libpango-1.0-0, libpangoft2-1.0-0  text layout for WeasyPrint (the PDF writer)
# Idempotent: nothing is downloaded when everything is present.
set -euo pipefail

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -q 'Noto Serif CJK' || need+=(fonts-noto-cjk)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)

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
