"""Compensation maths: every expected value below is computed by hand, not by the code."""

from decimal import Decimal

import pandas as pd
import pytest

from tracker.analytics.comp import (
    BREAKDOWN_COLUMNS,
    VESTING_PRESETS,
    PercentileResult,
    annualised_total,
    bp_to_percent_text,
    column_records,
    comp_fields_of,
    convert,
    equity_by_year,
    offer_breakdown,
    offer_comp_fields,
    offer_summary,
    parse_vesting_percentages,
    percentile_in_range,
    preset_name_for,
    round_half_up,
    sign_on_by_year,
    spread_years,
    target_bonus,
    validate_cliff,
    validate_range,
    validate_vesting,
    vesting_preset,
    year_totals,
)

# ------------------------------------------------------------------------------ presets


def test_presets_are_exact_bp_lists_summing_to_100_percent():
    assert dict(VESTING_PRESETS) == {
        "25/25/25/25": (2500, 2500, 2500, 2500),
        "5/15/40/40": (500, 1500, 4000, 4000),
        "40/30/20/10": (4000, 3000, 2000, 1000),
        "33/33/22/11": (3333, 3333, 2222, 1112),
    }
    for preset in VESTING_PRESETS.values():
        assert validate_vesting(preset) is None


def test_vesting_preset_returns_a_fresh_list():
    first = vesting_preset("5/15/40/40")
    assert first == [500, 1500, 4000, 4000]
    first.append(1)
    assert vesting_preset("5/15/40/40") == [500, 1500, 4000, 4000]
    with pytest.raises(KeyError):
        vesting_preset("10/90")


def test_preset_name_for():
    assert preset_name_for([4000, 3000, 2000, 1000]) == "40/30/20/10"
    assert preset_name_for([5000, 3300, 1700]) is None


# -------------------------------------------------------------------- parsing vesting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50/33/17", [5000, 3300, 1700]),
        (" 50 / 33 / 17 ", [5000, 3300, 1700]),
        ("50, 33, 17", [5000, 3300, 1700]),
        ("50% 33% 17%", [5000, 3300, 1700]),
        ("33.33/33.33/22.22/11.12", [3333, 3333, 2222, 1112]),
        ("12.345/87.655", [1235, 8766]),  # half up to 0.01 %
        ("25", [2500]),
        ("", []),
        ("   ", []),
    ],
)
def test_parse_vesting_text(text, expected):
    assert parse_vesting_percentages(text) == expected


def test_parse_vesting_numbers():
    assert parse_vesting_percentages([33.33, 33.33, 22.22, 11.12]) == [3333, 3333, 2222, 1112]
    assert parse_vesting_percentages([25, 25, 25, 25]) == [2500, 2500, 2500, 2500]
    assert parse_vesting_percentages([Decimal("40"), "30", "20%", 10.0]) == [4000, 3000, 2000, 1000]


@pytest.mark.parametrize("bad", ["50/abc/50", "50/nan/50", [50, float("inf")], [True]])
def test_parse_vesting_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        parse_vesting_percentages(bad)


# ----------------------------------------------------------------- validating vesting


def test_validate_vesting_accepts_valid_schedules():
    assert validate_vesting([10000]) is None
    assert validate_vesting([5000, 3300, 1700]) is None
    assert validate_vesting([1000] * 10) is None
    assert validate_vesting([0, 5000, 5000]) is None


def test_validate_vesting_errors():
    assert validate_vesting([]) == "Enter a vesting schedule (at least one year)"
    assert validate_vesting([1000] * 9 + [500, 500]) == (
        "Vesting can cover at most 10 years (this schedule has 11)"
    )
    assert validate_vesting([5000, -500, 5500]) == (
        "Vesting shares cannot be negative (year 2 is -5 %)"
    )
    assert validate_vesting([2500, 2500, 2500, 2000]) == (
        "Vesting must add up to 100 % (it adds up to 95 %)"
    )
    assert validate_vesting([3333, 3333, 3333]) == (
        "Vesting must add up to 100 % (it adds up to 99.99 %)"
    )
    assert validate_vesting([5000, 5050]) == "Vesting must add up to 100 % (it adds up to 100.5 %)"


def test_validate_cliff():
    assert validate_cliff(0, [2500] * 4) is None
    assert validate_cliff(48, [2500] * 4) is None
    assert validate_cliff(-1, [2500] * 4) == "The cliff cannot be negative"
    assert validate_cliff(60, [2500] * 4) == (
        "The cliff (60 months) is longer than the 4-year vesting schedule"
    )


