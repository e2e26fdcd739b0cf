"""Page furniture shared by every page: headers, empty states, placeholders."""

from __future__ import annotations

import streamlit as st

STRATEGY = (
    "Sort every opportunity into interest tiers, then **start with the interviews that "
    "interest you least** and keep the dream ones for later, when you are sharper. "
    "Log every round and what you learned from it, and let the dashboard show what to "
    "practise next and where your search leaks."
)


def header(title: str, caption: str) -> None:
    st.title(title)
    st.caption(caption)


def empty_state(message: str, *, link: str | None = None, link_label: str = "") -> None:
    """Guide the user when there is nothing to show yet."""
    st.info(message, icon=":material/lightbulb:")
    if link:
        st.page_link(link, label=link_label, icon=":material/arrow_forward:")
