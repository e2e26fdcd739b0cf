"""The fast Pipeline and Overview computations (numpy row positions instead of groupby,
merges and row-wise min/max; figures built from plain data) return exactly what the
straightforward versions in ``tests.analytics.straightforward_pipeline`` return, on
generated campaigns with the awkward cases: wishlist items, applications imported without
history or without an applied date, skipped stages, closings and reopenings, offers closed
without an offer event, rounds booked before applying or never dated, events of an
application that is not in the frame, same-day events and rows out of order."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from tests.analytics import straightforward_pipeline
from tests.analytics.builders import (
    OnText,
    apps_frame,
    as_text,
    campaign,
    empty_frames,
    events_frame,
    feedback_frame,
    offers_frame,
    rounds_frame,
)
from tracker import charts
from tracker.analytics import overview as ov
from tracker.analytics import pipeline as pipe
from tracker.models import Stage
from tracker.services.frames import DATE_COLUMNS, TIMESTAMP_COLUMNS

STAGES = [s.value for s in Stage]
START = pd.Timestamp("2026-01-01")
DAYS = [date(2026, 1, 20), date(2026, 3, 4), date(2026, 4, 30), date(2026, 7, 1)]

plain = OnText(straightforward_pipeline)


def generated(seed: int, *, n_apps: int = 80) -> dict[str, pd.DataFrame]:
    """A random campaign shaped like the read side's frames (see the module docstring)."""
    rng = np.random.default_rng(seed)

    def day(offset: int) -> str:
        return (START + pd.Timedelta(days=int(offset))).strftime("%Y-%m-%d")

    apps, events, rounds, feedback, offers = [], [], [], [], []
    for app_id in range(1, n_apps + 1):
        saved = int(rng.integers(0, 120))
        row: dict = {
            "id": app_id,
            "tier": int(rng.integers(1, 4)),
            "source": str(rng.choice(["referral", "cold_application", "recruiter_inbound"])),
            "company_type": str(rng.choice(["startup", "big_tech", "public"])),
            "level": None if rng.random() < 0.2 else str(rng.choice(["junior", "senior"])),
            "track": str(rng.choice(["ml_engineer", "data_scientist"])),
            "archived": bool(rng.random() < 0.05),
            "saved_on": day(saved),
            "next_follow_up": None if rng.random() < 0.4 else day(saved + rng.integers(0, 90)),
        }
        if rng.random() < 0.1:  # a wishlist item, sometimes with its event
            apps.append({**row, "stage": "wishlist"})
            if rng.random() < 0.5:
                events.append((app_id, "stage", "wishlist", day(saved)))
            continue
        applied = saved + int(rng.integers(0, 10))
        furthest = int(rng.integers(1, len(STAGES)))
        history = rng.random() > 0.1  # imported applications may have no history
        on = applied
        if history and rng.random() < 0.9:
            events.append((app_id, "stage", "applied", day(on)))
        for rank in range(2, furthest + 1):
            on += int(rng.integers(0, 12))  # 0: same-day events
            if history and rng.random() > 0.15:  # a stage may be skipped
                events.append((app_id, "stage", STAGES[rank], day(on)))
            if rng.random() < 0.6:
                booked = on - int(rng.integers(0, 20))  # booked before, even before applying
                status = str(rng.choice(["done", "scheduled", "cancelled", "no_show"]))
                rounds.append(
                    {
                        "application_id": app_id,
                        "kind": "coding",
                        "scheduled_at": None if rng.random() < 0.05 else f"{day(on)}T10:00Z",
                        "created_at": None if rng.random() < 0.05 else f"{day(booked)}T09:00Z",
                        "status": status,
                    }
                )
        closed = reason = None
        if rng.random() < 0.6:
            on += int(rng.integers(0, 15))
            reason = (
                str(rng.choice(["offer_accepted", "offer_declined"]))
                if furthest == len(STAGES) - 1 or rng.random() < 0.05
                else str(rng.choice(["rejected", "withdrew", "ghosted"]))
            )
            closed = day(on)
            if history:
                events.append((app_id, "closed", None, closed, reason))
            if history and rng.random() < 0.15:  # reopened: open again
                on += int(rng.integers(0, 10))
                events.append((app_id, "reopened", STAGES[furthest], day(on)))
                closed = reason = None
        stage = STAGES[min(furthest + int(rng.random() < 0.1), len(STAGES) - 1)]
        apps.append(
            {
                **row,
                "stage": stage,
                "applied_on": None if rng.random() < 0.1 else day(applied),
                "closed_on": closed,
                "close_reason": reason,
            }
        )
        if furthest == len(STAGES) - 1 and rng.random() < 0.8:
            offers.append(
                {
                    "application_id": app_id,
                    "status": str(rng.choice(["pending", "negotiating", "accepted"])),
                    "deadline": None if rng.random() < 0.2 else day(on + rng.integers(-20, 40)),
                }
            )
    events.append((n_apps + 7, "stage", "technical", day(30)))  # an application not in apps
    order = rng.permutation(len(events))  # rows out of order: the fast paths must not rely on it
    frames = {
        "applications": apps_frame(*apps),
        "events": events_frame(*[events[i] for i in order]),
        "rounds": rounds_frame(*rounds),
    }
    for n in range(len(rounds)):
        if rng.random() < 0.7:
            reflect = None if rng.random() < 0.2 else day(rng.integers(0, 200))
            done = None if rng.random() < 0.6 else day(rng.integers(0, 200))
            feedback.append({"round_id": n + 1, "reflect_after": reflect, "reflected_on": done})
    feedback.append({"round_id": len(rounds) + 5, "reflect_after": day(3), "reflected_on": None})
    frames["feedback"] = feedback_frame(*feedback)
    frames["offers"] = offers_frame(*offers)
    return frames