def test_bp_to_percent_text():
    assert bp_to_percent_text(10000) == "100 %"
    assert bp_to_percent_text(9500) == "95 %"
    assert bp_to_percent_text(1112) == "11.12 %"


# ------------------------------------------------------------------------- rounding


def test_round_half_up():
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("3.5")) == 4  # not banker's rounding
    assert round_half_up(Decimal("2.49")) == 2
    assert round_half_up(Decimal("-2.5")) == -3
    assert round_half_up(7) == 7


def test_target_bonus():
    assert target_bonus(150000, 1500) == 22500
    assert target_bonus(150000, 0) == 0
    assert target_bonus(100, 50) == 1  # 0.5 -> 1
    assert target_bonus(100, 49) == 0  # 0.49 -> 0
    with pytest.raises(ValueError):
        target_bonus(-1, 1000)


# ------------------------------------------------------------------------- equity


def test_equity_25_25_25_25_one_year_cliff():
    assert equity_by_year(400000, [2500, 2500, 2500, 2500], 12) == [100000] * 4


def test_equity_cliff_up_to_12_months_changes_nothing():
    for cliff in (0, 1, 6, 12):
        assert equity_by_year(300000, [500, 1500, 4000, 4000], cliff) == [
            15000,
            45000,
            120000,
            120000,
        ]


def test_equity_40_30_20_10():
    assert equity_by_year(250000, [4000, 3000, 2000, 1000], 12) == [100000, 75000, 50000, 25000]


def test_equity_3_year_50_33_17():
    assert equity_by_year(120000, [5000, 3300, 1700], 12) == [60000, 39600, 20400]


def test_equity_rounds_cumulatively_so_years_add_up_to_the_grant():
    # cumulative 3.333 -> 3, 6.666 -> 7, 10 -> 10; per-year rounding would give 3/3/3 = 9
    assert equity_by_year(10, [3333, 3333, 3334], 0) == [3, 4, 3]
    # cumulative 500.5 -> 501 (half up), 830.83 -> 831, 1001
    assert equity_by_year(1001, [5000, 3300, 1700], 12) == [501, 330, 170]
    # 33/33/22/11 preset: 33330, 66660, 88880, 100000 cumulative
    assert equity_by_year(100000, [3333, 3333, 2222, 1112], 12) == [33330, 33330, 22220, 11120]


def test_equity_18_month_cliff_moves_year_1_into_year_2():
    assert equity_by_year(400000, [2500, 2500, 2500, 2500], 18) == [0, 200000, 100000, 100000]
    assert equity_by_year(300000, [500, 1500, 4000, 4000], 18) == [0, 60000, 120000, 120000]


def test_equity_longer_cliffs():
    assert equity_by_year(400000, [2500] * 4, 24) == [0, 200000, 100000, 100000]
    assert equity_by_year(400000, [2500] * 4, 25) == [0, 0, 300000, 100000]
    assert equity_by_year(400000, [2500] * 4, 48) == [0, 0, 0, 400000]
    # beyond the schedule: everything at the cliff, list extended to the cliff year
    assert equity_by_year(400000, [2500] * 4, 60) == [0, 0, 0, 0, 400000]


def test_no_equity():
    assert equity_by_year(0, [], 12) == []
    assert equity_by_year(0, [2500] * 4, 12) == [0, 0, 0, 0]


def test_equity_rejects_bad_input():
    with pytest.raises(ValueError, match="adds up to 95 %"):
        equity_by_year(1000, [2500, 2500, 2500, 2000], 12)
    with pytest.raises(ValueError):
        equity_by_year(-1, [10000], 0)
    with pytest.raises(ValueError):
        equity_by_year(1000, [10000], -1)


# ------------------------------------------------------------------------- sign-on


def test_sign_on_by_year_pads_and_cuts():
    assert sign_on_by_year([50000, 25000], 4) == [50000, 25000, 0, 0]
    assert sign_on_by_year([], 3) == [0, 0, 0]
    assert sign_on_by_year([1, 2, 3, 4, 5], 4) == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        sign_on_by_year([-1], 4)


# ------------------------------------------------------------ year totals / annualised


