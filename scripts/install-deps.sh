#!/bin/sh
# Installs the Debian packages that building and testing jobhash need,
# and only those that are missing. Runs apt-get as root, or through sudo.
set -eu

packages="build-essential pkg-config libgit2-dev libyaml-dev libssl-dev libcmocka-dev git valgrind python3-yaml"

# Without dpkg this is not a Debian-like system: the build then reports
# whatever is missing.
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "jobhash: dpkg-query not found: install these packages or their equivalents by hand: $packages" >&2
	exit 0
fi

missing=""
for package in $packages; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $package"
	fi
done

[ -z "$missing" ] && exit 0

echo "jobhash: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "jobhash: cannot install$missing: run as root or install sudo" >&2
	exit 2
fi
$sudo apt-get update -qq
# sudo clears the environment by default, so env sets DEBIAN_FRONTEND after
# it.
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
