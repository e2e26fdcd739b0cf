#!/usr/bin/env bash
# Install everything and open the dashboard (SQLite at data/tracker.db unless
# TRACKER_DATABASE_URL says otherwise). Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tracker run "$@"