def test_offer_25_25_25_25_one_year_cliff():
    fields = dict(
        base_salary=200000,
        target_bonus_bp=1500,  # 30000
        equity_grant_total=400000,  # 100000 a year
        vesting_bp_by_year=[2500, 2500, 2500, 2500],
        cliff_months=12,
    )
    assert year_totals(**fields) == [330000, 330000, 330000, 330000]
    assert annualised_total(**fields) == 330000


def test_offer_5_15_40_40_with_sign_on_in_years_1_and_2():
    fields = dict(
        base_salary=180000,
        target_bonus_bp=1000,  # 18000 -> 198000 cash a year
        equity_grant_total=300000,  # 15000 / 45000 / 120000 / 120000
        vesting_bp_by_year=[500, 1500, 4000, 4000],
        cliff_months=12,
        sign_on_by_year=[60000, 40000],
    )
    # 198000 + 15000 + 60000, 198000 + 45000 + 40000, 198000 + 120000, same
    assert year_totals(**fields) == [273000, 283000, 318000, 318000]
    # 198000 + 300000 / 4 + 100000 / 4
    assert annualised_total(**fields) == 298000


def test_offer_5_15_40_40_with_18_month_cliff():
    fields = dict(
        base_salary=180000,
        target_bonus_bp=1000,
        equity_grant_total=300000,  # 0 / 60000 / 120000 / 120000
        vesting_bp_by_year=[500, 1500, 4000, 4000],
        cliff_months=18,
        sign_on_by_year=[60000, 40000],
    )
    # 198000 + 0 + 60000, 198000 + 60000 + 40000, 198000 + 120000, same
    assert year_totals(**fields) == [258000, 298000, 318000, 318000]
    assert annualised_total(**fields) == 298000  # the cliff does not change it


def test_offer_40_30_20_10_zero_bonus():
    fields = dict(
        base_salary=150000,
        target_bonus_bp=0,
        equity_grant_total=250000,
        vesting_bp_by_year=[4000, 3000, 2000, 1000],
        cliff_months=12,
    )
    assert year_totals(**fields) == [250000, 225000, 200000, 175000]
    assert annualised_total(**fields) == 212500  # 150000 + 250000 / 4


def test_offer_3_year_50_33_17():
    fields = dict(
        base_salary=100000,
        target_bonus_bp=1000,  # 10000
        equity_grant_total=120000,  # 60000 / 39600 / 20400
        vesting_bp_by_year=parse_vesting_percentages("50/33/17"),
        cliff_months=12,
        sign_on_by_year=[30000],
    )
    # 110000 + 60000 + 30000, 110000 + 39600, 110000 + 20400, 110000 (nothing vests in year 4)
    assert year_totals(**fields) == [200000, 149600, 130400, 110000]
    assert year_totals(**fields, years=3) == [200000, 149600, 130400]
    # 110000 + 120000 / 3 + 30000 / 3: spread over the 3 vesting years
    assert annualised_total(**fields) == 160000
    assert spread_years(120000, [5000, 3300, 1700]) == 3


def test_offer_without_equity_spreads_sign_on_over_4_years():
    fields = dict(base_salary=120000, target_bonus_bp=1000, sign_on_by_year=[20000])
    assert year_totals(**fields) == [152000, 132000, 132000, 132000]
    assert annualised_total(**fields) == 137000  # 132000 + 20000 / 4
    assert spread_years(0, [2500, 2500, 2500, 2500]) == 4
    assert spread_years(0, []) == 4


def test_annualised_total_rounds_once_at_the_end():
    # 100 + 0.30 bonus + 1 / 4 equity = 100.55 -> 101 (rounding each part would give 100)
    assert (
        annualised_total(
            base_salary=100, target_bonus_bp=30, equity_grant_total=1, vesting_bp_by_year=[2500] * 4
        )
        == 101
    )
    # 100 + 0.20 + 1 / 4 = 100.45 -> 100
    assert (
        annualised_total(
            base_salary=100, target_bonus_bp=20, equity_grant_total=1, vesting_bp_by_year=[2500] * 4
        )
        == 100
    )


def test_year_totals_needs_at_least_one_year():
    with pytest.raises(ValueError):
        year_totals(base_salary=100000, years=0)


# ----------------------------------------------------------------------- DataFrames


