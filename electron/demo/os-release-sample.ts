/** The demo machine's /etc/os-release: openSUSE Kalpa (Plasma on MicroOS), as Tumbleweed-based images ship it. */
export const DEMO_OS_RELEASE = `NAME="openSUSE Kalpa"
# VERSION="20261120"
ID="opensuse-kalpa"
ID_LIKE="opensuse suse"
VERSION_ID="20261120"
PRETTY_NAME="openSUSE Kalpa"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:opensuse:kalpa:20261120"
BUG_REPORT_URL="https://bugzilla.opensuse.org"
SUPPORT_URL="https://bugs.opensuse.org"
HOME_URL="https://get.opensuse.org/kalpa/"
DOCUMENTATION_URL="https://en.opensuse.org/Portal:Kalpa"
LOGO="distributor-logo-Tumbleweed"
`;

/** Fedora Kinoite 43 as its image ships it; VERSION matches the booted build of the rpm-ostree simulator's seed. */
export const KINOITE_OS_RELEASE = `NAME="Fedora Linux"
VERSION="43.20261128.0 (Kinoite)"
RELEASE_TYPE=stable
ID=fedora
VERSION_ID=43
VERSION_CODENAME=""
PRETTY_NAME="Fedora Linux 43.20261128.0 (Kinoite)"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:fedoraproject:fedora:43"
HOME_URL="https://fedoraproject.org/atomic-desktops/kinoite/"
SUPPORT_URL="https://ask.fedoraproject.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
VARIANT="Kinoite"
VARIANT_ID=kinoite
OSTREE_VERSION='43.20261128.0'
`;

/** KDE Linux; IMAGE_VERSION is the booted version of the sysupdate simulator's seed. */
export const KDE_LINUX_OS_RELEASE = `NAME="KDE Linux"
PRETTY_NAME="KDE Linux"
ID=kde-linux
ID_LIKE=arch
IMAGE_ID=kde-linux
IMAGE_VERSION=202611290305
ANSI_COLOR="38;2;23;147;209"
HOME_URL="https://kde.org/linux/"
DOCUMENTATION_URL="https://kde.org/linux/docs/"
BUG_REPORT_URL="https://bugs.kde.org/"
LOGO=kde-linux
`;

/** Aurora (Universal Blue, KDE) as its image build writes os-release (reference §9); the version is the seed's booted build. */
export const AURORA_OS_RELEASE = `NAME="Aurora"
VERSION="43.20261128 (Kinoite)"
RELEASE_TYPE=stable
ID=aurora
ID_LIKE="fedora"
VERSION_ID=43
PRETTY_NAME="Aurora (Version: 43.20261128 / FROM Fedora Kinoite 43)"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:universal-blue:aurora:43"
DEFAULT_HOSTNAME="aurora"
HOME_URL="https://getaurora.dev/"
DOCUMENTATION_URL="https://docs.getaurora.dev"
SUPPORT_URL="https://github.com/ublue-os/aurora/issues/"
BUG_REPORT_URL="https://github.com/ublue-os/aurora/issues/"
VARIANT="Kinoite"
VARIANT_ID=aurora
IMAGE_ID="aurora"
IMAGE_VERSION="43.20261128"
OSTREE_VERSION='43.20261128'
`;

/** Bazzite (Universal Blue) as its image build writes os-release (reference §9). */
export const BAZZITE_OS_RELEASE = `NAME="Bazzite"
VERSION="43.20261128 (Kinoite)"
RELEASE_TYPE=stable
ID=bazzite
ID_LIKE="fedora"
VERSION_ID=43
PRETTY_NAME="Bazzite 43 (FROM Fedora Kinoite)"
ANSI_COLOR="0;38;2;138;43;226"
LOGO=bazzite-logo-icon
CPE_NAME="cpe:/o:universal-blue:bazzite:43"
DEFAULT_HOSTNAME="bazzite"
HOME_URL="https://bazzite.gg"
DOCUMENTATION_URL="https://docs.bazzite.gg"
SUPPORT_URL="https://universal-blue.discourse.group/c/bazzite/"
BUG_REPORT_URL="https://github.com/ublue-os/bazzite/issues/"
VARIANT="Kinoite"
VARIANT_ID=bazzite
IMAGE_ID="bazzite-stable"
IMAGE_VERSION="43.20261128"
BOOTLOADER_NAME="Bazzite"
OSTREE_VERSION='43.20261128'
`;
