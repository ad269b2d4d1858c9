#!/usr/bin/env bash
# Refresh the browser libraries the web app serves itself (no CDN: the site works offline).
# Fetches the pinned npm packages with `npm pack`, copies the minified builds and their
# licences into src/xxgk/web/static/vendor/, and records version and sha256 of each file
# in vendor.json (tests/test_web_assets.py checks the files against it).
# Change a version here, run the script, commit the result. Only needed to upgrade.
set -euo pipefail
cd "$(dirname "$0")/.."

HTMX=2.0.11     # 2.x on purpose: npm "latest" is 4.x, with breaking changes
ECHARTS=6.1.0
DEST=src/xxgk/web/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "htmx.org@$HTMX" "echarts@$ECHARTS" >/dev/null)
mkdir -p "$work/htmx" "$work/echarts" "$DEST"
tar xzf "$work/htmx.org-$HTMX.tgz" -C "$work/htmx"
tar xzf "$work/echarts-$ECHARTS.tgz" -C "$work/echarts"

cp "$work/htmx/package/dist/htmx.min.js" "$DEST/htmx.min.js"
cp "$work/htmx/package/LICENSE" "$DEST/htmx.LICENSE.txt"
cp "$work/echarts/package/dist/echarts.min.js" "$DEST/echarts.min.js"
cp "$work/echarts/package/LICENSE" "$DEST/echarts.LICENSE.txt"
cp "$work/echarts/package/NOTICE" "$DEST/echarts.NOTICE.txt"

python3 - "$DEST" "$HTMX" "$ECHARTS" <<'PY'
import hashlib, json, sys
from pathlib import Path
dest, htmx, echarts = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
files = {
    "htmx.min.js": ("htmx.org", htmx, "dist/htmx.min.js"),
    "htmx.LICENSE.txt": ("htmx.org", htmx, "LICENSE"),
    "echarts.min.js": ("echarts", echarts, "dist/echarts.min.js"),
    "echarts.LICENSE.txt": ("echarts", echarts, "LICENSE"),
    "echarts.NOTICE.txt": ("echarts", echarts, "NOTICE"),
}
manifest = [
    {"file": name, "package": pkg, "version": version, "from": f"npm:{pkg}@{version}/{path}",
     "sha256": hashlib.sha256((dest / name).read_bytes()).hexdigest()}
    for name, (pkg, version, path) in files.items()
]
(dest / "vendor.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
PY
echo "vendored htmx.org@$HTMX and echarts@$ECHARTS into $DEST"
