"""Offer comparison: offers side by side, per year, on their ranges, and negotiation readiness.

Figures come from ``tracker.analytics.offers`` (built on ``analytics.comp``). Amounts are
shown in each offer's own currency; offers in different currencies are never summed or
ranked together unless the user enters exchange rates, which are then shown.

Everything that depends on the data only (``offers.offer_view``: the comparison table,
each offer's pay, the ranges and red flags) is computed once per data version and held as
is (``data.shared``: nothing is pickled on a click); what depends on the offers picked (their
range matches, pay per component, red flags, the side-by-side table, each card) is held per
pick (``data.held``), so a click that changes neither redraws what is held.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from tracker.analytics.comp import column_records, convert
from tracker.analytics.offers import (
    OPEN_STATUSES,
    YEAR_COLUMNS,
    Readiness,
    choices_among,
    convert_comparison,
    negotiation_readiness,
    offer_view,
    place_on_range,
    with_component_labels,
)
from tracker.charts import Frozen, FrozenFigure, offer_components_frozen, offer_range_frozen
from tracker.models import label
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import day, money, tier_name
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

header(
    "Offer comparison",
    "Your offers side by side: pay per year, the annualised total, where each sits on your "
    "compensation ranges, and how ready you are to negotiate.",
)
computed = data.shared(offer_view, "offers", "ranges", "red_flags", today=date.today())
DEFAULT_SHOWN = 6  # offers picked at first: a card each, side by side
table = computed.table
if table.empty:
    empty_state(
        "No offer yet. When an application reaches the offer stage, record the offer with "
        "the application (Track pages); it then appears here. Loading the demo campaign "
        "(Overview or Settings) shows four example offers.",
        link="pages/applications.py",
        link_label="Go to Applications",
    )
    st.stop()


def offer_options() -> tuple[list[int], dict[int, str], list[int]]:
    """The picker's offers (ids), their texts and the ones picked at first: the open
    offers, the newest ``DEFAULT_SHOWN`` of them (else of all)."""
    offer_ids = [int(i) for i in table.index]
    open_ids = [int(i) for i in table.index[table["status"].isin(OPEN_STATUSES)]]
    texts = {
        offer_id: f"{text} ({label(status)})"
        for offer_id, text, status in zip(offer_ids, table["label"], table["status"], strict=True)
    }
    first_pick = set(sorted(open_ids or offer_ids)[-DEFAULT_SHOWN:])  # the newest ones
    return offer_ids, texts, [i for i in offer_ids if i in first_pick]


offer_ids, option_texts, first_picked = data.held("offer options", (), offer_options)
selected = st.multiselect(
    "Offers to compare",
    options=offer_ids,
    default=first_picked,
    format_func=option_texts.__getitem__,
    help=f"Open offers (pending or negotiating) are selected at first, the {DEFAULT_SHOWN} "
    "newest when there are more.",
)
if not selected:
    st.info("Pick at least one offer to compare.", icon=":material/lightbulb:")
    st.stop()


def selected_rows() -> tuple[pd.DataFrame, dict[int, dict], dict[int, dict]]:
    """The selected offers' rows: as a table, as dicts by id, and their range matches."""
    rows, picked_matches = table.loc[selected], computed.matches(selected)
    return (
        rows,
        dict(zip(selected, column_records(rows, rows.columns), strict=True)),
        dict(zip(selected, column_records(picked_matches, picked_matches.columns), strict=True)),
    )


view, view_rows, matches = data.held("offer rows", tuple(selected), selected_rows)
currencies = list(dict.fromkeys(view["currency"]))
per_currency = Counter(view["currency"])


def rate_inputs(currencies: list[str]) -> tuple[str | None, dict[str, Decimal]]:
    """Let the user enter exchange rates into one currency; returns (target, valid rates)."""
    st.warning(
        f"These offers are in {', '.join(currencies)}. Amounts in different currencies are "
        "never added up or ranked against each other here. To compare them in one "
        "currency, enter the exchange rates you want to use.",
        icon=":material/currency_exchange:",
    )
    default_currency = data.settings().default_currency
    with st.expander("Compare in one currency (your exchange rates)"):
        target = st.selectbox(
            "Compare in",
            currencies,
            index=currencies.index(default_currency) if default_currency in currencies else 0,
        )
        rates: dict[str, Decimal] = {}
        for currency in currencies:
            if currency == target:
                continue
            text = st.text_input(
                f"1 {currency} = how many {target}?",
                key=f"rate_{currency}_{target}",
                placeholder="e.g. 0.92",
            ).strip()
            if not text:
                continue
            try:
                convert(1, text)
            except ValueError as exc:
                st.error(str(exc), icon=":material/error:")
                continue
            rates[currency] = Decimal(text)
    return target, rates


