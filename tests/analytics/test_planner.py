"""The planner's ordering and warnings on hand-built schedules (expected values by hand)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker.analytics import planner as plan

TODAY = date(2026, 3, 4)  # a Wednesday; its week starts Monday 2 March


def apps_frame(rows: list[dict]) -> pd.DataFrame:
    """Applications as ``services.frames.applications_frame`` returns them."""
    defaults = {
        "company": "Acme",
        "role_title": "ML Engineer",
        "track": "ml_engineer",
        "tier": 2,
        "stage": "applied",
        "closed_on": None,
        "close_reason": None,
        "archived": False,
        "applied_on": "2026-02-01",
        "next_follow_up": None,
        "planned_week": None,
        "reapply_after": None,
        "job_description": "",
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    for column in ("closed_on", "applied_on", "next_follow_up", "planned_week", "reapply_after"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def rounds_frame(rows: list[dict]) -> pd.DataFrame:
    """Rounds as ``services.frames.rounds_frame`` returns them (``at`` = UTC time or None)."""
    defaults = {
        "kind": "coding",
        "kind_label": "Coding (DS&A)",
        "duration_minutes": 60,
        "status": "scheduled",
        "outcome": "pending",
        "self_rating": None,
        "tier": 2,
        "company": "Acme",
        "role_title": "ML Engineer",
        "track": "ml_engineer",
        "format": "video",
        "interviewers": "",
        "updated_at": "2026-02-01T00:00:00Z",
    }
    built = []
    for n, row in enumerate(rows, start=1):
        row = {**defaults, "id": n, **row}
        row["scheduled_at"] = row.pop("at", None)
        built.append(row)
    frame = pd.DataFrame(built)
    frame["scheduled_at"] = pd.to_datetime(frame["scheduled_at"], utc=True, format="ISO8601")
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True, format="ISO8601")
    frame["self_rating"] = frame["self_rating"].astype(float)
    return frame


def no_rounds() -> pd.DataFrame:
    return rounds_frame([{"application_id": 0, "at": None}]).iloc[0:0]


# ------------------------------------------------------------------------- recommended order


def test_order_puts_tier_3_before_2_before_1_then_stage_then_deadline():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "stage": "technical"},
            {"id": 2, "tier": 3, "stage": "applied"},
            {"id": 3, "tier": 2, "stage": "applied"},
            {"id": 4, "tier": 3, "stage": "recruiter_screen", "next_follow_up": "2026-03-20"},
            {"id": 5, "tier": 3, "stage": "recruiter_screen"},  # next round on 10 March
            {"id": 6, "tier": 3, "stage": "final", "closed_on": "2026-03-01"},  # closed: out
            {"id": 7, "tier": 3, "stage": "applied", "archived": True},  # archived: out
        ]
    )
    rounds = rounds_frame(
        [
            {"application_id": 5, "at": "2026-03-10T09:00Z"},
            {"application_id": 5, "at": "2026-03-17T09:00Z"},  # a later round: not "next"
            {"application_id": 1, "at": "2026-03-01T09:00Z"},  # before today: not "next"
        ]
    )
    order = plan.recommended_order(apps, rounds, today=TODAY)
    # tier 3: recruiter_screen (5: deadline 10 Mar, 4: deadline 20 Mar), then applied (2)
    assert order["application_id"].tolist() == [5, 4, 2, 3, 1]
    assert order["rank"].tolist() == [1, 2, 3, 4, 5]
    first = order.iloc[0]
    assert first["next_round_id"] == 1
    assert first["deadline"] == pd.Timestamp("2026-03-10")
    assert order.set_index("application_id").loc[4, "deadline"] == pd.Timestamp("2026-03-20")
    assert pd.isna(order.set_index("application_id").loc[1, "next_round_id"])


def test_order_ties_fall_back_to_the_oldest_application():
    apps = apps_frame([{"id": n, "tier": 2, "stage": "applied"} for n in (9, 3, 6)])
    order = plan.recommended_order(apps, no_rounds(), today=TODAY)
    assert order["application_id"].tolist() == [3, 6, 9]


def test_order_shows_an_undated_round_as_next_when_nothing_is_dated():
    apps = apps_frame([{"id": 1, "tier": 3}, {"id": 2, "tier": 3}])
    rounds = rounds_frame([{"application_id": 2, "at": None, "kind_label": "Take-home"}])
    order = plan.recommended_order(apps, rounds, today=TODAY).set_index("application_id")
    assert order.loc[2, "next_round_kind"] == "Take-home"
    assert pd.isna(order.loc[2, "next_round_at"]) and pd.isna(order.loc[2, "deadline"])


def test_order_of_nothing_open_is_empty():
    apps = apps_frame([{"id": 1, "closed_on": "2026-03-01"}])
    assert plan.recommended_order(apps, no_rounds(), today=TODAY).empty


def test_tier_stage_counts_count_open_applications_only_with_zeros():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "stage": "applied"},
            {"id": 2, "tier": 1, "stage": "applied"},
            {"id": 3, "tier": 3, "stage": "offer"},
            {"id": 4, "tier": 3, "stage": "offer", "closed_on": "2026-03-01"},
        ]
    )
    counts = plan.tier_stage_counts(apps).set_index(["tier", "stage"])["count"]
    assert len(counts) == 3 * 7
    assert counts[(1, "applied")] == 2
    assert counts[(3, "offer")] == 1
    assert counts.sum() == 3


# ------------------------------------------------------------------------- inversion


def test_inversion_when_not_enough_practice_of_that_kind_elsewhere():
    rounds = rounds_frame(
        [
            # the dream round: tier 1, coding, 20 March
            {"application_id": 1, "tier": 1, "company": "Dream", "at": "2026-03-20T10:00Z"},
            # practice elsewhere: one done coding round, one scheduled before the dream round
            {"application_id": 2, "status": "done", "outcome": "passed", "at": "2026-02-10T10:00Z"},
            {"application_id": 3, "at": "2026-03-05T10:00Z"},
            # not practice: same application, other kind, cancelled, or later
            {"application_id": 1, "status": "done", "at": "2026-02-20T10:00Z"},
            {"application_id": 4, "kind": "sql", "status": "done", "at": "2026-02-11T10:00Z"},
            {"application_id": 5, "status": "cancelled", "at": "2026-03-06T10:00Z"},
        ]
    )
    # K = 2: practice = 2 -> no warning
    assert plan.inversion_warnings(rounds, today=TODAY, min_rounds=2).empty
    # K = 3: practice = 2 < 3 -> one warning about round 1, one more round needed
    warnings = plan.inversion_warnings(rounds, today=TODAY, min_rounds=3)
    assert len(warnings) == 1
    w = warnings.iloc[0]
    assert (w["warning"], w["round_id"], w["application_id"]) == ("inversion", 1, 1)
    assert "done 2 rounds" in w["reason"] and "asks for 3" in w["reason"]
    assert "Book 1 more Coding (DS&A) round" in w["fix"] and "Dream" in w["fix"]
    assert w["week"] == pd.Timestamp("2026-03-16")


def test_inversion_counts_a_scheduled_practice_round_only_if_it_comes_first():
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "at": "2026-03-20T10:00Z"},
            {"application_id": 2, "tier": 3, "at": "2026-03-20T10:00Z"},  # same time: a tie
        ]
    )
    warnings = plan.inversion_warnings(rounds, today=TODAY, min_rounds=1)
    # a tie is neither practice (not earlier) nor a lower-tier round scheduled *later*
    assert warnings["round_id"].tolist() == [1]
    assert "done 0 rounds" in warnings.iloc[0]["reason"]


def test_inversion_when_lower_tier_rounds_are_scheduled_later():
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "company": "Dream", "at": "2026-03-09T09:00Z"},
            {"application_id": 2, "tier": 3, "company": "Practice", "at": "2026-03-12T09:00Z"},
            {"application_id": 3, "tier": 2, "company": "Good", "at": "2026-03-16T09:00Z"},
            {"application_id": 4, "tier": 3, "company": "Earlier", "at": "2026-03-05T09:00Z"},
            {"application_id": 5, "tier": 3, "company": "Undated", "at": None},
        ]
    )
    warnings = plan.inversion_warnings(rounds, today=TODAY, min_rounds=0)
    assert len(warnings) == 1
    reason = warnings.iloc[0]["reason"]
    assert "2 lower-tier rounds" in reason and "(Practice, Good)" in reason
    assert "Mon 16 Mar" in reason
    assert "after Mon 16 Mar" in warnings.iloc[0]["fix"]


def test_everything_on_the_same_day_compares_times():
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 3, "at": "2026-03-10T09:00Z"},
            {"application_id": 2, "tier": 1, "at": "2026-03-10T11:00Z"},
            {"application_id": 3, "tier": 2, "at": "2026-03-10T15:00Z"},
        ]
    )
    warnings = plan.inversion_warnings(rounds, today=TODAY, min_rounds=1)
    # practice at 09:00 counts (1 >= 1); the tier-2 round at 15:00 comes later -> inversion
    assert len(warnings) == 1
    assert "1 lower-tier round already" in warnings.iloc[0]["reason"]
    # same day, five rounds: overload with a limit of 2 a week, not with 3
    assert len(plan.overload_warnings(rounds, today=TODAY, per_week=2)) == 1
    assert plan.overload_warnings(rounds, today=TODAY, per_week=3).empty


def test_no_tier_1_no_inversion_and_no_clustering():
    apps = apps_frame([{"id": 1, "tier": 3}, {"id": 2, "tier": 2}])
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 3, "at": "2026-03-10T09:00Z"},
            {"application_id": 2, "tier": 2, "at": "2026-03-05T09:00Z"},
        ]
    )
    assert plan.inversion_warnings(rounds, today=TODAY, min_rounds=5).empty
    assert plan.clustering_warnings(apps, rounds, today=TODAY).empty
    assert plan.tier1_prep(rounds, pd.DataFrame(), today=TODAY).empty


def test_rounds_without_a_date_are_left_out_of_every_warning():
    apps = apps_frame([{"id": 1, "tier": 1}, {"id": 2, "tier": 1}])
    rounds = rounds_frame([{"application_id": n % 2 + 1, "tier": 1, "at": None} for n in range(9)])
    warnings = plan.all_warnings(apps, rounds, today=TODAY, min_rounds=3, per_week=1)
    assert warnings.empty
    assert list(warnings.columns) == plan.WARNING_COLUMNS
    assert plan.timeline_items(apps, rounds).empty


def test_past_tier_1_rounds_do_not_warn():
    rounds = rounds_frame([{"application_id": 1, "tier": 1, "at": "2026-03-03T09:00Z"}])
    assert plan.inversion_warnings(rounds, today=TODAY, min_rounds=2).empty


# ------------------------------------------------------------------------- overload


def test_overload_counts_monday_to_sunday_weeks_from_this_week_on():
    rounds = rounds_frame(
        [
            # week of 9 March: Mon, Wed, Fri, Sun (4) + a cancelled one (not counted)
            {"application_id": 1, "at": "2026-03-09T09:00Z", "company": "A"},
            {"application_id": 2, "at": "2026-03-11T09:00Z", "company": "B"},
            {"application_id": 3, "at": "2026-03-13T09:00Z", "company": "C"},
            {"application_id": 4, "at": "2026-03-15T20:00Z", "company": "D"},
            {"application_id": 5, "at": "2026-03-12T09:00Z", "status": "cancelled"},
            # week of 16 March: 1; week of 23 March: 0; week of 30 March: 2
            {"application_id": 6, "at": "2026-03-16T09:00Z"},
            {"application_id": 7, "at": "2026-03-30T09:00Z"},
            {"application_id": 8, "at": "2026-03-31T09:00Z"},
            # a busy week already over (week of 23 Feb): not warned about
            *[
                {"application_id": 9, "status": "done", "at": f"2026-02-2{d}T09:00Z"}
                for d in range(3, 8)
            ],
        ]
    )
    assert plan.overload_warnings(rounds, today=TODAY, per_week=4).empty
    warnings = plan.overload_warnings(rounds, today=TODAY, per_week=3)
    assert len(warnings) == 1
    w = warnings.iloc[0]
    assert w["week"] == pd.Timestamp("2026-03-09")
    assert "4 interviews (A, B, C and 1 more)" in w["reason"] and "limit is 3" in w["reason"]
    # the lightest of the next four weeks is 23 March (0 booked)
    assert "Move 1 round to the week of 23 Mar 2026 (0 booked so far)" in w["fix"]


def test_overload_uses_the_local_time_zone_for_the_week():
    # Sunday 23:30 UTC is Monday 00:30 in Berlin: a different week
    rounds = rounds_frame(
        [
            {"application_id": 1, "at": "2026-03-08T23:30Z"},
            {"application_id": 2, "at": "2026-03-09T10:00Z"},
        ]
    )
    assert plan.overload_warnings(rounds, today=TODAY, per_week=1, tz="UTC").empty
    berlin = plan.overload_warnings(rounds, today=TODAY, per_week=1, tz="Europe/Berlin")
    assert berlin["week"].tolist() == [pd.Timestamp("2026-03-09")]


# ------------------------------------------------------------------------- clustering


def test_clustering_when_all_tier_1_rounds_are_in_the_first_weeks():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "applied_on": "2026-03-02"},
            {"id": 2, "tier": 3, "applied_on": "2026-03-03"},
        ]
    )
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "status": "done", "at": "2026-03-03T09:00Z"},
            {"application_id": 1, "tier": 1, "at": "2026-03-12T09:00Z"},
            {"application_id": 2, "tier": 3, "at": "2026-04-20T09:00Z"},
        ]
    )
    warnings = plan.clustering_warnings(apps, rounds, today=TODAY, first_weeks=3)
    assert len(warnings) == 1
    w = warnings.iloc[0]
    assert w["warning"] == "clustering"
    assert "All 2 tier-1 rounds" in w["reason"] and "02 Mar 2026" in w["reason"]
    assert "from the week of 23 Mar 2026" in w["fix"]
    # one tier-1 round outside the first weeks: not clustered
    spread = pd.concat(
        [rounds, rounds_frame([{"application_id": 1, "tier": 1, "at": "2026-04-15T09:00Z"}])]
    )
    assert plan.clustering_warnings(apps, spread, today=TODAY, first_weeks=3).empty
    # a longer window swallows it again
    assert len(plan.clustering_warnings(apps, spread, today=TODAY, first_weeks=8)) == 1


def test_clustering_needs_two_rounds_and_one_still_upcoming():
    apps = apps_frame([{"id": 1, "tier": 1, "applied_on": "2026-03-01"}])
    one = rounds_frame([{"application_id": 1, "tier": 1, "at": "2026-03-05T09:00Z"}])
    assert plan.clustering_warnings(apps, one, today=TODAY).empty
    all_past = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "status": "done", "at": "2026-03-02T09:00Z"},
            {"application_id": 1, "tier": 1, "status": "done", "at": "2026-03-03T09:00Z"},
        ]
    )
    assert plan.clustering_warnings(apps, all_past, today=TODAY).empty


AS = "applied_scientist"  # the track opened late in the per-track clustering tests


def late_track_search(*late_rounds: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An ML-engineer search running since 5 January whose tier-1 rounds are spread out, and
    an applied-scientist track opened on 23 February with ``late_rounds`` (tier 1 unless
    told)."""
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "applied_on": "2026-01-05"},
            {"id": 2, "tier": 3, "applied_on": "2026-01-05"},
            {"id": 3, "tier": 1, "track": AS, "applied_on": "2026-02-23"},
            {"id": 4, "tier": 1, "track": AS, "applied_on": "2026-02-24"},
            {"id": 5, "tier": 3, "track": AS, "applied_on": "2026-02-25"},
        ]
    )
    rounds = rounds_frame(
        [
            {"application_id": 2, "tier": 3, "status": "done", "at": "2026-01-08T09:00Z"},
            {"application_id": 1, "tier": 1, "status": "done", "at": "2026-01-12T09:00Z"},
            {"application_id": 1, "tier": 1, "at": "2026-03-20T09:00Z"},  # late: not clustered
            *({"tier": 1, "track": AS, **row} for row in late_rounds),
        ]
    )
    return apps, rounds


