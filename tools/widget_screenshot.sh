#!/usr/bin/env bash
# Render bargain.explore's live widgets in headless Chromium and save a screenshot (issue 21's browser check).
# Needs npm (the npm registry) and chromium; run from the repository root after `make install-test`:
#   bash tools/widget_screenshot.sh [OUT_DIR]
# The notebook is executed with its widget state stored, converted to HTML whose widget manager and
# require.js are served from a local copy of @jupyter-widgets/html-manager (not a CDN), and loaded by
# Chromium, which draws the sliders, the live table and both figures from the stored state.
set -euo pipefail
OUT=${1:-build/widgets}
PORT=${PORT:-8765}
ROOT=$(pwd)
mkdir -p "$OUT"
cd "$OUT"
[ -d hm ] || { npm pack --silent @jupyter-widgets/html-manager@1 >/dev/null && tar xzf jupyter-widgets-html-manager-1.*.tgz && mv package hm; }
[ -d rq ] || { npm pack --silent requirejs@2.3.6 >/dev/null && tar xzf requirejs-2.3.6.tgz && mv package rq; }
"$ROOT/.venv/bin/python" - <<'PY'
import nbformat as nbf
nb = nbf.v4.new_notebook()
nb.cells = [nbf.v4.new_markdown_cell("# bargain.explore: the inspection game (Tsebelis 1989)"),
            nbf.v4.new_code_cell("import bargain as bg\nfrom tests.examples import inspection_game\n"
                                 "ex = bg.explore(inspection_game())\nex.widget()")]
nbf.write(nb, "explore.ipynb")
PY
PYTHONPATH="$ROOT" "$ROOT/.venv/bin/jupyter" nbconvert --to html --execute --ExecutePreprocessor.store_widget_state=True \
  --HTMLExporter.widget_renderer_url="http://localhost:$PORT/hm/dist/embed-amd.js" \
  --HTMLExporter.require_js_url="http://localhost:$PORT/rq/require.js" explore.ipynb
python3 -m http.server "$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=15000 --window-size=1200,1100 \
  --screenshot="$PWD/explore.png" "http://localhost:$PORT/explore.html" 2>/dev/null
echo "wrote $OUT/explore.png"
