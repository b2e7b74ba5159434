#!/usr/bin/env bash
# Debian 12 packages the tests, the lab and the packaging check need. Run as root on a fresh machine.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  openssh-server openssh-client haproxy nginx-light samba smbclient postgresql freetds-bin \
  iproute2 nftables util-linux procps psmisc openssl ca-certificates \
  chromium fonts-dejavu-core p7zip-full nsis \
  fish tcsh zsh >/dev/null
# fish, tcsh, zsh: login shells of lab users, to prove remote scripts never depend on the login shell.
# Package installs start no service here; sshd needs its privilege-separation directory.
mkdir -p /run/sshd