def test_clustering_of_a_track_opened_late_while_the_search_is_spread_out():
    apps, rounds = late_track_search(
        {"application_id": 3, "status": "done", "at": "2026-02-27T09:00Z"},
        {"application_id": 4, "at": "2026-03-10T09:00Z"},
        {"application_id": 5, "tier": 3, "at": "2026-03-25T09:00Z"},
    )
    warnings = plan.clustering_warnings(apps, rounds, today=TODAY, first_weeks=3)
    # the whole search (from 5 Jan) and the ML-engineer track are not clustered; the
    # applied-scientist track (from 23 Feb, window to 16 Mar) is
    assert len(warnings) == 1
    w = warnings.iloc[0]
    assert w["warning"] == "clustering"
    assert w["title"] == (
        "Applied / research scientist track: every tier-1 round is in the first weeks of its search"
    )
    assert "All 2 tier-1 rounds in the Applied / research scientist track" in w["reason"]
    assert "it started on 23 Feb 2026, your search as a whole on 05 Jan 2026" in w["reason"]
    assert "1 upcoming tier-1 round (from the week of 16 Mar 2026)" in w["fix"]
    assert w["week"] == pd.Timestamp("2026-03-09")
    assert pd.isna(w["application_id"]) and pd.isna(w["round_id"])
    assert list(warnings.columns) == plan.WARNING_COLUMNS
    # a third tier-1 round of that track after its first three weeks: not clustered...
    spread = pd.concat(
        [rounds, rounds_frame([{"id": 99, "application_id": 3, "tier": 1, "track": AS,
                                "at": "2026-03-18T09:00Z"}])]
    )  # fmt: skip
    assert plan.clustering_warnings(apps, spread, today=TODAY, first_weeks=3).empty
    # ...unless the window is longer
    assert len(plan.clustering_warnings(apps, spread, today=TODAY, first_weeks=4)) == 1


