#!/usr/bin/env bash
# Install the pinned front-end libraries from the npm registry (package-lock.json, no install scripts) and copy
# the built files the web app serves into src/dragoman/web/static/vendor/. Run at set-up by the Makefile's
# $(STAMP) recipe; the app itself never reaches the network (no CDN).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/../src/dragoman/web/static/vendor"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
nm="$here/node_modules"
rm -rf "$dest/chart.js" "$dest/cytoscape" "$dest/topojson-client" "$dest/world-atlas" "$dest/swagger-ui"
mkdir -p "$dest/chart.js" "$dest/cytoscape" "$dest/topojson-client" "$dest/world-atlas" "$dest/swagger-ui"
cp "$nm/chart.js/dist/chart.umd.min.js" "$nm/chart.js/LICENSE.md" "$dest/chart.js/"
cp "$nm/cytoscape/dist/cytoscape.min.js" "$nm/cytoscape/LICENSE" "$dest/cytoscape/"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$nm/topojson-client/LICENSE" "$dest/topojson-client/"
cp "$nm/world-atlas/countries-110m.json" "$nm/world-atlas/LICENSE" "$dest/world-atlas/"
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" "$nm/swagger-ui-dist/LICENSE" \
   "$dest/swagger-ui/"
# what was copied, for the app's start-up check and for people
(cd "$nm" && node -e '
  const names = ["chart.js", "cytoscape", "topojson-client", "world-atlas", "swagger-ui-dist"];
  const out = {};
  for (const n of names) out[n] = require("./" + n + "/package.json").version;
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");') > "$dest/versions.json"
echo "front-end libraries copied to ${dest#$here/../}"
