#!/bin/bash
# Dockside's deb postrm and rpm %postun: electron-builder's own after-remove.tpl (app-builder-lib
# templates/linux; a custom afterRemove replaces it), with every path under ${DPKG_ROOT} (see
# after-install.tpl), run only when the package is removed, and removing the CLI's and the
# credential helper's links of after-install.tpl too.
#
# deb passes remove or purge when the package goes, upgrade (and others) when it stays; rpm
# passes the number of versions left: 0 when it goes, 1 on upgrade, where the OLD package's
# %postun runs AFTER the new one's %post, so removing anything then would undo that install.
case "$1" in
    remove|purge|0) ;;
    *) exit 0 ;;
esac

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f "$DPKG_ROOT/usr/bin/${executable}"
fi

# Only our own links: a /usr/bin entry after-install.tpl left alone is not ours to remove.
for command in dockside docker-credential-dockside; do
    link="$DPKG_ROOT/usr/bin/$command"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "/opt/${sanitizedProductName}/resources/launchers/$command" ]; then
        rm -f "$link"
    fi
done

APPARMOR_PROFILE_DEST="$DPKG_ROOT/etc/apparmor.d/${executable}"

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if [ -z "$DPKG_ROOT" ] && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