def test_no_track_clustering_with_a_single_tier_1_round_in_that_track():
    apps, rounds = late_track_search(
        {"application_id": 4, "at": "2026-03-10T09:00Z"},
        {"application_id": 5, "tier": 3, "at": "2026-03-12T09:00Z"},
        {"application_id": 5, "tier": 3, "status": "done", "at": "2026-02-27T09:00Z"},
    )
    assert plan.clustering_warnings(apps, rounds, today=TODAY, first_weeks=3).empty


def test_a_track_holding_every_tier_1_round_adds_no_second_warning():
    # one track: the whole search's warning only
    apps = apps_frame([{"id": 1, "tier": 1, "applied_on": "2026-03-02"}])
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "status": "done", "at": "2026-03-03T09:00Z"},
            {"application_id": 1, "tier": 1, "at": "2026-03-12T09:00Z"},
        ]
    )
    warnings = plan.clustering_warnings(apps, rounds, today=TODAY)
    assert warnings["title"].tolist() == ["Every tier-1 round is in the first weeks of your search"]
    # a second track without tier-1 rounds changes nothing
    other = apps_frame([{"id": 2, "tier": 3, "track": AS, "applied_on": "2026-03-03"}])
    practice = rounds_frame([{"id": 99, "application_id": 2, "tier": 3, "track": AS,
                              "at": "2026-03-20T09:00Z"}])  # fmt: skip
    both = plan.clustering_warnings(
        pd.concat([apps, other]), pd.concat([rounds, practice]), today=TODAY
    )
    assert both["title"].tolist() == warnings["title"].tolist()


