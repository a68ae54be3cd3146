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
# referral_desk_en_extra.ts is kept by hand and is NOT touched by lupdate: it holds strings
# lupdate cannot attach to the context they are looked up in at run time (self.tr(variable)
# over class-level tuples, helpers around QCoreApplication.translate). lrelease merges it
# into the same .qm. Add a string there when you add such a dynamic lookup.
# referral_desk_de.ts holds only numerus forms ("%n Einwilligung(en)" → "1 Einwilligung" /
# "2 Einwilligungen"): German is the source language, but Qt applies plural forms only
# through a translation, so the German UI loads this small file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PYSIDE6_BIN:-$root/.venv/bin}"
cd "$root"
mapfile -t sources < <(find referral_desk/ui -name '*.py' | sort)
"$bin/pyside6-lupdate" -no-obsolete -locations relative -target-language en_GB -source-language de_DE \
    "${sources[@]}" -ts "$here/referral_desk_en.ts"
"$bin/pyside6-lrelease" "$here/referral_desk_en.ts" "$here/referral_desk_en_extra.ts" -qm "$here/referral_desk_en.qm"
# German plural forms (%n) of German source strings: kept by hand in referral_desk_de.ts.
"$bin/pyside6-lrelease" "$here/referral_desk_de.ts" -qm "$here/referral_desk_de.qm"
