# progit-ebook with calibre pinned by the Debian release, so every build uses the same converter.
#   docker build -t progit-ebook .
#   docker run --rm -v "$PWD:/book" progit-ebook build /book --out /book/dist
FROM node:22-bookworm-slim

# calibre provides ebook-convert (MOBI); epubcheck and a Java runtime validate EPUBs.
# QT_QPA_PLATFORM=offscreen lets calibre's Qt parts run without a display, as root.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      calibre epubcheck default-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV QT_QPA_PLATFORM=offscreen

WORKDIR /opt/progit-ebook
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY test ./test
COPY scripts ./scripts
COPY bin ./bin
RUN npm ci --no-audit --no-fund && npm prune --omit=dev && rm -rf test src \
 && ln -s /opt/progit-ebook/bin/progit-ebook.js /usr/local/bin/progit-ebook

WORKDIR /book
ENTRYPOINT ["progit-ebook"]
CMD ["--help"]
