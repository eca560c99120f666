#!/usr/bin/env bash
# Makes sure the validators the tests call are on this machine:
#   epubcheck (Debian's jar, run with java), pdftotext/pdffonts (poppler-utils), qpdf,
#   and chromium, which Ace by DAISY (a dev dependency) drives for the accessibility test.
# As root it installs what is missing with apt-get; otherwise it prints the command to run.
set -euo pipefail

missing=()
[ -f /usr/bin/epubcheck ] && command -v java >/dev/null 2>&1 || missing+=(epubcheck)
command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
[ -x "${PUPPETEER_EXECUTABLE_PATH:-/usr/lib/chromium/chromium}" ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "studypack: installing test tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  exit 0
fi

echo "studypack: the tests need these Debian packages: ${missing[*]}" >&2
echo "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