def _two_offers() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": 11,
                "application_id": 1,
                "currency": "USD",
                "base_salary": 200000,
                "target_bonus_bp": 1500,
                "sign_on_by_year": [],
                "equity_grant_total": 400000,
                "vesting_bp_by_year": [2500, 2500, 2500, 2500],
                "cliff_months": 12,
                "relocation": 10000,
                "status": "pending",
            },
            {
                "id": 12,
                "application_id": 2,
                "currency": "EUR",
                "base_salary": 180000,
                "target_bonus_bp": 1000,
                "sign_on_by_year": [60000, 40000],
                "equity_grant_total": 300000,
                "vesting_bp_by_year": [500, 1500, 4000, 4000],
                "cliff_months": 12,
                "relocation": 0,
                "status": "accepted",
            },
        ]
    )


def test_offer_breakdown_two_offers():
    expected = pd.DataFrame(
        [
            (11, 1, 200000, 30000, 100000, 0, 330000),
            (11, 2, 200000, 30000, 100000, 0, 330000),
            (11, 3, 200000, 30000, 100000, 0, 330000),
            (11, 4, 200000, 30000, 100000, 0, 330000),
            (12, 1, 180000, 18000, 15000, 60000, 273000),
            (12, 2, 180000, 18000, 45000, 40000, 283000),
            (12, 3, 180000, 18000, 120000, 0, 318000),
            (12, 4, 180000, 18000, 120000, 0, 318000),
        ],
        columns=["offer_id", "year", "base", "bonus", "equity", "sign_on", "total"],
    ).astype("int64")
    pd.testing.assert_frame_equal(offer_breakdown(_two_offers()), expected)


def test_offer_breakdown_years_argument():
    breakdown = offer_breakdown(_two_offers(), years=2)
    assert breakdown["total"].tolist() == [330000, 330000, 273000, 283000]


def test_offer_summary_two_offers():
    expected = pd.DataFrame(
        [
            (11, "USD", 200000, 30000, 100000, 0, 10000)
            + (330000, 330000, 330000, 330000, 330000, 4),
            (12, "EUR", 180000, 18000, 75000, 100000, 0)
            + (273000, 283000, 318000, 318000, 298000, 4),
        ],
        columns=[
            "offer_id",
            "currency",
            "base",
            "bonus",
            "equity_per_year",
            "sign_on_total",
            "relocation",
            "year_1",
            "year_2",
            "year_3",
            "year_4",
            "annualised_total",
            "vesting_years",
        ],
    )
    pd.testing.assert_frame_equal(offer_summary(_two_offers()), expected)


def test_empty_offers_give_empty_tables_with_columns():
    empty = _two_offers().iloc[0:0]
    breakdown = offer_breakdown(empty)
    assert breakdown.empty
    assert list(breakdown.columns) == list(BREAKDOWN_COLUMNS)
    summary = offer_summary(empty)
    assert summary.empty
    assert "year_4" in summary.columns
    assert "annualised_total" in summary.columns


def test_offers_without_id_column_are_rejected():
    with pytest.raises(ValueError, match="'id'"):
        offer_breakdown(_two_offers().drop(columns="id"))


def test_offer_comp_fields_cleans_database_values():
    row = pd.Series(
        {
            "id": 13,
            "base_salary": 100000.0,  # an int column upcast by a NaN elsewhere
            "target_bonus_bp": float("nan"),
            "equity_grant_total": 120000,
            "vesting_bp_by_year": "[5000, 3300, 1700]",  # JSON read as text
            "cliff_months": None,
            "sign_on_by_year": None,
        }
    )
    assert offer_comp_fields(row) == {
        "base_salary": 100000,
        "target_bonus_bp": 0,
        "equity_grant_total": 120000,
        "vesting_bp_by_year": [5000, 3300, 1700],
        "cliff_months": 0,
        "sign_on_by_year": [],
    }

    class OfferLike:
        base_salary = 90000
        target_bonus_bp = 500
        equity_grant_total = 0
        vesting_bp_by_year = [2500, 2500, 2500, 2500]
        cliff_months = 12
        sign_on_by_year = [10000]

    fields = offer_comp_fields(OfferLike())
    assert year_totals(**fields) == [104500, 94500, 94500, 94500]  # 90000 + 4500 (+ 10000)
    assert annualised_total(**fields) == 97000  # 94500 + 10000 / 4


# -------------------------------------------------------------------- market ranges

# p25 = 100000, p50 = 120000, p75 = 150000


def test_percentile_below_the_band():
    assert percentile_in_range(90000, 100000, 120000, 150000) == PercentileResult(
        None, "below", "below p25"
    )