def test_track_clustering_leaves_out_rounds_without_a_date():
    apps, rounds = late_track_search(
        {"application_id": 3, "at": None},  # undated: neither counted nor outside the window
        {"application_id": 4, "at": "2026-03-10T09:00Z"},
    )
    assert plan.clustering_warnings(apps, rounds, today=TODAY).empty  # one dated round only
    # no applied date in the track: its search starts on its earliest dated round
    undated_apps = apps.assign(applied_on=apps["applied_on"].where(apps["track"] != AS))
    two = pd.concat(
        [rounds, rounds_frame([{"id": 99, "application_id": 3, "tier": 1, "track": AS,
                                "status": "done", "at": "2026-02-26T09:00Z"}])]
    )  # fmt: skip
    warnings = plan.clustering_warnings(undated_apps, two, today=TODAY)
    assert len(warnings) == 1
    assert "All 2 tier-1 rounds" in warnings.iloc[0]["reason"]
    assert "it started on 26 Feb 2026" in warnings.iloc[0]["reason"]


def test_all_warnings_collects_each_kind():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "applied_on": "2026-03-02"},
            {"id": 2, "tier": 3, "applied_on": "2026-03-02"},
        ]
    )
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "at": "2026-03-09T09:00Z"},
            {"application_id": 1, "tier": 1, "at": "2026-03-10T09:00Z", "kind": "sql"},
            {"application_id": 2, "tier": 3, "at": "2026-03-11T09:00Z"},
        ]
    )
    warnings = plan.all_warnings(apps, rounds, today=TODAY, min_rounds=1, per_week=2)
    assert set(warnings["warning"]) == {"inversion", "overload", "clustering"}


# ------------------------------------------------------------------------- timeline, prep


def test_timeline_has_scheduled_rounds_and_planned_weeks_of_open_applications():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "company": "Dream", "planned_week": "2026-03-16"},
            {"id": 2, "tier": 3, "planned_week": "2026-03-09", "closed_on": "2026-03-01"},
        ]
    )
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "company": "Dream", "at": "2026-03-10T09:00Z"},
            {"application_id": 1, "status": "done", "at": "2026-03-02T09:00Z"},
        ]
    )
    items = plan.timeline_items(apps, rounds, tz="Europe/Berlin")
    assert items["item"].tolist() == ["round", "planned"]
    first, second = items.iloc[0], items.iloc[1]
    assert first["start"] == pd.Timestamp("2026-03-10 10:00")  # Berlin local time
    assert first["end"] == pd.Timestamp("2026-03-10 11:00")
    assert first["row"] == "Dream · ML Engineer"
    assert second["start"] == pd.Timestamp("2026-03-16") and second["tier"] == 1
    assert second["end"] == pd.Timestamp("2026-03-23")


