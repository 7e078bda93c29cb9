# deps.sh: sourced by run.sh and test.sh.  What uvmcheck builds with, as
# Debian 12 packages, and install_missing NAME, which apt-get installs
# those that are missing (NAME says who is installing, on stderr).
#   meson ninja-build gcc clang libclang-rt-14-dev pkg-config: the builds
#   libsqlite3-dev libxxhash-dev libcmocka-dev: the store, fingerprints,
#     the unit tests
#   afl++: the AFL++ engine; python3: the fuzz seed embedding; man-db:
#     man -l in the install test
#   libopenmpi-dev openmpi-bin: check --mpi (meson feature 'mpi')
UVMCHECK_PACKAGES="meson ninja-build clang libclang-rt-14-dev gcc pkg-config libsqlite3-dev libxxhash-dev libcmocka-dev afl++ python3 man-db libopenmpi-dev openmpi-bin"

install_missing() {
	local who=$1 missing=() p sudo=
	for p in $UVMCHECK_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "$who: installing ${missing[*]}" >&2
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq &&
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends "${missing[@]}"
}
