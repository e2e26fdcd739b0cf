"""The benchmark of issue 9 runs end to end at a tiny size, so it cannot rot (no timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench import discover_pages, static_frames
from benchmarks.generate import generate
from tracker import db
from tracker.models import STAGE_ORDER

PROJECT = Path(__file__).resolve().parents[1]


def test_benchmark_runs_end_to_end_and_reports_every_page(tmp_path):
    md, results = tmp_path / "BENCHMARKS.md", tmp_path / "results"
    done = subprocess.run(
        [
            sys.executable, "-m", "benchmarks.bench",
            "--sizes", "30", "--runs", "1", "--no-browser", "--backend", "sqlite",
            "--write-md", "--md-path", str(md), "--results-dir", str(results),
            "--workdir", str(tmp_path / "db"),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    pages = discover_pages()
    assert len(pages) >= 10, pages
    for page in pages:
        assert f"| {page.title} |" in done.stdout, f"no row for {page.title}:\n{done.stdout}"
    assert "(error:" not in done.stdout, done.stdout
    stored = json.loads((results / "sqlite-30.json").read_text())
    assert [p["page"] for p in stored["pages"]] == [p.name for p in pages]
    assert all(p["cold_ms"] and p["warm_ms"] for p in stored["pages"])
    text = md.read_text()
    assert "## Machine" in text and "python -m benchmarks.bench --sizes 30" in text
    assert "### SQLite, 30 applications" in text


def test_pages_and_their_frames_are_read_from_the_app():
    pages = {p.name: p for p in discover_pages()}
    assert pages["overview"].default and pages["overview"].url_path == ""
    assert pages["pipeline"].url_path == "pipeline"
    assert "applications" in static_frames(PROJECT / pages["pipeline"].path)


def test_generated_cohort_is_consistent(tmp_path):
    url = f"sqlite:///{tmp_path / 'cohort.db'}"
    counts = generate(url, 200, seed=3)
    assert counts.rows["application"] == 200
    assert counts.rows["interview_round"] > 200 and counts.rows["feedback"] > 0
    engine = db.get_engine(url)
    with engine.connect() as conn:
        apps = conn.execute(sa.text("SELECT id, stage, closed_on, close_reason FROM application"))
        events = conn.execute(
            sa.text("SELECT application_id, event_type, stage, close_reason FROM stage_event")
        ).all()
        offers = conn.execute(sa.text("SELECT a.stage FROM offer o JOIN application a "
                                      "ON a.id = o.application_id")).scalars().all()  # fmt: skip
        version = conn.execute(sa.text("SELECT data_version FROM app_meta")).scalar()
    furthest: dict[int, int] = {}
    closings: dict[int, list[str]] = {}
    for app_id, event_type, stage, reason in events:
        if event_type == "stage":
            furthest[app_id] = max(furthest.get(app_id, -1), STAGE_ORDER[stage])
        elif event_type == "closed":
            closings.setdefault(app_id, []).append(reason)
    for app_id, stage, closed_on, reason in apps:
        assert furthest[app_id] == STAGE_ORDER[stage], (app_id, stage)
        assert closings.get(app_id, []) == ([reason] if closed_on else []), app_id
    assert offers and set(offers) == {"offer"}
    assert version and version > 0
    db.dispose_engines()
