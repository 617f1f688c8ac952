# syntax=docker/dockerfile:1
# progit-ebook with calibre pinned (scripts/calibre-version), so every build uses the same converter.
#   docker build --build-arg VERSION="$(node -p 'require("./package.json").version')" -t progit-ebook .
#   docker run --rm -v "$PWD:/book" progit-ebook                  # builds ./ into ./dist
#   docker run --rm -v "$PWD:/book" progit-ebook build . --format all --validate
# BASE is any Debian bookworm image with Node (>= 20) on PATH; scripts/test-docker.sh builds this file
# on a locally made stand-in, because these machines reach no container registry.
ARG BASE=node:26-bookworm-slim

# ---- build: compile the TypeScript, then keep only the production dependencies ----
FROM ${BASE} AS build
WORKDIR /opt/progit-ebook
COPY package.json package-lock.json ./
# A network that inspects TLS needs its CA: pass it as a secret (never stored in a layer), e.g.
#   docker build --secret id=extra_ca,src=/usr/local/share/ca-certificates/my-ca.crt .
# --ignore-scripts: `prepare` would compile before the sources are copied; that is done below.
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi \
 && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY tsconfig.json ./
COPY src ./src
COPY scripts/bundle.mjs ./scripts/bundle.mjs
COPY bin ./bin
# Only src/ is copied, so only src/ is compiled (tsconfig's test/ and scripts/ globs match nothing);
# then the CLI is bundled (lib/src/bundle), which starts in a third of the time, with V8's code
# cache made by this image's own Node (bin/code-cache.cjs).
RUN npx tsc -p tsconfig.json --sourceMap false --declaration false \
 && node scripts/bundle.mjs \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# ---- runtime: Node, calibre, fonts, epubcheck, dia and the compiled CLI ----
FROM ${BASE}
ARG VERSION=0.0.0-dev
ARG SOURCE=https://github.com/progit/progit-ebook
LABEL org.opencontainers.image.title="progit-ebook" \
      org.opencontainers.image.description="Builds HTML, EPUB, MOBI, AZW3 and PDF ebooks from a multi-language Markdown book laid out like Pro Git" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"

# calibre provides ebook-convert (MOBI, AZW3); Chromium prints the PDF; epubcheck and a Java runtime
# validate EPUBs (build --validate); the Noto fonts let PDFs show every script (Arabic, Thai,
# Cyrillic, ...) instead of boxes, and the CJK fonts with TrueType outlines (IPAex,
# WenQuanYi Micro Hei, Nanum) keep Chinese, Japanese and Korean out of Type 3 fonts (src/config/fonts.ts);
# dia renders the localized figures some languages keep as <lang>/figures-dia/*.dia.
# Chromium is pinned to CHROMIUM_VERSION (Debian bookworm's security updates replace it: pass
# --build-arg CHROMIUM_VERSION= to take the current one); its version is in every PDF's cache key.
# Documentation, man pages and translations are not installed (dpkg path-exclude) to keep the image
# small; man1 must still exist because the Java packages' postinst registers its alternatives there.
# The pinned version is installed, and checked again through ebook-convert itself, so a mirror that
# no longer carries it fails the build instead of shipping a different calibre.
COPY scripts/calibre-version /opt/progit-ebook/scripts/calibre-version
ARG CHROMIUM_VERSION=156.0.8078.129
RUN printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
      > /etc/dpkg/dpkg.cfg.d/progit-ebook-slim \
 && mkdir -p /usr/share/man/man1 \
 && calibre_version="$(cat /opt/progit-ebook/scripts/calibre-version)" \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "calibre=${calibre_version}*" "chromium${CHROMIUM_VERSION:+=${CHROMIUM_VERSION}*}" epubcheck default-jre-headless \
      fonts-noto-core fonts-noto-cjk fonts-noto-mono dia \
      fonts-ipaexfont-mincho fonts-ipaexfont-gothic fonts-ipafont-gothic fonts-wqy-microhei fonts-nanum \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log \
 && installed="$(ebook-convert --version | sed -n '1s/.*(calibre \([^)]*\)).*/\1/p')" \
 && if [ "$installed" != "$calibre_version" ]; then \
      echo "ebook-convert --version reports calibre '$installed', scripts/calibre-version pins $calibre_version" >&2; exit 1; \
    fi \
 && rm -rf /root/.config /root/.cache \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg

# Runs as `node` (uid 1000, the official Node images' user; created when BASE lacks it), so files
# written into a bind-mounted checkout belong to the usual first user of the host.
RUN id -u node >/dev/null 2>&1 || useradd --uid 1000 --user-group --create-home --shell /bin/sh node

WORKDIR /opt/progit-ebook
COPY package.json ./
COPY bin ./bin
# src/tools/java stays: build --validate runs epubcheck's long-lived worker from that source.
COPY src/tools/java ./src/tools/java
COPY --from=build /opt/progit-ebook/node_modules ./node_modules
COPY --from=build /opt/progit-ebook/lib ./lib
RUN ln -s /opt/progit-ebook/bin/progit-ebook.js /usr/local/bin/progit-ebook

# calibre's Qt needs no display (offscreen). Chromium (the PDF) runs headless without its sandbox,
# which needs user namespaces that container runtimes' default seccomp profiles refuse to a non-root
# user; the container is the sandbox, and the page printed is this tool's own, scripts and network off.
ENV QT_QPA_PLATFORM=offscreen \
    QTWEBENGINE_DISABLE_SANDBOX=1 \
    CHROMIUM_NO_SANDBOX=1 \
    NODE_ENV=production
USER node
WORKDIR /book
ENTRYPOINT ["progit-ebook"]
CMD ["build", ".", "--out", "dist"]
