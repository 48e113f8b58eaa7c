#!/usr/bin/env bash
# The one setup command (README: `npm run setup`): the system packages the demo and the tests
# need, where the distribution's package manager allows it, then `npm ci` (which also builds).
# .ci/run runs exactly this, then `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep in step with test/harness/preflight.mjs, which names what is missing.
DEBIAN_PACKAGES=(dbus btrfs-progs snapper python3-dbusmock chromium xvfb rsync acl attr util-linux desktop-file-utils appstream)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

if command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian packages: ${DEBIAN_PACKAGES[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
  # Real snapperd tests mount a btrfs image through a loop device.
  $SUDO modprobe loop 2>/dev/null || true
else
  echo "== no apt-get here: install the equivalents of these Debian packages yourself: ${DEBIAN_PACKAGES[*]}"
fi

echo "== npm ci"
npm ci --no-audit --no-fund
