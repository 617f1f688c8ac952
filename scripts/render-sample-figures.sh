#!/usr/bin/env bash
# Renders the sample book's figure sources (SVG, drawn for this project) to the PNGs the book
# inserts. The PNGs are committed, so this only needs running after editing a source.
# Needs rsvg-convert (Debian: librsvg2-bin) and, for the Chinese figure, fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/../book"
for svg in figures-source/fig[0-9][0-9][0-9][0-9].svg; do
  name=$(basename "$svg" .svg)
  rsvg-convert --zoom 1.5 --background-color white -o "figures/${name}-tn.png" "$svg"
done
rsvg-convert --zoom 1.5 --background-color white -o zh/figures/fig0101-tn.png figures-source/fig0101.zh.svg
echo "rendered: $(ls figures/*.png zh/figures/*.png | tr '\n' ' ')"