def test_a_long_timeline_keeps_the_lines_with_the_soonest_items_ahead():
    today = date(2026, 3, 10)

    def item(row: str, start: str, days: int = 0) -> dict:
        begin = pd.Timestamp(start)
        end = begin + pd.Timedelta(days=days, hours=1)
        return {"item": "round", "application_id": 1, "round_id": 1, "row": row, "tier": 2,
                "start": begin, "end": end, "text": "x"}  # fmt: skip

    items = pd.DataFrame(
        [
            item("Past · old", "2026-02-01"),  # nothing ahead: after the others
            item("Late · far", "2026-06-01"),
            item("Week · now", "2026-03-09", days=7),  # a planned week running today: ahead
            item("Past · recent", "2026-03-01"),
            item("Soon · next", "2026-03-12"),
            item("Soon · next", "2026-01-05"),  # an older item of a line that has one ahead
        ],
        columns=plan.TIMELINE_COLUMNS,
    )
    assert plan.soonest_lines(items, today, lines=6) is items  # short enough: all of it
    kept = plan.soonest_lines(items, today, lines=3)
    assert kept["row"].tolist() == ["Late · far", "Week · now", "Soon · next", "Soon · next"]
    assert plan.soonest_lines(items, today, lines=4)["row"].nunique() == 4
    assert "Past · recent" in set(plan.soonest_lines(items, today, lines=4)["row"])
    assert plan.soonest_lines(items.iloc[0:0], today).empty


def test_tier1_prep_reports_record_at_the_kind_and_open_objectives():
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "at": "2026-03-20T10:00Z"},
            {"application_id": 2, "status": "done", "outcome": "passed", "self_rating": 4,
             "at": "2026-02-01T10:00Z"},
            {"application_id": 3, "status": "done", "outcome": "failed", "self_rating": 2,
             "at": "2026-02-05T10:00Z"},
            {"application_id": 4, "status": "done", "outcome": "pending", "self_rating": 3,
             "at": "2026-02-07T10:00Z"},
        ]
    )  # fmt: skip
    objectives = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "text": ["Talk through complexity", "Talk through complexity", "Graphs", "SQL"],
            "kind": ["coding", "coding", "coding", "sql"],
            "done": [False, False, True, False],
        }
    )
    prep = plan.tier1_prep(rounds, objectives, today=TODAY)
    assert len(prep) == 1
    row = prep.iloc[0]
    assert row["done_count"] == 3
    assert (row["passed"], row["failed"]) == (1, 1)
    assert row["pass_rate"] == pytest.approx(0.5)
    assert row["avg_rating"] == pytest.approx(3.0)
    assert row["objectives"] == ["Talk through complexity"]


def test_topic_gaps_list_topics_with_no_practice_and_no_objective():
    apps = apps_frame(
        [
            {"id": 1, "tier": 1, "company": "Dream",
             "job_description": "PyTorch, Spark and A/B testing; SQL."},
            {"id": 2, "tier": 3, "job_description": "Recommender systems"},
        ]
    )  # fmt: skip
    rounds = rounds_frame(
        [
            {"application_id": 1, "tier": 1, "at": "2026-03-20T10:00Z"},
            {"application_id": 2, "kind": "sql", "status": "done", "at": "2026-02-01T10:00Z"},
        ]
    )
    objectives = pd.DataFrame(
        {"id": [1, 2], "text": ["Practise Spark joins", "Redo A/B test power"], "kind": ["sql"] * 2,
         "done": [False, True]}
    )  # fmt: skip
    gaps = plan.tier1_topic_gaps(apps, rounds, objectives, today=TODAY)
    # SQL: practised (a done sql round); Spark: open objective; A/B: objective done -> a gap
    assert gaps["topic"].tolist() == ["ab_testing", "pytorch"]
    assert set(gaps["companies"]) == {"Dream"}
    assert gaps.set_index("topic").loc["pytorch", "kinds"] == "ML coding"


def test_reapply_calendar_statuses_and_order():
    apps = apps_frame(
        [
            {"id": 1, "close_reason": "rejected", "closed_on": "2026-02-01",
             "reapply_after": "2026-03-01"},
            {"id": 2, "close_reason": "rejected", "closed_on": "2026-02-10",
             "reapply_after": "2026-09-01"},
            {"id": 3, "close_reason": "rejected", "closed_on": "2026-02-20"},
            {"id": 4, "close_reason": "withdrew", "closed_on": "2026-02-20"},
        ]
    )  # fmt: skip
    table = plan.reapply_calendar(apps, today=TODAY)
    assert table["application_id"].tolist() == [1, 2, 3]
    assert table["status"].tolist() == ["Reapply now", "In 181 days", "Ask HR for the date"]


def test_monday_and_week_options():
    assert plan.monday(date(2026, 3, 8)) == pd.Timestamp("2026-03-02")
    assert plan.monday(date(2026, 3, 9)) == pd.Timestamp("2026-03-09")
    assert plan.week_options(TODAY, weeks=2) == [date(2026, 3, 2), date(2026, 3, 9)]


