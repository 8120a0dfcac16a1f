#!/usr/bin/env bash
# Refresh the vendored runtime of packaged e-learning content from the npm registry (run by
# hand when upgrading; the platform never fetches anything at run time):
#   tools/vendor_packages.sh 3.4.3
# scorm-again is the SCORM 1.2 / 2004 runtime (the API objects a SCO looks for in its
# parent window). Its version and the sha256 of each vendored file go to CHECKSUMS, the
# licence beside them. (h5p-standalone is not vendored yet: see the packages section of
# the README.)
set -euo pipefail
SA_VERSION=${1:?scorm-again version}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "scorm-again@$SA_VERSION" >/dev/null
mkdir sa
tar xzf "scorm-again-$SA_VERSION.tgz" -C sa --strip-components=1

DEST="$ROOT/static/vendor/scorm-again"
rm -rf "$DEST" && mkdir -p "$DEST"
# The source maps are not shipped, so their comments go (the static storage would look for them).
for name in scorm12.min.js scorm2004.min.js; do
    sed 's#//\# sourceMappingURL=.*$##' "sa/dist/$name" > "$DEST/$name"
done
cp sa/LICENSE "$DEST/LICENSE"
{
    echo "scorm-again $SA_VERSION (npm), MIT"
    echo "npm tarball sha256 $(sha256sum "scorm-again-$SA_VERSION.tgz" | cut -d' ' -f1)"
    (cd "$DEST" && sha256sum scorm12.min.js scorm2004.min.js LICENSE)
} > "$DEST/CHECKSUMS"
echo "$SA_VERSION" > "$DEST/VERSION"
echo "Vendored scorm-again $SA_VERSION."
