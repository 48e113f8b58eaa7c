#!/bin/sh
# deb/rpm: remove the links after-install.sh made (only if they still point into /opt/Kairn).
for link in /usr/bin/kairn-desktop /usr/bin/kairn; do
  case "$(readlink "$link" 2>/dev/null)" in /opt/Kairn/*) rm -f "$link" ;; esac
done