def test_inversion_counts_match_a_pairwise_count_on_a_random_schedule():
    """The sorted-times counting of ``inversion_warnings`` (no pairing of every two rounds)
    gives what comparing every pair gives: practice = rounds of the kind at other applications
    that are done, or scheduled before; "later" = lower-tier rounds scheduled after."""
    import random

    rng = random.Random(5)
    kinds = ["coding", "ml_coding", "behavioral"]
    rows = []
    for _ in range(120):
        day = rng.randint(-20, 30)
        at = pd.Timestamp(TODAY, tz="UTC") + pd.Timedelta(days=day, hours=rng.randint(8, 17))
        rows.append(
            {
                "application_id": rng.randint(1, 25),
                "kind": rng.choice(kinds),
                "tier": rng.choice([1, 2, 3]),
                "status": rng.choice(["scheduled", "scheduled", "done", "cancelled"]),
                "company": f"Co {rng.randint(1, 12)}",
                "at": at if rng.random() > 0.05 else None,
            }
        )
    rounds = rounds_frame(rows)
    rounds["kind_label"] = rounds["kind"]
    dated = plan.with_days(rounds)
    dream = plan.upcoming_rounds(rounds, today=TODAY)
    dream = dream[dream["tier"] == 1]
    assert len(dream) > 5
    live = dated[dated["status"].isin(plan.LIVE_STATUSES)]
    lower = dated[(dated["status"] == "scheduled") & (dated["tier"] > 1)].dropna(
        subset=["scheduled_at"]
    )
    warnings = plan.inversion_warnings(rounds, today=TODAY, min_rounds=99)
    for r in dream.itertuples():
        same = live[(live["kind"] == r.kind) & (live["application_id"] != r.application_id)]
        practice = int(((same["status"] == "done") | (same["scheduled_at"] < r.scheduled_at)).sum())
        later = int((lower["scheduled_at"] > r.scheduled_at).sum())
        mine = warnings[warnings["round_id"] == r.id]
        too_early = mine[mine["title"].str.contains("too early")]
        assert (
            f"you will have done {plan._plural(practice, 'round')}" in too_early["reason"].iloc[0]
        )
        before = mine[mine["title"].str.contains("before practice")]
        if later:
            assert f"before {plan._plural(later, 'lower-tier round')}" in before["reason"].iloc[0]
        else:
            assert before.empty


# ------------------------------------------------------------------ vs the plain pandas version
# The planner picks rows through numpy arrays of a few columns instead of copying, merging and
# grouping whole frames (pandas costs per operation, see the module docstring). These tests
# compare it with the straightforward pandas formulation of each definition on random
# schedules, in time zones far from UTC both ways (UTC+14, UTC-11) and with summer time.

ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
DESCRIPTIONS = [
    "PyTorch, Spark and A/B testing; SQL.",
    "LLMs and retrieval-augmented generation",
    "Deep learning, TensorFlow",
    "Recommender systems",
    "",
    None,
]
OBJECTIVE_TEXTS = ["Practise Spark joins", "Redo A/B test power", "Graphs", "SQL windows", None]
ROUND_KINDS = ["coding", "ml_coding", "sql", "ml_system_design", "statistics"]


