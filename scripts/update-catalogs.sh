#!/usr/bin/env bash
# Bring the parent-language catalogs up to date with the code, then compile them.
#   scripts/update-catalogs.sh            extract new words, merge them into every .po, compile
#   scripts/update-catalogs.sh compile    only compile (after correcting a translation in a .po)
# Needs Babel (in requirements.txt). Restart the app afterwards: catalogs are read once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-pybabel}"
LOCALES=vigreview/locales
if [[ "${1:-}" != "compile" ]]; then
    "$PYBABEL" extract -F babel.cfg --no-location --sort-output -c TRANSLATORS: \
        --project="VIG Review" -o "$LOCALES/vigreview.pot" vigreview
    "$PYBABEL" update -D vigreview -i "$LOCALES/vigreview.pot" -d "$LOCALES" --no-fuzzy-matching
fi
"$PYBABEL" compile -D vigreview -d "$LOCALES" --statistics