target, rates = (None, {})
if len(currencies) > 1:
    target, rates = rate_inputs(currencies)
converted = target is not None and len(rates) == len(currencies) - 1
shown_as = (target, tuple(sorted(rates.items()))) if converted else None  # in held keys
shown = convert_comparison(view, target, rates) if converted else view
shown_rows = shown.to_dict("index") if converted else view_rows
if converted:
    st.info(
        "Amounts converted to "
        + target
        + " at the rates you entered: "
        + "; ".join(f"1 {c} = {r} {target}" for c, r in rates.items())
        + ".",
        icon=":material/currency_exchange:",
    )

# --------------------------------------------------------------------- side by side


def flags_text(company_id: int, flags: dict[int, dict]) -> str:
    row = flags.get(int(company_id))
    if row is None:
        return "None noted"
    names = ", ".join(label(c) for c in row["categories"])
    return f"{row['count']} (worst severity {row['worst']}/3): {names}"


def sign_on_text(amounts: list[int], currency: str) -> str:
    paid = [(n, a) for n, a in enumerate(amounts, start=1) if a]
    if not paid:
        return "—"
    return " · ".join(f"year {n}: {money(a, currency)}" for n, a in paid)


def column_for(offer_id: int, flags: dict[int, dict]) -> dict[str, str]:
    row, shown_row = view_rows[offer_id], shown_rows[offer_id]
    cur = shown_row["currency"]
    offered = label(row["level_offered"]) or "not set"
    targeted = label(row["level_targeted"]) or "not set"
    level_line = f"{offered} (targeted: {targeted}, {row['level_check']})"
    same_currency = per_currency[row["currency"]]
    rank_text = (
        f"{shown_row['rank']} of {len(shown)}"
        if converted
        else f"{row['rank_in_currency']} of {same_currency} in {row['currency']}"
    )
    return {
        "Company": row["company"],
        "Role": row["role_title"],
        "Interest tier": tier_name(row["tier"]),
        "Red flags": flags_text(row["company_id"], flags),
        "Status": label(row["status"]),
        "Level offered": level_line,
        "Deadline": f"{day(row['deadline'])} ({row['deadline_text']})",
        "Currency": row["currency"]
        if not converted or row["currency"] == cur
        else f"{row['currency']} → {cur}",
        "Base salary": money(shown_row["base"], cur),
        "Target bonus": f"{money(shown_row['bonus'], cur)} ({row['bonus_bp'] / 100:g} % of base)",
        "Equity grant (total)": money(shown_row["equity_grant"], cur),
        "Vesting": row["vesting"],
        "Equity per year (average)": money(shown_row["equity_per_year"], cur),
        "Sign-on": f"{money(shown_row['sign_on_total'], cur)}"
        + (
            f" ({sign_on_text(row['sign_on_by_year'], row['currency'])})"
            if row["sign_on_total"]
            else ""
        ),
        "Relocation (one-off, in no total)": money(shown_row["relocation"], cur),
        **{
            f"Year {n} total": money(shown_row[c], cur) for n, c in enumerate(YEAR_COLUMNS, start=1)
        },
        "Annualised total": money(shown_row["annualised_total"], cur),
        "Rank by annualised total": rank_text,
    }


st.subheader("Side by side")


def side_table() -> pd.DataFrame:
    """The selected offers side by side, one column each (amounts as shown)."""
    flags = computed.flags(view_rows[i]["company_id"] for i in selected)
    return pd.DataFrame({view_rows[i]["label"]: column_for(i, flags) for i in selected})


side = data.held("offer side", (tuple(selected), shown_as), side_table)
st.table(side)
st.caption(
    "Year-N total = base + target bonus + equity vesting that year (after the cliff) + "
    "sign-on paid that year. Annualised total = base + target bonus + grant / vesting years "
    "+ sign-on / vesting years (as Levels.fyi annualises a new offer). Relocation is a "
    "one-off and in no total."
)

# ------------------------------------------------------------------------- per year

st.subheader("Pay per year by component")


def component_figures() -> list[Frozen]:
    """The stacked bars of the shown offers, one figure per currency (frozen)."""
    long = with_component_labels(computed.amounts(selected), view)
    if converted:
        long["amount"] = [
            a if c == target else convert(int(a), rates[c])
            for a, c in zip(long["amount"], long["currency"], strict=True)
        ]
        long["currency"] = target
    return [
        offer_components_frozen(
            long[long["currency"] == currency], currency, f"Pay per year by component ({currency})"
        )
        for currency in dict.fromkeys(long["currency"])
    ]


