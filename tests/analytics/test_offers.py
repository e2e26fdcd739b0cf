"""Offer comparison logic: side-by-side figures, matching ranges, negotiation readiness."""

import json
from datetime import date
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tracker.analytics.offers import (
    breakdown_by_component,
    choices_among,
    comparable_offer_counts,
    compare_offers,
    component_amounts,
    convert_comparison,
    deadline_text,
    furthest_below_median,
    level_check,
    match_ranges,
    negotiation_readiness,
    offer_view,
    place_on_range,
    range_choices,
    range_label,
    red_flags_by_company,
    vesting_text,
    with_component_labels,
)
from tracker.charts import (
    base_layout,
    frozen,
    offer_components_chart,
    offer_components_frozen,
    offer_range_chart,
    offer_range_frozen,
    thawed,
)

TODAY = date(2026, 3, 2)


def offer(id, **kw):
    row = {
        "id": id, "application_id": id, "currency": "EUR", "base_salary": 100000,
        "target_bonus_bp": 1000, "sign_on_by_year": [], "equity_grant_total": 0,
        "vesting_bp_by_year": [2500, 2500, 2500, 2500], "cliff_months": 12, "relocation": 0,
        "level_offered": "senior", "location": "Berlin", "deadline": pd.Timestamp("2026-03-07"),
        "status": "pending", "role_title": "ML Engineer", "track": "ml_engineer",
        "level_targeted": "senior", "tier": 2, "company_id": id, "company": f"Co{id}",
    }  # fmt: skip
    row.update(kw)
    return row


def rng(id, **kw):
    row = {
        "id": id, "track": "ml_engineer", "level": "senior", "location": "Berlin",
        "currency": "EUR", "base_p25": 90000, "base_p50": 100000, "base_p75": 110000,
        "total_p25": 100000, "total_p50": 120000, "total_p75": 140000, "source": "",
        "as_of": pd.Timestamp("2026-01-01"), "is_demo": False,
    }  # fmt: skip
    row.update(kw)
    return row


def frame(*rows):
    return pd.DataFrame(list(rows))


# -------------------------------------------------------------------- side by side


def test_compare_offers_by_hand():
    offers = frame(
        offer(1, equity_grant_total=120000, sign_on_by_year=[20000], relocation=5000),
        offer(2, currency="USD", base_salary=150000, target_bonus_bp=0, level_offered="mid"),
    )
    table = compare_offers(offers, TODAY)
    first = table.loc[1]
    # 100000 + 10 % bonus + 120000 / 4 + 20000 in year 1
    assert (first["base"], first["bonus"], first["equity_per_year"]) == (100000, 10000, 30000)
    assert [first[f"year_{n}"] for n in range(1, 5)] == [160000, 140000, 140000, 140000]
    assert first["annualised_total"] == 100000 + 10000 + 30000 + 5000  # sign-on / 4
    assert first["relocation"] == 5000
    assert first["vesting"] == "25/25/25/25 % over 4 years · 12-month cliff"
    assert first["deadline_text"] == "in 5 days"
    assert table.loc[2, "level_check"] == "below target"
    assert table.loc[2, "vesting"] == "No equity"
    # each currency ranks on its own
    assert list(table["rank_in_currency"]) == [1, 1]


def test_small_helpers():
    assert level_check("senior", "senior") == "as targeted"
    assert level_check("staff", "senior") == "above target"
    assert level_check("manager", "senior") == "other ladder"
    assert level_check(None, "senior") == "not set"
    assert deadline_text(0) == "today" and deadline_text(1) == "tomorrow"
    assert deadline_text(-1) == "passed 1 day ago" and deadline_text(None) == "no deadline"
    assert vesting_text([5000, 3300, 1700], 0, 10) == "50/33/17 % over 3 years · no cliff"


def test_convert_only_with_entered_rates():
    table = compare_offers(frame(offer(1), offer(2, currency="USD", base_salary=200000)), TODAY)
    converted = convert_comparison(table, "EUR", {"USD": Decimal("0.5")})
    assert converted.loc[2, "base"] == 100000 and converted.loc[2, "currency"] == "EUR"
    assert converted.loc[2, "original_currency"] == "USD"
    assert converted.loc[1, "base"] == 100000
    assert set(converted["rank"]) == {1}  # equal after conversion: both first
    assert list(convert_comparison(table, "EUR", {}).index) == [1]  # no rate: left out


def test_breakdown_is_per_year_per_component_and_feeds_the_chart():
    offers = frame(offer(1, equity_grant_total=40000, sign_on_by_year=[8000]))
    long = breakdown_by_component(offers)
    year1 = long[long["year"] == 1].set_index("component")["amount"]
    assert year1.to_dict() == {
        "Base salary": 100000, "Target bonus": 10000, "Equity": 10000, "Sign-on": 8000,
    }  # fmt: skip
    fig = offer_components_chart(long, "EUR", "t")
    sign_on = next(t for t in fig.data if t.name == "Sign-on")
    assert list(sign_on.y) == [8000, 0, 0, 0]
    assert list(sign_on.x[1]) == ["Year 1", "Year 2", "Year 3", "Year 4"]
    assert fig.layout.barmode == "stack"


