"""The app's pages as ``st.Page`` objects: built once per process, copied for every run.

``st.Page`` resolves its script's path on disk, checks that the file exists and validates
its icon: about 0.2 ms a page, so 3 ms of every run of every page for the 15 of app.py.
What it computes depends only on its arguments and on the main script's folder, so
``page`` builds each one once; every call returns a shallow copy, because ``st.navigation``
and ``Page.run`` flip per-run flags on the object (``_can_be_called``) and two sessions
(browser tabs) run at the same time.
"""

from __future__ import annotations

import copy
import threading

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx

_built: dict[tuple, StreamlitPage] = {}
_lock = threading.Lock()


def page(
    script: str, *, title: str, icon: str | None = None, default: bool = False
) -> StreamlitPage:
    """``st.Page(script, title=..., icon=..., default=...)``, built once per process."""
    ctx = get_script_run_ctx()
    if ctx is None:  # bare mode: nothing to resolve against, nothing worth keeping
        return st.Page(script, title=title, icon=icon, default=default)
    key = (script, title, icon, default, str(ctx.pages_manager.main_script_parent))
    with _lock:
        built = _built.get(key)
        if built is None:
            built = _built[key] = st.Page(script, title=title, icon=icon, default=default)
    return copy.copy(built)
