#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry (run by hand when
# upgrading; the platform itself never fetches anything at run time).
#   tools/vendor_frontend.sh 2.18.3 4.14.1
set -euo pipefail
BI_VERSION=${1:?bootstrap-italia version}
AXE_VERSION=${2:?axe-core version}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "bootstrap-italia@$BI_VERSION" "axe-core@$AXE_VERSION" >/dev/null
mkdir bi axe
tar xzf "bootstrap-italia-$BI_VERSION.tgz" -C bi --strip-components=1
tar xzf "axe-core-$AXE_VERSION.tgz" -C axe --strip-components=1

DEST="$ROOT/static/vendor/bootstrap-italia"
rm -rf "$DEST" && mkdir -p "$DEST/css" "$DEST/js" "$DEST/svg" "$DEST/fonts"
# The source map is not shipped, so its comment goes (the static storage would look for it).
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' bi/dist/css/bootstrap-italia.min.css > "$DEST/css/bootstrap-italia.min.css"
cp bi/dist/js/bootstrap-italia.bundle.min.js "$DEST/js/"
cp bi/dist/svg/sprites.svg "$DEST/svg/"
cp bi/LICENSE "$DEST/LICENSE"
for family in Titillium_Web Lora Roboto_Mono; do
    mkdir -p "$DEST/fonts/$family"
    cp bi/dist/fonts/$family/*.woff2 bi/dist/fonts/$family/*.woff bi/dist/fonts/$family/*.txt "$DEST/fonts/$family/"
done
echo "$BI_VERSION" > "$DEST/VERSION"

cp axe/axe.min.js axe/LICENSE "$ROOT/tests/e2e/vendor/"
echo "axe-core $AXE_VERSION (npm), MPL-2.0" > "$ROOT/tests/e2e/vendor/README"
echo "Vendored bootstrap-italia $BI_VERSION and axe-core $AXE_VERSION."