def test_red_flags_by_company():
    flags = pd.DataFrame(
        {
            "company_id": [1, 1, 2],
            "severity": [1, 3, 2],
            "category": ["ghosting", "overwork", "other"],
        }
    )
    summary = red_flags_by_company(flags)
    assert summary.loc[1, "count"] == 2 and summary.loc[1, "worst"] == 3
    assert summary.loc[1, "categories"] == ["overwork", "ghosting"]
    assert red_flags_by_company(flags.iloc[0:0]).empty


# -------------------------------------------------------------------------- ranges


def test_matching_exact_closest_none_and_never_across_currencies():
    offers = frame(
        offer(1, location=" berlin "),
        offer(2, location="Munich"),
        offer(3, level_offered=None, level_targeted="staff"),  # falls back to targeted
        offer(4, currency="USD"),
    )
    ranges = frame(
        rng(10, location="Germany", as_of=pd.Timestamp("2026-02-01")),
        rng(11, location="Berlin"),
        rng(12, location="Hamburg", as_of=pd.Timestamp("2025-01-01")),
        rng(13, level="staff", location="Berlin"),
        rng(14, location="Berlin", currency="GBP"),
    )
    matches = match_ranges(offers, ranges)
    assert matches.loc[1, ["range_id", "match"]].tolist() == [11, "exact"]
    # no Munich range: the newest same track/level/currency range
    assert matches.loc[2, ["range_id", "match", "range_location"]].tolist() == [
        10,
        "closest",
        "Germany",
    ]
    assert matches.loc[3, ["range_id", "match"]].tolist() == [13, "exact"]
    assert pd.isna(matches.loc[4, "range_id"]) and matches.loc[4, "match"] == "none"
    table = compare_offers(offers, TODAY)
    assert range_choices(table.loc[4], ranges) == []
    assert range_choices(table.loc[3], ranges) == [13, 10, 11, 12]
    assert (
        range_label(rng(1, location="", is_demo=True))
        == "ML engineer · Senior · any location · EUR (demo)"
    )


def test_placement_below_inside_above_and_the_chart():
    table = compare_offers(frame(offer(1, base_salary=85000, target_bonus_bp=0)), TODAY)
    placement = place_on_range(table.loc[1], rng(1)).set_index("metric")
    assert placement.loc["base", "text"] == "below p25"
    assert placement.loc["base", "gap"] == -15000
    assert placement.loc["total", "text"] == "below p25"  # 85000 < 100000
    table = compare_offers(frame(offer(1, base_salary=105000, target_bonus_bp=0)), TODAY)
    placement = place_on_range(
        table.loc[1], rng(1, total_p25=90000, total_p50=100000, total_p75=104000)
    ).set_index("metric")
    assert placement.loc["base", "text"] == "≈ p63"  # 50 + 25 * 5000 / 10000 = 62.5
    assert placement.loc["total", "position"] == "above"
    fig = offer_range_chart(placement.reset_index(), "EUR", "t")
    band, median, marker = fig.data
    assert list(band.base) == [90000, 90000] and list(band.x) == [20000, 14000]
    assert list(median.x) == [100000, 100000] and list(marker.x) == [105000, 105000]
    assert list(marker.text) == ["≈ p63", "above p75"]
    with pytest.raises(ValueError):
        place_on_range(table.loc[1], rng(1, currency="USD"))


# ------------------------------------------------------------------ readiness


def test_comparable_offers_need_same_track_level_currency_and_to_be_open():
    offers = frame(
        offer(1),
        offer(2),
        offer(3, currency="USD"),
        offer(4, level_offered="staff"),
        offer(5, status="declined"),
        offer(6, track="data_scientist"),
    )
    counts = comparable_offer_counts(compare_offers(offers, TODAY))
    assert counts.tolist() == [2, 2, 1, 1, 2, 1]


def test_furthest_below_median():
    placement = pd.DataFrame(
        {"name": ["Base salary", "Total"], "gap": [-5000, -30000], "gap_pct": [-5.0, -20.0]}
    )
    assert furthest_below_median(placement) == "Total: 20.0 % below the range median."
    placement["gap"], placement["gap_pct"] = [1, 0], [0.1, 0.0]
    assert furthest_below_median(placement).startswith("None")
    assert furthest_below_median(None).startswith("No range")


