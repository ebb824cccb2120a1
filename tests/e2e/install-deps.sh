#!/usr/bin/env bash
# install-deps.sh: installs (as root, with apt-get) the real RDP servers and
# tools the end-to-end tests start. Without them those tests skip.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  xrdp tigervnc-standalone-server       # xrdp with an Xvnc session
  weston                                # Weston's RDP backend
  freerdp2-shadow-x11 winpr-utils xvfb  # FreeRDP's shadow server on a private Xvfb
  gnome-remote-desktop mutter           # grd 43 headless, sharing a headless mutter,
  pipewire pipewire-bin wireplumber     # through PipeWire (WirePlumber is needed),
  dbus-daemon dbus-bin                  # on a private session bus
  python3-impacket python3-cryptography # rdp-check.py, a second NLA client
  openssl iproute2 procps               # certificates, ss, process control
  glib-networking                       # GIO's TLS backend
  krb5-kdc krb5-admin-server            # MIT's KDC, kdb5_util, kadmin.local (start-kdc.sh)
  python3-kdcproxy                      # the [MS-KKDCP] KDC proxy (start-kdc.sh)
  krb5-user krb5-k5tls                  # kinit/kvno and MIT's own KDC proxy client, by hand
  xdotool x11-apps x11-utils imagemagick # test-viewer, test-example-screenshot: input, xwd, xev, images
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  # A machine that never fetched the package lists (a fresh container) needs
  # them once.
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
    apt-get update -q
  fi
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "e2e servers installed: ${packages[*]}"
