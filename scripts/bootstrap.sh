#!/usr/bin/env bash
# Prepares a machine to build and run ActorRec. Idempotent: every step checks before it changes anything.
#  - libtorch (TorchSharp-cpu) needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+). Debian 12 ships 3.4.30,
#    so there we add the Debian 13 suite from the mirror the system already uses, pinned below the
#    default release, and take only libstdc++6 (and what it pulls in) from it.
#  - redis-server for the persistence and click-log features.
#  - chromium, the headless browser the tests open `actorrec analyze`'s HTML report and the server's live page in
#    (through Playwright's bundled driver, which cannot download a browser of its own here).
set -euo pipefail

log() { printf 'bootstrap: %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    log "not root and no sudo: install the packages below by hand if a step needs them"; fi
fi

have_glibcxx() {
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    [ -e "$lib" ] || continue
    if grep -aq 'GLIBCXX_3\.4\.32' "$lib"; then return 0; fi
  done
  return 1
}

apt_updated=0
apt_update() { if [ "$apt_updated" -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi; }

# The mirror URI of the system's own Debian suite, read from its apt sources (deb822 or one-line style).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /bookworm( |$)/ && u != "" && u !~ /security/) {print u; exit} }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1=="deb" && $0 ~ / bookworm( |$)/ && $0 !~ /security/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit} }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
}

ensure_libstdcxx() {
  if have_glibcxx; then log "libstdc++ has GLIBCXX_3.4.32"; return; fi
  if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
    log "libstdc++ lacks GLIBCXX_3.4.32 and this is not Debian 12: install libstdc++ from GCC 13 or newer"; return 1
  fi
  local mirror; mirror=$(debian_mirror)
  if [ -z "$mirror" ]; then log "could not read the Debian mirror from /etc/apt/sources*"; return 1; fi
  log "installing libstdc++6 from Debian 13 (trixie) via $mirror"
  $SUDO tee /etc/apt/sources.list.d/actorrec-trixie.sources >/dev/null <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO tee /etc/apt/preferences.d/actorrec-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_updated=0; apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  have_glibcxx || { log "libstdc++6 from trixie did not bring GLIBCXX_3.4.32"; return 1; }
  log "libstdc++ now has GLIBCXX_3.4.32"
}

ensure_redis() {
  if command -v redis-server >/dev/null 2>&1; then log "redis-server present"; return; fi
  if ! command -v apt-get >/dev/null 2>&1; then log "redis-server missing: install it with your package manager"; return; fi
  log "installing redis-server"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  # The tests start their own servers on free ports; the distribution's service is not needed.
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then log "chromium present"; return; fi
  if ! command -v apt-get >/dev/null 2>&1; then log "chromium missing: install it with your package manager (the report and live page browser tests skip without it)"; return; fi
  log "installing chromium"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
}

ensure_libstdcxx
ensure_redis
ensure_chromium