def test_percentile_above_the_band():
    assert percentile_in_range(150001, 100000, 120000, 150000) == PercentileResult(
        None, "above", "above p75"
    )


def test_percentile_lower_segment():
    # 25 + 25 * (110000 - 100000) / (120000 - 100000) = 37.5 -> "p38" (half up)
    assert percentile_in_range(110000, 100000, 120000, 150000) == PercentileResult(
        37.5, "within", "≈ p38"
    )
    # 25 + 25 * 4000 / 20000 = 30
    assert percentile_in_range(104000, 100000, 120000, 150000).percentile == 30.0


def test_percentile_upper_segment():
    # 50 + 25 * (132000 - 120000) / (150000 - 120000) = 60
    assert percentile_in_range(132000, 100000, 120000, 150000) == PercentileResult(
        60.0, "within", "≈ p60"
    )
    # 50 + 25 * 15000 / 30000 = 62.5 -> "p63"
    assert percentile_in_range(135000, 100000, 120000, 150000).text == "≈ p63"
    # 50 + 25 * 10000 / 30000 = 58.33...
    result = percentile_in_range(130000, 100000, 120000, 150000)
    assert result.percentile == pytest.approx(58.333333)
    assert result.text == "≈ p58"


def test_percentile_at_the_anchors():
    assert percentile_in_range(100000, 100000, 120000, 150000).text == "≈ p25"
    assert percentile_in_range(120000, 100000, 120000, 150000).percentile == 50.0
    assert percentile_in_range(150000, 100000, 120000, 150000) == PercentileResult(
        75.0, "within", "≈ p75"
    )


def test_percentile_degenerate_ranges():
    assert percentile_in_range(100, 100, 100, 100) == PercentileResult(50.0, "within", "≈ p50")
    assert percentile_in_range(99, 100, 100, 100).position == "below"
    assert percentile_in_range(101, 100, 100, 100).position == "above"
    # p25 == p50: the tie gets the middle of 25..50; above it interpolate up to p75
    assert percentile_in_range(100, 100, 100, 200).percentile == 37.5
    assert percentile_in_range(150, 100, 100, 200).percentile == 62.5
    # p50 == p75
    assert percentile_in_range(200, 100, 200, 200).percentile == 62.5
    assert percentile_in_range(150, 100, 200, 200).percentile == 37.5


def test_percentile_rejects_unordered_range():
    with pytest.raises(ValueError):
        percentile_in_range(100, 130, 120, 150)


def test_validate_range():
    assert validate_range(100000, 120000, 150000, "Base") is None
    assert validate_range(100000, 100000, 100000, "Total") is None
    assert validate_range(130000, 120000, 150000, "Base") == "Base p25 must be ≤ p50 ≤ p75"
    assert validate_range(100000, 160000, 150000, "Total") == "Total p25 must be ≤ p50 ≤ p75"
    assert validate_range(0, 120000, 150000, "Base") == "Base p25 must be a positive amount"
    assert validate_range(100000, -1, 150000, "Total") == "Total p50 must be a positive amount"
    assert validate_range(100000, 120000, None, "Base") == "Base p75 is missing"


# ------------------------------------------------------------------------ currency


def test_convert():
    assert convert(100000, Decimal("0.92")) == 92000
    assert convert(3, Decimal("0.5")) == 2  # 1.5 -> 2, half up
    assert convert(5, Decimal("0.5")) == 3  # 2.5 -> 3, not banker's 2
    assert convert(100, "1.1") == 110
    assert convert(100, 1.1) == 110  # a float is taken by its text, not 1.100000000000000088
    assert convert(123456789, Decimal("1")) == 123456789


@pytest.mark.parametrize("rate", [0, Decimal("-1"), "abc", Decimal("NaN"), float("inf"), True])
def test_convert_rejects_bad_rates(rate):
    with pytest.raises(ValueError):
        convert(100, rate)


def test_column_records_are_the_records_of_the_named_columns():
    offers = _two_offers()
    records = column_records(offers, ("id", "sign_on_by_year", "no_such_column"))
    assert records == [
        {"id": 11, "sign_on_by_year": []},
        {"id": 12, "sign_on_by_year": [60000, 40000]},
    ]
    assert column_records(offers, ("no_such_column",)) == [{}, {}]
    assert comp_fields_of(offers) == [offer_comp_fields(r) for r in offers.to_dict("records")]
