#!/usr/bin/env bash
# Refresh the English translation of the desktop UI.
#
#   resources/translations/update.sh          # lupdate + lrelease
#
# 1. pyside6-lupdate collects every self.tr("...") / QCoreApplication.translate(...) string
#    from referral_desk/ui into referral_desk_en.ts (source strings are German).
# 2. Translate new entries (type="unfinished") with pyside6-linguist or an editor.
# 3. pyside6-lrelease builds referral_desk_en.qm, which is committed beside the .ts so an
#    installed app needs no Qt tools.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PYSIDE6_BIN:-$root/.venv/bin}"
cd "$root"
mapfile -t sources < <(find referral_desk/ui -name '*.py' | sort)
"$bin/pyside6-lupdate" -no-obsolete -locations relative -target-language en_GB -source-language de_DE \
    "${sources[@]}" -ts "$here/referral_desk_en.ts"
"$bin/pyside6-lrelease" "$here/referral_desk_en.ts" -qm "$here/referral_desk_en.qm"
