"""The access gate: private data stays private.

The server binds to ``localhost`` by default (``.streamlit/config.toml``). When the user
exposes it on another address, every page asks for the access password first
(``TRACKER_PASSWORD``, or ``TRACKER_PASSWORD`` in Streamlit secrets), compared in constant
time; with no password configured, the app refuses to serve a non-local address and says how
to set one.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1"}
SESSION_KEY = "access_granted"


def is_local(address: str | None) -> bool:
    """Whether the server address only accepts connections from this machine.

    An empty address means "every interface" to Streamlit, so it is not local.
    """
    return (address or "").strip().lower() in LOCAL_ADDRESSES or (address or "").startswith("127.")


def configured_password() -> str | None:
    """The access password from the environment or Streamlit secrets, if any."""
    password = os.environ.get("TRACKER_PASSWORD")
    if password:
        return password
    try:
        secret = st.secrets.get("TRACKER_PASSWORD")
    except Exception:  # no secrets file at all
        secret = None
    return str(secret) if secret else None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of the typed password with the configured one."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def access_granted() -> bool:
    """Whether this session may see the data (always, when served on localhost only)."""
    return is_local(st.get_option("server.address")) or bool(st.session_state.get(SESSION_KEY))


def sign_in_page() -> None:
    """The only page a session sees until it has typed the access password.

    ``app.py`` registers it as the sole page of ``st.navigation`` for such a session, so no
    URL reaches another page: Streamlit never falls back to running ``pages/`` directly.
    """
    password = configured_password()
    st.title("Job Search Tracker")
    if password is None:
        st.error(
            "This dashboard is being served on a non-local address without an access "
            "password, so it refuses to show your data. Set the environment variable "
            "`TRACKER_PASSWORD` (or `TRACKER_PASSWORD` in `.streamlit/secrets.toml`) and "
            "restart, or serve it on `localhost` only.",
            icon=":material/lock:",
        )
        return
    with st.form("access"):
        typed = st.text_input("Access password", type="password")
        if st.form_submit_button("Open the dashboard", type="primary"):
            if password_matches(typed, password):
                st.session_state[SESSION_KEY] = True
                st.rerun()
            st.error("Wrong password.", icon=":material/error:")
