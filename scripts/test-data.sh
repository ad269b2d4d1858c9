#!/usr/bin/env bash
# Copy new or changed reports and gold files from the shared material (../shared beside
# the checkout, or $XXGK_SHARED) into tests/data, and list what was copied.
# The tests read only tests/data; run this when material arrives in ../shared, then
# name the new files' sources in tests/data/README.md and commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${XXGK_SHARED:-../shared}"
[ -d "$SHARED" ] || { echo "no shared material at $SHARED" >&2; exit 1; }
copied=0
for folder in seeds gold realworld; do
  [ -d "$SHARED/$folder" ] || continue
  mkdir -p "tests/data/$folder"
  for file in "$SHARED/$folder"/*; do
    [ -f "$file" ] || continue
    target="tests/data/$folder/$(basename "$file")"
    if ! cmp -s "$file" "$target"; then
      cp "$file" "$target"
      chmod u+w "$target"
      echo "copied $folder/$(basename "$file")"
      copied=$((copied + 1))
    fi
  done
done
echo "$copied file(s) copied into tests/data"
