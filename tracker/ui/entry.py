"""Every page is entered through app.py, even when a fresh server's first request is a deep link.

Streamlit still knows its first multipage mode: when a folder named ``pages/`` sits next to
the main script, a server process starts in that mode ("uses the pages directory") and stays
in it until some run calls ``st.navigation``, which only app.py does. So on a freshly started
server, a first request for ``/settings`` runs ``pages/settings.py`` on its own: no app.py,
hence no page config, Streamlit's file-name navigation instead of ours and, when the app is
exposed with a password, no access gate for that request.

``require_app_entry()`` is the first statement of every page (tests/pages/test_entry.py checks
that). In a run that did not come through app.py it runs app.py in its place, as Streamlit
itself does when the first request is "/": app.py applies the page config and the access gate,
its ``st.navigation`` ends the folder mode for the process and runs the page the URL asked for
(page hashes derive from the URL path, so it is the same page, with the same widget keys and
the widget values of this run), or the sign-in page. Then the bypassing run stops.
"""

from __future__ import annotations

import types

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def entered_without_app() -> bool:
    """True in a run that Streamlit's ``pages/`` folder mode started instead of app.py."""
    return bool(getattr(PagesManager, "uses_pages_directory", False))


def run_app_script() -> None:
    """Execute the main script (app.py) inside the current run, as Streamlit runs a page file."""
    ctx = get_script_run_ctx()
    if ctx is None:  # bare mode (plain ``python pages/x.py``): there is no app to route through
        return
    main = ctx.pages_manager.main_script_path
    module = types.ModuleType("__main__")
    module.__dict__["__file__"] = str(main)
    exec(ctx.pages_manager.get_page_script_byte_code(str(main)), module.__dict__)  # noqa: S102


def require_app_entry() -> None:
    """Route a page run that bypassed app.py through app.py, then end the bypassing run."""
    if entered_without_app():
        run_app_script()
        st.stop()