def as_read(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames with the units the read side gives: dates in seconds, timestamps in µs."""
    out = {}
    for name, frame in frames.items():
        frame = frame.copy()
        for column in frame.columns:
            if column in DATE_COLUMNS:
                frame[column] = frame[column].astype("datetime64[s]")
            elif column in TIMESTAMP_COLUMNS:
                frame[column] = frame[column].astype("datetime64[us, UTC]")
        out[name] = frame
    return out


CASES = {
    **{f"generated-{seed}": (lambda seed=seed: generated(seed)) for seed in range(3)},
    "generated-as-read": lambda: as_read(generated(11)),
    "campaign": campaign,
    "empty": empty_frames,
}


@pytest.fixture(params=list(CASES))
def frames(request) -> dict[str, pd.DataFrame]:
    return CASES[request.param]()


def same(fast, slow) -> None:
    """Equal frames (dtypes and index included), series, or plain values (NaN == NaN)."""
    if isinstance(slow, pd.DataFrame):
        pd.testing.assert_frame_equal(as_text(fast), as_text(slow), check_exact=True)
    elif isinstance(slow, pd.Series):
        pd.testing.assert_series_equal(as_text(fast), as_text(slow), check_exact=True)
    else:
        assert repr(fast) == repr(slow)


def same_figure(fast, slow) -> None:
    """The same figure JSON (what the browser gets)."""
    assert json.loads(pio.to_json(fast, validate=False)) == json.loads(
        pio.to_json(slow, validate=False)
    )


def facts_of(frames):
    return plain.application_facts(frames["applications"], frames["events"], frames["rounds"])


def test_application_facts(frames):
    apps, events, rounds = frames["applications"], frames["events"], frames["rounds"]
    for chosen in (apps, apps.iloc[::-1], apps.iloc[: len(apps) // 3]):
        same(
            pipe.application_facts(chosen, events, rounds),
            plain.application_facts(chosen, events, rounds),
        )
    fast = pipe.response_dates(apps, events, rounds)
    slow = plain.response_dates(apps, events, rounds)
    same(fast, slow.astype("datetime64[ns]"))


def test_as_day(frames):
    for frame in frames.values():
        for column in frame.columns:
            if column in DATE_COLUMNS or column in TIMESTAMP_COLUMNS:
                same(pipe.as_day(frame[column]), plain.as_day(frame[column]))
    text = pd.Series(["2026-01-05", None, "not a date", "2026-02-01T23:30:00+02:00"])
    same(pipe.as_day(text), plain.as_day(text))


def test_funnels_flows_and_tables(frames):
    facts = facts_of(frames)
    same(pipe.funnel(facts), plain.funnel(facts))
    same(pipe.outcome_flows(facts), plain.outcome_flows(facts))
    for by in pipe.SPLITS:
        split = plain.funnel_split(facts, by)
        same(pipe.funnel_split(facts, by), split)
        same(pipe.split_table(split), plain.split_table(split))
        shuffled = split.sample(frac=1.0, random_state=3)  # not funnel_split's layout
        same(pipe.split_table(shuffled), plain.split_table(shuffled))


def test_time_in_stage_and_weekly_activity(frames):
    events, rounds = frames["events"], frames["rounds"]
    for rows in (events, events.sort_values(["application_id", "occurred_on", "id"])):
        same(pipe.time_in_stage(rows), plain.time_in_stage(rows))
    facts = facts_of(frames)
    for some in (rounds, rounds.iloc[:0]):
        same(pipe.weekly_activity(facts, some), plain.weekly_activity(facts, some))


def test_chosen_frames(frames):
    apps, events, rounds = frames["applications"], frames["events"], frames["rounds"]
    for filters in (
        {},
        {"start": date(2026, 2, 1), "end": date(2026, 3, 15)},
        {"tracks": ("data_scientist",), "tiers": (1, 3)},
        {"include_closed": False},
    ):
        slow_frames = plain.chosen_frames(apps, events, rounds, **filters)
        all_facts = pipe.application_facts(apps, events, rounds)
        for facts in (None, all_facts):  # computed on the chosen, or the held ones filtered
            for fast, slow in zip(
                pipe.chosen_frames(apps, events, rounds, facts, **filters),
                slow_frames,
                strict=True,
            ):
                same(fast, slow)


def test_overview(frames):
    apps, events, rounds = frames["applications"], frames["events"], frames["rounds"]
    feedback, offers = frames["feedback"], frames["offers"]
    facts = facts_of(frames)
    same(ov.last_activity(apps, events, rounds), plain.last_activity(apps, events, rounds))
    for today in DAYS:
        same(
            ov.key_figures(facts, apps, events, rounds, today),
            plain.key_figures(facts, apps, events, rounds, today),
        )
        same(
            ov.reflections_due(feedback, rounds, today),
            plain.reflections_due(feedback, rounds, today),
        )
        same(ov.follow_ups_due(apps, today), plain.follow_ups_due(apps, today))
        same(ov.offer_deadlines(offers, today), plain.offer_deadlines(offers, today))
        for days in (14, 40):
            same(
                ov.ghosting_candidates(apps, events, rounds, today, days),
                plain.ghosting_candidates(apps, events, rounds, today, days),
            )
        now = pd.Timestamp(today, tz="UTC")
        same(ov.upcoming_rounds(rounds, now, days=30), plain.upcoming_rounds(rounds, now, days=30))
        fast = ov.overview_summary(
            facts, apps, events, rounds, feedback, offers, today=today, ghosting_days=21
        )
        slow = plain.overview_summary(
            facts, apps, events, rounds, feedback, offers, today=today, ghosting_days=21
        )
        for field in ("figures", "upcoming", "reflections", "follow_ups", "deadlines", "ghosts"):
            same(getattr(fast, field), getattr(slow, field))


def test_charts(frames):
    facts = facts_of(frames)
    same_figure(charts.funnel_chart(pipe.funnel(facts)), plain.funnel_chart(plain.funnel(facts)))
    flows = plain.outcome_flows(facts)
    same_figure(charts.sankey_chart(flows), plain.sankey_chart(flows))
    for by in ("tier", "source"):
        split = plain.funnel_split(facts, by)
        same_figure(
            charts.funnel_split_chart(split, "t", tier_colors=by == "tier"),
            plain.funnel_split_chart(split, "t", tier_colors=by == "tier"),
        )
    stays = plain.time_in_stage(frames["events"])
    same_figure(charts.time_in_stage_chart(stays), plain.time_in_stage_chart(stays))
    same_figure(charts.response_time_chart(facts), plain.response_time_chart(facts))
    weekly = plain.weekly_activity(facts, frames["rounds"])
    same_figure(charts.weekly_activity_chart(weekly), plain.weekly_activity_chart(weekly))


def test_many_stays_are_drawn_from_the_same_statistics():
    rng = np.random.default_rng(5)
    days = rng.integers(0, 60, 2000)
    stays = pd.DataFrame({"stage": rng.choice(["applied", "technical"], 2000), "days": days})
    same_figure(charts.time_in_stage_chart(stays), plain.time_in_stage_chart(stays))
    for values in (pd.Series(days), pd.Series(rng.exponential(9.0, 777))):
        same_figure(charts.summary_box(values, "x"), plain.summary_box(values, "x"))


@pytest.mark.parametrize("by", ["tier", "source"])
def test_pipeline_view(frames, by):
    apps, events, rounds = frames["applications"], frames["events"], frames["rounds"]
    held = pipe.application_facts(apps, events, rounds)
    cases = [({}, None), ({"include_closed": False}, None), ({"tracks": ("nobody",)}, None)]
    cases += [({}, held), ({"include_closed": False}, held), ({"tiers": (1,)}, held)]
    for filters, facts in cases:
        fast = charts.pipeline_view(apps, events, rounds, facts, by=by, **filters)
        slow = plain.pipeline_view(apps, events, rounds, by=by, **filters)
        assert fast.keys() == slow.keys()
        if not fast["n"]:
            assert fast == slow
            continue
        assert fast["n"] == slow["n"] and fast["summary"] == slow["summary"]
        same(fast["funnel"], slow["funnel"])
        same(fast["split_table"], slow["split_table"])
        assert fast["figures"].keys() == slow["figures"].keys()
        for name, figure in slow["figures"].items():
            if figure is None:
                assert fast["figures"][name] is None
            else:
                same_figure(fast["figures"][name], figure)