def random_plan(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Applications, rounds (dated around TODAY, at any hour, some undated) and objectives."""
    import random

    from tracker.models import STAGES

    rng = random.Random(seed)
    ids = rng.sample(range(1, 200), 30)  # not in order

    def day(low: int, high: int, none: float) -> str | None:
        return (
            None if rng.random() < none else str(TODAY + pd.Timedelta(days=rng.randint(low, high)))
        )

    apps = apps_frame(
        [
            {
                "id": i,
                "company": f"Co {rng.randint(1, 9)}",
                "track": rng.choice(["ml_engineer", AS]),
                "tier": rng.choice([1, 1, 2, 3]),
                "stage": rng.choice(STAGES).value,
                "closed_on": day(-40, 0, 0.75),
                "close_reason": rng.choice(["rejected", "withdrew"]),
                "archived": rng.random() < 0.1,
                "applied_on": day(-30, 0, 0.3),
                "next_follow_up": day(-5, 20, 0.5),
                "planned_week": str(plan.monday(TODAY) + pd.Timedelta(weeks=rng.randint(-1, 5)))
                if rng.random() < 0.5
                else None,
                "reapply_after": day(-20, 90, 0.5),
                "job_description": rng.choice(DESCRIPTIONS),
            }
            for i in ids
        ]
    )
    apps["close_reason"] = apps["close_reason"].where(apps["closed_on"].notna())
    info = apps.set_index("id")
    rows = []
    for _ in range(150):
        app = rng.choice(ids)
        at = pd.Timestamp(TODAY, tz="UTC") + pd.Timedelta(
            days=rng.randint(-20, 25), hours=rng.randint(0, 23), minutes=rng.choice([0, 30])
        )
        rows.append(
            {
                "application_id": app,
                "kind": rng.choice(ROUND_KINDS),
                "tier": int(info.loc[app, "tier"]),
                "track": info.loc[app, "track"],
                "company": info.loc[app, "company"],
                "status": rng.choice(["scheduled", "scheduled", "done", "cancelled"]),
                "outcome": rng.choice(["passed", "failed", "pending"]),
                "self_rating": rng.choice([None, 2, 3, 5]),
                "at": at if rng.random() > 0.08 else None,
            }
        )
    rounds = rounds_frame(rows)
    rounds["id"] = rng.sample(range(1, 1000), len(rounds))
    rounds["kind_label"] = rounds["kind"].str.replace("_", " ")
    objectives = pd.DataFrame(
        {
            "id": range(1, 13),
            "text": [rng.choice(OBJECTIVE_TEXTS) for _ in range(12)],
            "kind": [rng.choice([*ROUND_KINDS, None]) for _ in range(12)],
            "done": [rng.random() < 0.3 for _ in range(12)],
        }
    )
    return apps, rounds, objectives


CASES = [(seed, ZONES[seed % len(ZONES)]) for seed in range(10)]


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_local_days_and_weeks_are_those_of_pandas(seed, tz):
    from tracker.analytics.readiness import local_day

    _, rounds, _ = random_plan(seed)
    days = plan._local(plan._utc(rounds["scheduled_at"]), tz)
    expected = local_day(rounds["scheduled_at"], tz)
    pd.testing.assert_series_equal(
        pd.Series(days), expected.reset_index(drop=True), check_names=False
    )
    weeks = pd.Series(plan._week_of(days))
    pd.testing.assert_series_equal(
        weeks, plan._mondays(expected).reset_index(drop=True), check_names=False
    )
    upcoming = plan.upcoming_rounds(rounds, today=TODAY, tz=tz)
    dated = plan.with_days(rounds, tz)
    keep = (dated["status"] == "scheduled") & (dated["day"] >= pd.Timestamp(TODAY))
    pd.testing.assert_frame_equal(upcoming, dated[keep].sort_values(["scheduled_at", "id"]))


def test_count_before_matches_a_pairwise_count():
    rng = np.random.default_rng(3)
    keys, times = rng.integers(0, 4, 200), rng.integers(0, 30, 200)
    q_keys, q_times = rng.integers(0, 5, 50), rng.integers(0, 30, 50)
    pairwise = [
        int(((keys == k) & (times < t)).sum()) for k, t in zip(q_keys, q_times, strict=True)
    ]
    assert plan._count_before(keys, times, q_keys, q_times).tolist() == pairwise
    assert plan._count_equal(keys, q_keys).tolist() == [int((keys == k).sum()) for k in q_keys]


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_recommended_order_is_a_merge_and_a_sort(seed, tz):
    from tracker.analytics.readiness import local_day
    from tracker.models import STAGE_ORDER

    apps, rounds, _ = random_plan(seed)
    live = plan.open_applications(apps)
    dated = plan.with_days(rounds, tz)
    waiting = dated[
        (dated["status"] == "scheduled")
        & (dated["day"].isna() | (dated["day"] >= pd.Timestamp(TODAY)))
    ]
    nxt = waiting.sort_values(["scheduled_at", "id"], na_position="last").drop_duplicates(
        "application_id"
    )[["application_id", "id", "kind_label", "scheduled_at"]]
    nxt.columns = ["application_id", "next_round_id", "next_round_kind", "next_round_at"]
    table = live.rename(columns={"id": "application_id"}).merge(
        nxt, on="application_id", how="left"
    )
    table["deadline"] = local_day(table["next_round_at"], tz).fillna(table["next_follow_up"])
    table = table.assign(_stage=table["stage"].map(STAGE_ORDER)).sort_values(
        ["tier", "_stage", "deadline", "application_id"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    )
    table["rank"] = range(1, len(table) + 1)
    expected = table[plan.ORDER_COLUMNS].reset_index(drop=True)
    order = plan.recommended_order(apps, rounds, today=TODAY, tz=tz)
    pd.testing.assert_frame_equal(order, expected)


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_week_load_and_overload_are_a_groupby_of_the_live_rounds(seed, tz):
    _, rounds, _ = random_plan(seed)
    dated = plan.with_days(rounds, tz)
    live = dated[dated["status"].isin(plan.LIVE_STATUSES) & dated["day"].notna()]
    expected = (
        live.sort_values(["tier", "scheduled_at"])
        .groupby("week")
        .agg(interviews=("id", "size"), companies=("company", plan._names))
        .reset_index()
    )
    load = plan.week_load(rounds, tz=tz)
    pd.testing.assert_frame_equal(load, expected)
    # the warnings read the weeks from this one on: the same as the whole load says
    per = load.set_index("week")["interviews"]
    busy = load[(load["week"] >= plan.monday(TODAY)) & (load["interviews"] > 2)]
    warnings = plan.overload_warnings(rounds, today=TODAY, per_week=2, tz=tz)
    assert warnings["week"].tolist() == busy["week"].tolist()
    for w, row in zip(busy.itertuples(), warnings.itertuples(), strict=True):
        options = pd.date_range(w.week + pd.Timedelta(days=7), periods=4, freq="7D")
        lightest = per.reindex(options, fill_value=0).idxmin()
        assert f"({w.companies})" in row.reason
        assert f"the week of {plan._fmt_week(lightest)} ({per.get(lightest, 0)} booked" in row.fix


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_tier1_prep_reports_what_readiness_by_kind_says(seed, tz):
    from tracker.analytics.readiness import readiness_by_kind

    _, rounds, objectives = random_plan(seed)
    prep = plan.tier1_prep(rounds, objectives, today=TODAY, tz=tz)
    dream = plan.upcoming_rounds(rounds, today=TODAY, tz=tz)
    assert prep["round_id"].tolist() == dream.loc[dream["tier"] == 1, "id"].tolist()
    ready = readiness_by_kind(rounds, objectives, today=TODAY, tz=tz).set_index("kind")
    record = ready.loc[
        prep["kind"], ["practice_count", "passed", "failed", "pass_rate", "avg_rating"]
    ]
    record.columns = ["done_count", "passed", "failed", "pass_rate", "avg_rating"]
    pd.testing.assert_frame_equal(
        prep[record.columns.tolist()], record.reset_index(drop=True), check_dtype=False
    )
    still_open = objectives[~objectives["done"]].dropna(subset=["kind"])
    for kind, texts in zip(prep["kind"], prep["objectives"], strict=True):
        assert texts == list(dict.fromkeys(still_open.loc[still_open["kind"] == kind, "text"]))


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_topic_gaps_are_application_topics_less_covered_topics(seed, tz):
    from tracker.analytics.readiness import covered_topics
    from tracker.analytics.topics import application_topics

    apps, rounds, objectives = random_plan(seed)
    if seed % 2:  # fewer objectives and practised kinds: more gaps
        objectives = objectives.iloc[0:0]
        rounds = rounds[~((rounds["status"] == "done") & (rounds["kind"] == "ml_coding"))]
    dream = plan.upcoming_rounds(rounds, today=TODAY, tz=tz)
    first = dream[dream["tier"] == 1].groupby("application_id")["scheduled_at"].min()
    needed = application_topics(apps[apps["id"].isin(first.index)])
    gaps = needed[~needed["topic"].isin(covered_topics(rounds, objectives))]
    gaps = gaps.assign(
        company=gaps["application_id"].map(apps.set_index("id")["company"]),
        first=gaps["application_id"].map(first),
    )
    expected = (
        gaps.groupby(["topic", "topic_label"], as_index=False)
        .agg(companies=("company", lambda c: ", ".join(dict.fromkeys(c))), first=("first", "min"))
        .sort_values(["first", "topic_label"])
    )
    table = plan.tier1_topic_gaps(apps, rounds, objectives, today=TODAY, tz=tz)
    assert table["topic"].tolist() == expected["topic"].tolist()
    assert table["companies"].tolist() == expected["companies"].tolist()
    assert table["first_round_at"].tolist() == expected["first"].tolist()


@pytest.mark.parametrize(("seed", "tz"), CASES)
def test_clustering_checks_the_search_and_each_track_as_search_start_says(seed, tz):
    apps, rounds, _ = random_plan(seed)
    # a search that started lately: its first weeks reach into the schedule
    apps = apps.assign(applied_on=apps["applied_on"] + pd.Timedelta(days=25))
    dated = plan.with_days(rounds, tz)
    dream = dated[(dated["tier"] == 1) & dated["status"].isin(plan.LIVE_STATUSES)].dropna(
        subset=["day"]
    )

    def clustered(rows: pd.DataFrame, start: pd.Timestamp, weeks: int) -> bool:
        upcoming = (rows["status"] == "scheduled") & (rows["day"] >= pd.Timestamp(TODAY))
        end = start + pd.Timedelta(weeks=weeks)
        return len(rows) >= 2 and upcoming.any() and pd.notna(start) and (rows["day"] < end).all()

    for weeks in (3, 6):
        overall = clustered(dream, plan.search_start(apps, rounds, tz=tz), weeks)
        tracks = [
            (plan.search_start(apps, rounds, tz=tz, track=track), track)
            for track, rows in dream.groupby("track")
            if not (overall and len(rows) == len(dream))
            and clustered(rows, plan.search_start(apps, rounds, tz=tz, track=track), weeks)
        ]
        expected = (["whole search"] if overall else []) + [t for _, t in sorted(tracks)]
        warnings = plan.clustering_warnings(apps, rounds, today=TODAY, first_weeks=weeks, tz=tz)
        found = [
            "whole search"
            if t.startswith("Every")
            else next(k for k in (AS, "ml_engineer") if t.startswith(plan.label(k)))
            for t in warnings["title"]
        ]
        assert found == expected


def test_planner_charts_are_valid_plotly_figures_and_the_view_freezes_them():
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    from tracker import charts

    apps, rounds, _ = random_plan(1)
    view = charts.planner_view(apps, rounds, today=TODAY, tz="Europe/Berlin")
    items = plan.timeline_items(apps, rounds, tz="Europe/Berlin")
    built = [
        (charts.tier_stage_chart(plan.tier_stage_counts(apps)), view["tier_chart"]),
        (charts.planner_timeline(items, TODAY), view["timeline"]),
    ]
    for fig, frozen in built:
        spec = json.loads(pio.to_json(fig, validate=False))
        # built without plotly's validation: validating changes nothing and raises nothing
        assert json.loads(pio.to_json(go.Figure(fig.to_dict()), validate=False)) == spec
        assert json.loads(pio.to_json(charts.thawed(frozen), validate=False)) == spec
    timeline = built[1][0]
    assert len(timeline.layout.yaxis.categoryarray) == items["row"].nunique()
    assert view["timeline_lines"] == (items["row"].nunique(), items["row"].nunique())
    assert timeline.layout.shapes[0].x0 == TODAY.isoformat()


def test_order_table_times_are_those_of_local_time():
    from tracker.ui.fmt import local_time
    from tracker.ui.planner import local_times, order_table

    apps, rounds, _ = random_plan(2)
    order = plan.recommended_order(apps, rounds, today=TODAY)
    expected = [local_time(at) if pd.notna(at) else None for at in order["next_round_at"]]
    assert local_times(order["next_round_at"]) == expected
    shown = order_table(order)["Next round"]
    dated = order["next_round_at"].notna()
    assert (
        shown[dated] == order["next_round_kind"][dated] + " · " + pd.Series(expected)[dated]
    ).all()
    assert shown[order["next_round_kind"].isna()].eq("—").all()