for figure in data.held("offer components", (tuple(selected), shown_as), component_figures):
    st.plotly_chart(FrozenFigure(figure), width="stretch")

# -------------------------------------------------------- ranges and negotiation

st.subheader("On your ranges, and negotiation readiness")
ranges_by_id, range_labels = computed.ranges, computed.range_labels
if not ranges_by_id:
    empty_state(
        "Your compensation range table is empty, so offers cannot be placed on a range.",
        link="pages/comp_ranges.py",
        link_label="Add ranges",
    )

ICONS = {
    True: ":material/check_circle:",
    False: ":material/cancel:",
    None: ":material/radio_button_unchecked:",
}


def card_parts(
    offer_id: int, picked: int | None, kind: str
) -> tuple[pd.DataFrame | None, Frozen | None, Readiness]:
    """One offer on the range picked for it: the placement, its chart (frozen) and the
    negotiation readiness."""
    row = view_rows[offer_id]
    placement = place_on_range(row, ranges_by_id[picked]) if picked is not None else None
    figure = (
        offer_range_frozen(placement, row["currency"], "Offer vs range")
        if placement is not None
        else None
    )
    readiness = negotiation_readiness(
        row,
        int(computed.comparable.loc[offer_id]),
        kind,
        placement,
        money=lambda amount: money(amount, row["currency"]),
    )
    return placement, figure, readiness


def offer_card(offer_id: int) -> None:
    row = view_rows[offer_id]
    st.markdown(f"**{row['label']}**")
    st.caption(
        f"{tier_name(row['tier'])} · {label(row['track'])} · "
        f"{label(row['level']) or 'level not set'} · {row['location'] or 'no location'} · "
        f"deadline {row['deadline_text']}"
    )
    match = matches[offer_id]
    choices = choices_among(row, ranges_by_id.values())
    default = int(match["range_id"]) if pd.notna(match["range_id"]) else None
    picked = st.selectbox(
        "Range",
        [None, *choices],
        index=([None, *choices].index(default) if default in choices else 0),
        format_func=lambda i: "No range" if i is None else range_labels[i],
        key=f"range_for_{offer_id}",
        help=f"Only ranges in {row['currency']} are listed.",
    )
    if picked is None:
        kind = "none"
        st.caption(
            f"No range in {row['currency']} for {label(row['track'])} · {label(row['level'])}: "
            "add one on Compensation ranges or pick one above."
            if default is None
            else "No range picked."
        )
    elif picked == default:
        kind = match["match"]
        if kind == "exact":
            st.caption(":material/check: Exact match: same track, level, location and currency.")
        else:
            st.caption(
                f":material/info: No range for “{row['location'] or 'no location'}”: placed on the "
                f"one for “{match['range_location'] or 'any location'}” (same track, level and "
                "currency). Pick another if it fits better."
            )
    else:
        kind = "picked"
        st.caption(":material/info: A range you picked (not the automatic match).")
    placement, figure, readiness = data.held(
        "offer card", (offer_id, picked, kind), lambda: card_parts(offer_id, picked, kind)
    )
    if figure is not None:
        st.plotly_chart(FrozenFigure(figure), width="stretch", key=f"range_chart_{offer_id}")
        st.caption(
            "Shaded band: p25 to p75 · dark line: median (p50) · red diamond: this offer "
            "(base vs base range; annualised total vs total range)."
        )
        st.markdown(
            " · ".join(
                f"{name}: **{money(value, row['currency'])}**, {text}"
                for name, value, text in zip(
                    placement["name"], placement["value"].tolist(), placement["text"], strict=True
                )
            )
        )
    checklist = "\n".join(
        f"- {ICONS[item.done]} {item.text}: {item.detail}" for item in readiness.checklist
    )
    st.markdown(  # one element: six cards draw this on every run
        f"**Negotiation readiness**\n\nFurthest below the range median: "
        f"{readiness.furthest_below}\n\n{checklist}"
    )


per_row = 2
for start in range(0, len(selected), per_row):
    cells = st.columns(per_row)
    for cell, offer_id in zip(cells, selected[start : start + per_row], strict=False):
        with cell.container(border=True):
            offer_card(offer_id)
st.caption(
    ":material/check_circle: done · :material/cancel: not yet · "
    ":material/radio_button_unchecked: yours to check. The checklist follows the usual advice "
    "for offers: negotiate from strength (ideally two comparable offers), research the range "
    "for role, level and location, and prepare for the worst case."
)
