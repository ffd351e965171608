#!/bin/bash
# Dockside's deb postinst and rpm %post: electron-builder's own after-install.tpl (app-builder-lib
# templates/linux; a custom afterInstall replaces it), with every path under ${DPKG_ROOT} (dpkg's
# root for chrootless --root installs; empty otherwise, and under rpm), then the CLI and the
# credential helper put on PATH: /usr/bin/dockside and /usr/bin/docker-credential-dockside link
# the launchers in resources/launchers (the GUI is /usr/bin/${executable}).

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L "$DPKG_ROOT/usr/bin/${executable}" -a -e "$DPKG_ROOT/usr/bin/${executable}" -a "`readlink "$DPKG_ROOT/usr/bin/${executable}"`" != '/etc/alternatives/${executable}' ]; then
        rm -f "$DPKG_ROOT/usr/bin/${executable}"
    fi
    # update-alternatives reads DPKG_ROOT itself: these paths are inside that root.
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' "$DPKG_ROOT/usr/bin/${executable}"
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' "$DPKG_ROOT/usr/bin/${executable}"
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 "$DPKG_ROOT/opt/${sanitizedProductName}/chrome-sandbox" || true
else
    chmod 0755 "$DPKG_ROOT/opt/${sanitizedProductName}/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database "$DPKG_ROOT/usr/share/mime" || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database "$DPKG_ROOT/usr/share/applications" || true
fi

# Install apparmor profile. (Ubuntu 24+)
# First check if the version of AppArmor running on the device supports our profile.
# This is in order to keep backwards compatibility with Ubuntu 22.04 which does not support abi/4.0.
# In that case, we just skip installing the profile since the app runs fine without it on 22.04.
#
# Those apparmor_parser flags are akin to performing a dry run of loading a profile.
# https://wiki.debian.org/AppArmor/HowToUse#Dumping_profiles
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$DPKG_ROOT/opt/${sanitizedProductName}/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET="$DPKG_ROOT/etc/apparmor.d/${executable}"
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"

    # Updating the current AppArmor profile is not possible and probably not meaningful in a chroot'ed environment.
    # Use cases are for example environments where images for clients are maintained.
    # There, AppArmor might correctly be installed, but live updating makes no sense.
    if [ -z "$DPKG_ROOT" ] && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      # Extra flags taken from dh_apparmor:
      # > By using '-W -T' we ensure that any abstraction updates are also pulled in.
      # https://wiki.debian.org/AppArmor/Contribute/FirstTimeProfileImport
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# The CLI and the credential helper on PATH (Docker finds docker-credential-<name> on PATH).
# A /usr/bin entry that is not our link (another package's, an npm install's) is left alone.
for command in dockside docker-credential-dockside; do
    link="$DPKG_ROOT/usr/bin/$command"
    target="/opt/${sanitizedProductName}/resources/launchers/$command"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then
        continue
    fi
    if [ -e "$link" ] || [ -L "$link" ]; then
        echo "Dockside: /usr/bin/$command exists and is not Dockside's; left as it is ($target is the one this package ships)."
        continue
    fi
    ln -s "$target" "$link"
done