def test_readiness_checklist():
    offers = frame(offer(1), offer(2, level_offered="mid"))
    table = compare_offers(offers, TODAY)
    placement = place_on_range(table.loc[2], rng(1, level="mid"))
    ready = negotiation_readiness(table.loc[2], 2, "exact", placement)
    done = {item.text: item.done for item in ready.checklist}
    assert done["Two comparable offers (same track and level, same currency)"] is True
    assert done["Compensation range researched for the role, level and location"] is True
    assert done["Offer compared against the range"] is True
    assert done["Level offered checked against the level targeted"] is False
    assert done["Prepared for the worst case"] is None
    assert ready.furthest_below.startswith("Total compensation (annualised)")
    alone = negotiation_readiness(table.loc[1], 1, "none", None)
    done = {item.text: item.done for item in alone.checklist}
    assert done["Two comparable offers (same track and level, same currency)"] is False
    assert done["Offer compared against the range"] is False
    assert alone.furthest_below.startswith("No range")


# ------------------------------------------------------------- built once, shown many times


def test_the_cached_view_holds_what_the_functions_give():
    offers = frame(
        offer(1, equity_grant_total=40000, sign_on_by_year=[8000], company_id=7, company="Acme"),
        offer(2, currency="USD", company_id=7, company="Acme", role_title="Data Scientist"),
        offer(3, status="declined", location="Munich"),
    )
    ranges = frame(rng(10), rng(11, location="Germany"), rng(12, currency="USD"))
    flags = pd.DataFrame({"company_id": [7, 7], "severity": [1, 2], "category": ["a", "b"]})
    view = offer_view(offers, ranges, flags, today=TODAY)
    pd.testing.assert_frame_equal(view.table, compare_offers(offers, TODAY))
    pd.testing.assert_frame_equal(view.matches([1, 2, 3]), match_ranges(offers, ranges))
    pd.testing.assert_frame_equal(view.matches([3, 1]), match_ranges(offers.iloc[[2, 0]], ranges))
    pd.testing.assert_frame_equal(view.amounts([1, 2, 3]), component_amounts(offers))
    pd.testing.assert_series_equal(view.comparable, comparable_offer_counts(view.table))
    assert view.flags([7, 8]) == {7: {"count": 2, "worst": 2, "categories": ["b", "a"]}}
    assert view.flags([8]) == {}
    assert view.range_labels[11] == "ML engineer · Senior · Germany · EUR"
    assert choices_among(view.table.loc[3].to_dict(), view.ranges.values()) == [10, 11]
    for ids in ([1, 2, 3], [3, 1], [2]):
        part = with_component_labels(view.amounts(ids), view.table.loc[ids])
        expected = breakdown_by_component(offers[offers["id"].isin(ids)])
        pd.testing.assert_frame_equal(part, expected, check_dtype=False, check_categorical=False)
    # labels are short among the offers shown: "Acme" repeats only when both are shown
    assert set(with_component_labels(view.amounts([1, 3]), view.table.loc[[1, 3]])["label"]) == {
        "Acme",
        "Co3",
    }


def test_ranks_share_ties_and_matching_breaks_ties_by_date_then_id():
    offers = frame(offer(1), offer(2), offer(3, base_salary=90000))
    assert compare_offers(offers, TODAY)["rank_in_currency"].tolist() == [1, 1, 3]
    ranges = frame(
        rng(12, location="Germany", as_of=pd.Timestamp("2026-02-01")),
        rng(11, location="Germany", as_of=pd.Timestamp("2026-02-01")),
        rng(10, location="Germany", as_of=pd.NaT),  # no date: the oldest
    )
    matches = match_ranges(frame(offer(1, location="Paris")), ranges)
    assert matches.loc[1, ["range_id", "match"]].tolist() == [11, "closest"]


def test_offer_charts_are_valid_plotly_figures_in_the_house_style():
    offers = frame(offer(1, equity_grant_total=40000, sign_on_by_year=[8000]), offer(2))
    table = compare_offers(offers, TODAY)
    figures = [
        offer_components_chart(breakdown_by_component(offers), "EUR", "Pay"),
        offer_range_chart(place_on_range(table.loc[1], rng(1)), "EUR", "Offer vs range"),
    ]
    for fig in figures:
        spec = json.loads(pio.to_json(fig, validate=False))
        # built without plotly's validation: validating changes nothing and raises nothing
        assert json.loads(pio.to_json(go.Figure(fig.to_dict()), validate=False)) == spec
        house = base_layout(go.Figure(), "t").to_dict()["layout"]
        for key in ("font", "legend", "plot_bgcolor"):
            assert spec["layout"][key] == house[key]
        assert spec["layout"]["xaxis"]["showgrid"] is False
        assert spec["layout"]["yaxis"]["gridcolor"] == house["yaxis"]["gridcolor"]
    assert figures[1].layout.margin.t == 40 and figures[1].layout.showlegend is False
    specs = [  # what the page draws: the same figures, frozen without building them
        offer_components_frozen(breakdown_by_component(offers), "EUR", "Pay"),
        offer_range_frozen(place_on_range(table.loc[1], rng(1)), "EUR", "Offer vs range"),
    ]
    for fig, spec in zip(figures, specs, strict=True):
        assert spec == frozen(fig)
        assert json.loads(pio.to_json(thawed(spec), validate=False)) == json.loads(
            pio.to_json(fig, validate=False)
        )
