#!/bin/sh
# deb/rpm: put both commands on PATH (the window, and `kairn` which the service menu and the
# autostart entry run), and set the Chromium sandbox helper up as electron-builder's own script does.
set -e
ln -sf /opt/Kairn/kairn-desktop /usr/bin/kairn-desktop
ln -sf /opt/Kairn/bin/kairn /usr/bin/kairn
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 /opt/Kairn/chrome-sandbox || true
else
  chmod 4755 /opt/Kairn/chrome-sandbox || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q /usr/share/icons/hicolor || true; fi
