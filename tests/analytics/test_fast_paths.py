"""The fast Readiness and Interview performance computations (numpy positions instead of
merges and groupbys, figures built from plain data) return exactly what the straightforward
pandas versions in ``tests.analytics.straightforward`` return, on generated campaigns with
the awkward cases: undated and unrated rounds, kinds without a label of their own, a
feedback row of a round that is gone, repeated objectives and question lists, bullets,
blank lines, open and closed applications with and without a job description."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from tests.analytics import straightforward
from tests.analytics.builders import (
    OnText,
    apps_frame,
    as_text,
    events_frame,
    feedback_frame,
    rounds_frame,
)
from tracker import charts
from tracker.analytics import performance as perf
from tracker.analytics import readiness as ready
from tracker.analytics.pipeline import application_facts

TODAY = date(2026, 3, 4)
KINDS = ["recruiter_screen", "hiring_manager", "coding", "ml_system_design", "take_home_x"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella"]
QUESTIONS = [
    "Walk me through your CV.\nWhy us?",
    "- Design a feature store\r\n* How would you monitor drift?\n\n1. Explain attention",
    "",
    None,
    "  • Reverse a linked list  \n2) SQL window functions",
]
JOB_DESCRIPTIONS = [
    "We use PyTorch and Kubernetes; ML system design interviews.",
    "SQL, A/B testing and product metrics; some LLM / RAG work.",
    "",
    None,
    "Deep learning (CNNs), time series forecasting, AWS.",
]
OBJECTIVES = ["Practise system design", "Revise SQL window functions", "Read on RAG", None]

plain = OnText(straightforward)


def campaign(seed: int, *, n_apps: int = 30) -> dict[str, pd.DataFrame]:
    """A random campaign shaped like the read side's frames."""
    rng = np.random.default_rng(seed)

    def pick(values: list, p_none: float = 0.0):
        return None if rng.random() < p_none else values[rng.integers(len(values))]

    apps = apps_frame(
        *[
            {
                "id": i,
                "tier": int(rng.integers(1, 4)),
                "company": pick(COMPANIES),
                "company_type": pick(["startup", "big_tech", "public", "other"]),
                "level": pick(["junior", "senior", "staff"], p_none=0.2),
                "applied_on": f"2026-01-{rng.integers(1, 28):02d}",
                "stage": pick(["applied", "recruiter_screen", "technical", "offer"]),
                "closed_on": "2026-02-20" if rng.random() < 0.3 else None,
                "close_reason": pick(["rejected", "ghosted", "withdrew", "offer_accepted"]),
                "archived": bool(rng.random() < 0.1),
                "job_description": pick(JOB_DESCRIPTIONS),
            }
            for i in range(1, n_apps + 1)
        ]
    )
    events = events_frame(*[(i, "stage", "applied", "2026-01-02") for i in range(1, n_apps + 1)])
    rounds = []
    for n in range(1, 6 * n_apps):
        status = pick(["done", "done", "scheduled", "cancelled"])
        day = pd.Timestamp("2026-01-01") + pd.Timedelta(days=int(rng.integers(0, 120)))
        kind = pick(KINDS)
        rounds.append(
            {
                "application_id": int(rng.integers(1, n_apps + 1)),
                "kind": kind,
                "kind_label": "Take-home (custom)" if kind == "take_home_x" else None,
                "status": status,
                "scheduled_at": None if rng.random() < 0.1 else f"{day:%Y-%m-%d}T{n % 24:02d}:00Z",
                "created_at": f"{day - pd.Timedelta(days=3):%Y-%m-%d}T09:00Z",
                "updated_at": f"{day:%Y-%m-%d}T18:00Z",
                "outcome": pick(["passed", "failed", "pending", "unknown"]),
                "self_rating": None if rng.random() < 0.2 else int(rng.integers(1, 6)),
                "company": pick(COMPANIES),
                "track": pick(["ml_engineer", "data_scientist"]),
            }
        )
    rounds = rounds_frame(*rounds)
    kinds = rounds["kind"].astype("str")
    rounds["kind_label"] = (
        rounds["kind_label"]
        .astype("str")
        .fillna(kinds.map(lambda k: k.replace("_", " ").capitalize()))
        .astype("category")
    )
    n_rounds = len(rounds)
    feedback = feedback_frame(
        *[
            {
                "round_id": int(rng.integers(1, n_rounds + 20)),  # some rounds are gone
                "questions_asked": pick(QUESTIONS),
                "went_well": pick(["", "Clear answers", None]),
                "to_improve": pick(["", None, "Be concise"]),
                "reflected_on": "2026-02-01" if rng.random() < 0.3 else None,
                "created_at": f"2026-02-{rng.integers(1, 28):02d}T10:00Z",
            }
            for _ in range(3 * n_apps)
        ]
    )
    objectives = pd.DataFrame(
        [
            {
                "id": n,
                "text": pick(OBJECTIVES),
                "kind": pick(KINDS, p_none=0.1),
                "round_id": int(rng.integers(1, n_rounds + 5)),
                "done": bool(rng.random() < 0.4),
                "done_on": f"2026-02-{rng.integers(1, 28):02d}" if rng.random() < 0.4 else None,
                "is_demo": False,
                "created_at": f"2026-02-{rng.integers(1, 28):02d}T10:00Z",
            }
            for n in range(1, 2 * n_apps)
        ]
    )
    objectives["done_on"] = pd.to_datetime(objectives["done_on"])
    objectives["created_at"] = pd.to_datetime(objectives["created_at"], utc=True)
    return {
        "applications": apps,
        "events": events,
        "rounds": rounds,
        "feedback": feedback,
        "objectives": objectives,
    }


