# progit-ebook with calibre pinned by the Debian release, so every build uses the same converter.
#   docker build -t progit-ebook .
#   docker run --rm -v "$PWD:/book" progit-ebook build /book --out /book/dist
FROM node:22-bookworm-slim

# calibre provides ebook-convert (MOBI, AZW3, PDF); epubcheck and a Java runtime validate EPUBs;
# the Noto fonts let PDFs show every script (CJK, Arabic, Thai, Cyrillic, ...) instead of boxes;
# dia renders the localized figures some languages keep as <lang>/figures-dia/*.dia.
# QT_QPA_PLATFORM=offscreen lets calibre's Qt parts run without a display; as root, progit-ebook
# turns off the Chromium sandbox calibre's PDF output would otherwise refuse to start with.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      calibre epubcheck default-jre-headless ca-certificates \
      fonts-noto-core fonts-noto-cjk fonts-noto-mono dia \
 && rm -rf /var/lib/apt/lists/*
ENV QT_QPA_PLATFORM=offscreen

WORKDIR /opt/progit-ebook
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY test ./test
COPY scripts ./scripts
COPY bin ./bin
# src/tools/java stays: build --validate runs epubcheck's long-lived worker from that source.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev && rm -rf test && find src -name '*.ts' -delete \
 && ln -s /opt/progit-ebook/bin/progit-ebook.js /usr/local/bin/progit-ebook

WORKDIR /book
ENTRYPOINT ["progit-ebook"]
CMD ["--help"]
