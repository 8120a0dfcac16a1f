#!/usr/bin/env bash
# Refresh the vendored runtime of packaged e-learning content from the npm registry (run by
# hand when upgrading; the platform never fetches anything at run time):
#   tools/vendor_packages.sh 3.4.3 3.8.2
# scorm-again is the SCORM 1.2 / 2004 runtime (the API objects a SCO looks for in its
# parent window); h5p-standalone is the H5P player (H5P's core in an iframe, playing the
# content-type libraries bundled in each .h5p file). Each one's version and the sha256 of
# each vendored file go to CHECKSUMS, the licence beside them.
set -euo pipefail
SA_VERSION=${1:?scorm-again version}
H5P_VERSION=${2:?h5p-standalone version}
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

npm pack --silent "h5p-standalone@$H5P_VERSION" >/dev/null
mkdir hs
tar xzf "h5p-standalone-$H5P_VERSION.tgz" -C hs --strip-components=1
DEST="$ROOT/packages/static/packages/vendor/h5p-standalone"
rm -rf "$DEST" && mkdir -p "$DEST/styles"
# Only what the player loads: its two bundles, its stylesheet and the files that names
# (fonts, the loading image), which the static storage must find to fingerprint them.
cp hs/dist/main.bundle.js hs/dist/frame.bundle.js hs/dist/main.bundle.js.LICENSE.txt "$DEST/"
cp hs/dist/styles/h5p.css "$DEST/styles/"
grep -o "url('\.\./[^']*')" hs/dist/styles/h5p.css | sed "s#url('\.\./##; s#[?'].*##" | sort -u |
    while read -r file; do
        mkdir -p "$DEST/$(dirname "$file")" && cp "hs/dist/$file" "$DEST/$file"
    done
cp hs/dist/fonts/inter/LICENSE.txt "$DEST/fonts/inter/LICENSE.txt"
cp hs/dist/fonts/open-sans/OFL.txt "$DEST/fonts/open-sans/OFL.txt"
cp hs/LICENSE "$DEST/LICENSE"
{
    echo "h5p-standalone $H5P_VERSION (npm), MIT; fonts: Inter (OFL), Open Sans (OFL), H5P icons"
    echo "npm tarball sha256 $(sha256sum "h5p-standalone-$H5P_VERSION.tgz" | cut -d' ' -f1)"
    (cd "$DEST" && find . -type f ! -name CHECKSUMS ! -name VERSION | sed 's#^\./##' | sort |
        xargs sha256sum)
} > "$DEST/CHECKSUMS"
echo "$H5P_VERSION" > "$DEST/VERSION"
echo "Vendored scorm-again $SA_VERSION and h5p-standalone $H5P_VERSION."