def same(expected: object, actual: object) -> None:
    """Equal values of the same types, frames and rows with the same dtypes."""
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(as_text(actual), as_text(expected))
    elif isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(as_text(actual), as_text(expected))
    elif isinstance(expected, dict):
        assert list(actual) == list(expected)
        for key in expected:
            same(expected[key], actual[key])
    elif isinstance(expected, list):
        assert type(actual) is list and len(actual) == len(expected)
        for e, a in zip(expected, actual, strict=True):
            same(e, a)
    elif expected is None or (not isinstance(expected, str) and pd.isna(expected)):
        assert type(actual) is type(expected) and pd.isna(actual)
    else:
        assert type(actual) is type(expected) and actual == expected


def figure_json(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


SEEDS = range(4)


@pytest.fixture(params=SEEDS)
def data(request) -> dict[str, pd.DataFrame]:
    return campaign(request.param)


def test_readiness_tables_equal_the_straightforward_ones(data):
    rounds, objectives, feedback = data["rounds"], data["objectives"], data["feedback"]
    apps = data["applications"]
    same(plain.kind_labels(rounds), ready.kind_labels(rounds))
    same(
        plain.readiness_by_kind(rounds, objectives, today=TODAY),
        ready.readiness_by_kind(rounds, objectives, today=TODAY),
    )
    same(
        plain.next_round_by_kind(rounds, today=TODAY), ready.next_round_by_kind(rounds, today=TODAY)
    )
    checklist = plain.objective_checklist(objectives, rounds, today=TODAY)
    same(checklist, ready.objective_checklist(objectives, rounds, today=TODAY))
    same(plain.checklist_items(checklist), ready.checklist_items(checklist))
    same(plain.question_bank(feedback, rounds), ready.question_bank(feedback, rounds))
    same(
        plain.reflection_queue(rounds, feedback, today=TODAY),
        ready.reflection_queue(rounds, feedback, today=TODAY),
    )
    same(plain.covered_topics(rounds, objectives), ready.covered_topics(rounds, objectives))
    same(plain.jd_prep(apps, rounds, objectives), ready.jd_prep(apps, rounds, objectives))


@pytest.mark.parametrize("tz", ["UTC", "Pacific/Kiritimati"])
def test_readiness_page_views_equal_the_straightforward_ones(data, tz):
    frames = (data["applications"], data["rounds"], data["objectives"], data["feedback"])
    options = {"today": TODAY, "tz": tz, "bank_shown": 7, "prep_shown": 5}
    same(plain.readiness_overview(*frames, **options), ready.readiness_overview(*frames, **options))
    rounds, feedback = data["rounds"], data["feedback"]
    queue = plain.reflection_queue(rounds, feedback, today=TODAY, tz=tz)
    for chosen in [None, 10**6, *queue["round_id"].head(3)]:
        options = {"today": TODAY, "tz": tz, "shown": 4, "chosen": chosen}
        same(
            plain.reflection_view(rounds, feedback, **options),
            ready.reflection_view(rounds, feedback, **options),
        )


def test_readiness_on_empty_and_partial_frames(data):
    rounds, objectives, feedback = data["rounds"], data["objectives"], data["feedback"]
    apps = data["applications"]
    none = {name: frame.iloc[:0] for name, frame in data.items()}
    cases = [
        (none["rounds"], objectives, feedback, apps),
        (rounds, none["objectives"], none["feedback"], apps),
        (rounds.loc[rounds["status"] == "scheduled"], objectives, feedback, none["applications"]),
        (
            rounds.loc[rounds["status"] == "done"],
            objectives.loc[objectives["done"]],
            feedback,
            apps,
        ),
    ]
    for r, o, f, a in cases:
        options = {"today": TODAY, "bank_shown": 3, "prep_shown": 3}
        same(
            plain.readiness_overview(a, r, o, f, **options),
            ready.readiness_overview(a, r, o, f, **options),
        )
        same(plain.reflection_view(r, f, today=TODAY), ready.reflection_view(r, f, today=TODAY))


def test_performance_tables_equal_the_straightforward_ones(data):
    rounds = data["rounds"]
    same(plain.pass_rates(rounds), perf.pass_rates(rounds))
    same(plain.search_midpoint(rounds), perf.search_midpoint(rounds))
    trend = plain.pass_rate_trend(rounds)
    same(trend, perf.pass_rate_trend(rounds))
    same(plain.trend_table(trend), perf.trend_table(trend))
    same(plain.self_rating_vs_outcome(rounds), perf.self_rating_vs_outcome(rounds))
    same(plain.calibration(rounds), perf.calibration(rounds))
    tables = perf.round_tables(rounds)
    same(perf.pass_rates(rounds), tables["rates"])
    same(perf.search_midpoint(rounds), tables["middle"])
    same(trend, tables["trend"])
    facts = application_facts(data["applications"], data["events"], rounds)
    lenses = {}
    for by in ("company_type", "level", "tier", "source"):
        lenses[by] = plain.career_lens(facts, by)
        same(lenses[by], perf.career_lens(facts, by))
    same(plain.lens_reading(lenses), perf.lens_reading(lenses))


def test_trend_table_averages_kinds_that_share_a_label(data):
    trend = plain.pass_rate_trend(data["rounds"])
    trend["kind_label"] = trend["kind_label"].where(trend["kind"] != "coding", "Hiring manager")
    same(plain.trend_table(trend), perf.trend_table(trend))


def test_charts_equal_the_validated_ones(data):
    rounds = data["rounds"]
    rates, trend = perf.pass_rates(rounds), perf.pass_rate_trend(rounds)
    ratings = perf.self_rating_vs_outcome(rounds)
    facts = application_facts(data["applications"], data["events"], rounds)
    lens = perf.career_lens(facts, "company_type")
    pairs = [
        (plain.pass_rate_chart(rates), charts.pass_rate_chart(rates)),
        (plain.pass_trend_chart(trend), charts.pass_trend_chart(trend)),
        (plain.self_rating_chart(ratings), charts.self_rating_chart(ratings)),
        (plain.career_lens_chart(lens, "By type"), charts.career_lens_chart(lens, "By type")),
    ]
    for validated, fast in pairs:
        assert figure_json(fast) == figure_json(validated)
        # built without plotly's validation: validating it changes nothing
        assert fast.to_dict() == validated.to_dict()


def test_performance_view_figures_are_the_frozen_charts(data):
    rounds, apps, events = data["rounds"], data["applications"], data["events"]
    view = charts.performance_view(rounds, apps, events)
    tables = perf.round_tables(rounds)
    facts = application_facts(apps, events, rounds)
    expected = {
        "rates": charts.frozen(plain.pass_rate_chart(tables["rates"])),
        "trend": charts.frozen(plain.pass_trend_chart(tables["trend"])),
        "ratings": charts.frozen(plain.self_rating_chart(tables["ratings"])),
        "lenses": {
            name: charts.frozen(
                plain.career_lens_chart(perf.career_lens(facts, by), f"Outcomes by {name}")
            )
            for name, by in (("company type", "company_type"), ("level targeted", "level"))
        },
    }
    assert view["figures"] == expected
