"""Form building blocks shared by pages: enum pickers that show labels, store values."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import streamlit as st

from tracker.models import label


def enum_select(
    title: str,
    options: Sequence[StrEnum | str],
    *,
    default: StrEnum | str | None = None,
    key: str | None = None,
    optional: bool = False,
    help: str | None = None,
):
    """A selectbox over enum values that shows their labels."""
    values = list(options)
    index = values.index(default) if default in values else (None if optional else 0)
    return st.selectbox(
        title,
        values,
        index=index,
        format_func=label,
        key=key,
        placeholder="Not set" if optional else "Choose…",
        help=help,
    )


def tier_picker(title: str = "Interest tier", *, default: int = 2, key: str | None = None) -> int:
    """Tier 1 (dream) / 2 (good) / 3 (practice)."""
    names = {1: "1 · dream job", 2: "2 · good", 3: "3 · practice"}
    return st.segmented_control(
        title,
        [1, 2, 3],
        default=default,
        format_func=names.get,
        key=key,
        help="Start with tier 3 (practice) and keep tier 1 (dream jobs) for later.",
    )
