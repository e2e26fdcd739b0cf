"""Readiness figures, the checklist, the question bank, the reflection queue and topics,
checked against counts made by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.analytics.test_planner import apps_frame, rounds_frame
from tracker.analytics import readiness as ready
from tracker.analytics.topics import TOPICS, match_topics

TODAY = date(2026, 3, 4)


def feedback_frame(rows: list[dict]) -> pd.DataFrame:
    defaults = {"questions_asked": "", "went_well": "", "to_improve": "", "reflected_on": None}
    frame = pd.DataFrame([{**defaults, "id": n, **r} for n, r in enumerate(rows, start=1)])
    frame["reflected_on"] = pd.to_datetime(frame["reflected_on"])
    texts = frame[["went_well", "to_improve"]].fillna("").astype(str)
    frame["written"] = (texts["went_well"].str.strip() + texts["to_improve"].str.strip()).ne("")
    return frame  # ``written`` as the feedback frame's query gives it


def objectives_frame(rows: list[dict]) -> pd.DataFrame:
    defaults = {"done": False, "done_on": None, "round_id": None, "created_at": "2026-02-01"}
    frame = pd.DataFrame([{**defaults, "id": n, **r} for n, r in enumerate(rows, start=1)])
    frame["done_on"] = pd.to_datetime(frame["done_on"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def history() -> pd.DataFrame:
    """Hand-counted: coding 3 done (2 passed, 1 failed, ratings 4, 2, -), sql 2 done (1 passed,
    1 unknown, ratings 3, 5), stats 1 done pending, behavioral only scheduled."""
    return rounds_frame(
        [
            {"application_id": 1, "status": "done", "outcome": "passed", "self_rating": 4,
             "at": "2026-02-01T10:00Z"},
            {"application_id": 2, "status": "done", "outcome": "passed", "self_rating": 2,
             "at": "2026-02-10T10:00Z"},
            {"application_id": 3, "status": "done", "outcome": "failed", "at": "2026-02-20T10:00Z"},
            {"application_id": 1, "kind": "sql", "kind_label": "SQL", "status": "done",
             "outcome": "passed", "self_rating": 3, "at": "2026-02-03T10:00Z"},
            {"application_id": 2, "kind": "sql", "kind_label": "SQL", "status": "done",
             "outcome": "unknown", "self_rating": 5, "at": "2026-02-25T10:00Z"},
            {"application_id": 3, "kind": "statistics", "kind_label": "Statistics",
             "status": "done", "outcome": "pending", "at": "2026-03-02T10:00Z"},
            {"application_id": 4, "kind": "behavioral", "kind_label": "Behavioral",
             "at": "2026-03-09T10:00Z"},
            {"application_id": 5, "status": "cancelled", "at": "2026-03-01T10:00Z"},
            {"application_id": 5, "status": "scheduled", "at": "2026-03-10T10:00Z"},
        ]
    )  # fmt: skip


def test_readiness_by_kind_matches_hand_counts_weakest_first():
    objectives = objectives_frame(
        [{"text": "a", "kind": "sql"}, {"text": "b", "kind": "sql", "done": True}]
    )
    table = ready.readiness_by_kind(history(), objectives, today=TODAY).set_index("kind")
    coding = table.loc["coding"]
    assert (coding["practice_count"], coding["passed"], coding["failed"]) == (3, 2, 1)
    assert coding["pass_rate"] == pytest.approx(2 / 3)
    assert coding["avg_rating"] == pytest.approx(3.0)  # (4 + 2) / 2, the unrated one left out
    assert coding["last_done"] == pd.Timestamp("2026-02-20")
    assert coding["upcoming"] == 1  # the one on 10 March; the cancelled one is not counted
    sql = table.loc["sql"]
    assert (sql["practice_count"], sql["passed"], sql["failed"]) == (2, 1, 0)
    assert sql["pass_rate"] == pytest.approx(1.0)  # unknown left out
    assert sql["open_objectives"] == 1
    assert pd.isna(table.loc["statistics", "pass_rate"])  # only a pending outcome
    assert table.loc["behavioral", "practice_count"] == 0
    assert table.loc["behavioral", "upcoming"] == 1
    # weakest first: no decided outcome (behavioral: no rating, statistics), then 67 %, then 100 %
    assert table.index.tolist() == ["behavioral", "statistics", "coding", "sql"]


def test_readiness_of_nothing_is_empty_with_columns():
    empty = history().iloc[0:0]
    table = ready.readiness_by_kind(empty, objectives_frame([{"text": "x"}]).iloc[0:0], today=TODAY)
    assert table.empty and list(table.columns) == ready.READINESS_COLUMNS


def test_objective_checklist_puts_objectives_for_the_soonest_round_first():
    rounds = history()  # next coding round 10 March, next behavioral round 9 March
    objectives = objectives_frame(
        [
            {"text": "Graph problems", "kind": "coding", "round_id": 3},
            {"text": "Window functions", "kind": "sql", "round_id": 4},
            {"text": "STAR stories", "kind": "behavioral"},
            {"text": "Old", "kind": "coding", "done": True, "done_on": "2026-02-21"},
        ]
    )
    checklist = ready.objective_checklist(objectives, rounds, today=TODAY)
    assert checklist["text"].tolist() == [
        "STAR stories",
        "Graph problems",
        "Window functions",
        "Old",
    ]
    graph = checklist.set_index("text").loc["Graph problems"]
    assert graph["from_company"] == "Acme" and graph["from_day"] == pd.Timestamp("2026-02-20")
    assert graph["next_round_at"] == pd.Timestamp("2026-03-10T10:00Z")
    items = ready.checklist_items(
        pd.concat([checklist, checklist.iloc[[1]].assign(id=9, round_id=1)], ignore_index=True)
    )
    graph_item = items.set_index("text").loc["Graph problems"]
    assert graph_item["ids"] == [1, 9] and graph_item["count"] == 2 and not graph_item["done"]
    assert graph_item["sources"] == ["Acme (20 Feb 2026)"] * 2
    many = pd.concat(  # noted after 7 rounds: the first five named, all seven ticked at once
        [checklist.iloc[[1]].assign(id=20 + n) for n in range(7)], ignore_index=True
    )
    item = ready.checklist_items(many).iloc[0]
    assert item["count"] == 7 and item["ids"] == list(range(20, 27))
    assert item["sources"] == ["Acme (20 Feb 2026)"] * ready.SOURCES_SHOWN


def test_question_bank_has_one_row_per_question_line_with_context():
    rounds = history()
    feedback = feedback_frame(
        [
            {"round_id": 1, "questions_asked": "- Merge k lists\n\n2. LRU cache  \r\n"},
            {"round_id": 4, "questions_asked": "Rolling 7-day users"},
            {"round_id": 6, "questions_asked": ""},
        ]
    )
    bank = ready.question_bank(feedback, rounds)
    assert sorted(bank["question"]) == ["LRU cache", "Merge k lists", "Rolling 7-day users"]
    merge = bank.set_index("question").loc["Merge k lists"]
    assert (merge["kind"], merge["company"], merge["track"], merge["outcome"]) == (
        "coding", "Acme", "ml_engineer", "passed",
    )  # fmt: skip
    assert ready.filter_question_bank(bank, text="lru")["question"].tolist() == ["LRU cache"]
    assert len(ready.filter_question_bank(bank, text="7-DAY users")) == 1
    assert len(ready.filter_question_bank(bank, kinds=["sql"])) == 1
    assert len(ready.filter_question_bank(bank, companies=["Nobody"])) == 0
    assert len(ready.filter_question_bank(bank, tracks=["ml_engineer"])) == 3
    by_name = ready.filter_question_bank(bank, company_text=" cM ")  # part of a name, any case
    assert set(by_name["company"]) == {"Acme"} and len(by_name) == (bank["company"] == "Acme").sum()
    assert ready.filter_question_bank(bank, company_text="zz").empty


def test_reflection_queue_waits_a_day_and_skips_reflected_rounds():
    rounds = rounds_frame(
        [
            {"application_id": 1, "status": "done", "at": "2026-03-01T10:00Z"},  # no feedback
            {"application_id": 1, "status": "done", "at": "2026-03-02T10:00Z"},  # notes only
            {"application_id": 1, "status": "done", "at": "2026-03-02T12:00Z"},  # reflected
            {"application_id": 1, "status": "done", "at": "2026-03-03T10:00Z"},  # 1 day ago
            {"application_id": 1, "status": "done", "at": "2026-03-04T08:00Z"},  # today: too soon
            {"application_id": 1, "status": "scheduled", "at": "2026-02-20T10:00Z"},  # not done
            {"application_id": 1, "status": "done", "at": "2026-03-02T10:00Z"},  # went_well only
        ]
    )
    feedback = feedback_frame(
        [
            {"round_id": 2, "questions_asked": "Q1"},
            {"round_id": 3, "reflected_on": "2026-03-03"},
            {"round_id": 7, "went_well": "calm"},
        ]
    )
    queue = ready.reflection_queue(rounds, feedback, today=TODAY)
    assert queue["round_id"].tolist() == [1, 2, 4]
    assert queue["days_ago"].tolist() == [3, 2, 1]
    assert queue.set_index("round_id").loc[2, "feedback_id"] == 1
    assert pd.isna(queue.set_index("round_id").loc[1, "feedback_id"])


def test_topics_match_plainly_and_explain_why():
    found = dict(match_topics("Senior MLE: PyTorch, RAG with LLMs, A/B tests and SQL windows."))
    assert found["pytorch"] == "PyTorch"
    assert found["llm_rag"] in {"RAG", "LLMs"}
    assert found["ab_testing"] == "A/B tests"
    assert "sql_window_functions" in found
    assert "spark" not in found
    assert match_topics("") == [] and match_topics(None) == []
    # word boundaries: "sparkling" is not Spark, "rag" inside "storage" is not RAG
    assert match_topics("sparkling storage") == []
    assert len({t.key for t in TOPICS}) == len(TOPICS)


def test_jd_prep_lists_unprepared_topics_first():
    apps = apps_frame(
        [
            {"id": 1, "job_description": "SQL and Spark"},
            {"id": 2, "job_description": "PyTorch, Spark, A/B testing"},
            {"id": 3, "job_description": "nothing we know"},
            {"id": 4, "job_description": "SQL", "closed_on": "2026-03-01"},
        ]
    )
    rounds = rounds_frame([{"application_id": 1, "kind": "sql", "status": "done", "at": None}])
    objectives = objectives_frame([{"text": "Learn Spark joins", "kind": "sql"}])
    prep = ready.jd_prep(apps, rounds, objectives)
    assert prep["application_id"].tolist() == [2, 1]
    assert prep.iloc[0]["unprepared"] == ["PyTorch", "A/B testing & experimentation"]
    assert prep.iloc[1]["unprepared"] == []
    assert prep.iloc[1]["topics"] == ["SQL & window functions", "Spark & big data"]


def test_readiness_overview_holds_every_unfiltered_section():
    rounds = history()
    apps = apps_frame([{"id": 1, "job_description": "SQL and Spark"}])
    objectives = objectives_frame([{"text": "Window functions", "kind": "sql", "round_id": 4}])
    feedback = feedback_frame(
        [
            {"round_id": 1, "questions_asked": "Merge k lists\nLRU cache"},
            {"round_id": 4, "questions_asked": "Rolling 7-day users"},
        ]
    )
    view = ready.readiness_overview(
        apps, rounds, objectives, feedback, today=TODAY, bank_shown=2, prep_shown=5
    )
    assert not view["empty"]
    pd.testing.assert_frame_equal(
        view["readiness"], ready.readiness_by_kind(rounds, objectives, today=TODAY)
    )
    items = ready.checklist_items(ready.objective_checklist(objectives, rounds, today=TODAY))
    assert view["items"] == items.to_dict("records")
    bank = ready.question_bank(feedback, rounds)
    assert view["bank"]["total"] == view["bank"]["found"] == 3
    pd.testing.assert_frame_equal(view["bank"]["recent"], bank.head(2))
    labels = list(view["bank"]["kind_names"].values())
    assert set(view["bank"]["kind_names"]) == set(bank["kind"]) and labels == sorted(labels)
    assert view["bank"]["companies"] == sorted(bank["company"].unique())
    assert view["prep"]["n"] == 1
    pd.testing.assert_frame_equal(view["prep"]["head"], ready.jd_prep(apps, rounds, objectives))
    empty = ready.readiness_overview(
        apps.iloc[:0], rounds.iloc[:0], objectives.iloc[:0], feedback.iloc[:0], today=TODAY
    )
    assert empty["empty"] and empty["bank"]["total"] == 0 and empty["prep"]["n"] == 0


def test_question_bank_page_filters_and_caps():
    rounds = history()
    feedback = feedback_frame([{"round_id": 1, "questions_asked": "Merge k lists\nLRU cache"}])
    page = ready.question_bank_page(feedback, rounds, text="lru", shown=10)
    assert page["found"] == 1 and page["recent"]["question"].tolist() == ["LRU cache"]
    assert ready.question_bank_page(feedback, rounds, shown=1)["recent"].shape[0] == 1


def test_reflection_view_counts_the_queue_and_finds_the_chosen_round():
    rounds = rounds_frame(
        [
            {"application_id": 1, "status": "done", "at": "2026-03-01T10:00Z"},
            {"application_id": 1, "status": "done", "at": "2026-03-02T10:00Z"},
            {"application_id": 1, "status": "done", "at": "2026-03-03T10:00Z"},
        ]
    )
    feedback = feedback_frame([{"round_id": 99, "questions_asked": "Q"}])  # another round's
    view = ready.reflection_view(rounds, feedback, today=TODAY, shown=2, chosen=3)
    assert view["n"] == 3
    assert [item["round_id"] for item in view["head"]] == [1, 2]
    assert view["chosen"]["round_id"] == 3
    assert ready.reflection_view(rounds, feedback, today=TODAY, chosen=99)["chosen"] is None


def test_an_objective_of_no_round_kind_has_no_kind_label():
    """A frame's text column holds NaN for a missing kind (pandas' str dtype): the checklist
    labels it "" (the page then says "Any round"), never "Nan"."""
    objectives = objectives_frame(
        [{"text": "Sleep well", "kind": None}, {"text": "Graph problems", "kind": "coding"}]
    )
    objectives["kind"] = objectives["kind"].astype("str")
    checklist = ready.objective_checklist(objectives, history(), today=TODAY)
    labels = dict(zip(checklist["text"], checklist["kind_label"], strict=True))
    assert labels["Sleep well"] == "" and labels["Graph problems"] != ""


def test_label_of_a_missing_value_is_empty():
    from tracker.models import label

    assert label(None) == label(float("nan")) == label(pd.NA) == ""
    assert label("ml_coding") == "Ml coding"
