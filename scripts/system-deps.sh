#!/usr/bin/env bash
# Debian packages casekit needs beyond Python: chromium (PDF output and browser tests) and
# poppler-utils (pdftoppm, for the PDF test), tesseract-ocr (scanned PDF notes). Installed only when missing; never a browser download.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "casekit: please install ${need[*]} (apt-get install ${need[*]}); PDF output needs them" >&2
  exit 0
fi
echo "casekit: installing ${need[*]} from Debian (about a minute)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
