"""``tracker.ui.nav.page``: each page built once per process, a fresh copy for every run."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

PROJECT = Path(__file__).resolve().parents[2]

SCRIPT = f"""
import streamlit as st
from tracker.ui import nav

nav._built.clear()
first = nav.page("{PROJECT}/pages/settings.py", title="Settings", icon=":material/settings:")
again = nav.page("{PROJECT}/pages/settings.py", title="Settings", icon=":material/settings:")
other = nav.page("{PROJECT}/pages/export.py", title="Export")
st.text(f"{{first is again}} {{first.title}} {{first.url_path}} {{first.icon}} {{len(nav._built)}}")
first._can_be_called = True  # what st.navigation does to the page it runs
st.text(f"{{again._can_be_called}} {{nav._built[next(iter(nav._built))]._can_be_called}}")
st.text(f"{{other.title}} {{other.url_path}}")
"""


def test_page_is_built_once_and_every_call_gets_its_own_copy():
    at = AppTest.from_string(SCRIPT).run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert texts[0].split()[0] == "False"  # two objects ...
    assert "Settings" in texts[0] and "settings" in texts[0] and ":material/settings:" in texts[0]
    assert texts[0].split()[-1] == "2"  # ... built from one (the other is Export)
    assert texts[1] == "False False"  # a run's flag stays on its own copy
    assert texts[2] == "Export export"
