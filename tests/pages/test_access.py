"""Access: localhost by default; a non-local address needs the access password."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP, PROJECT, no_exception
from tracker.ui.access import is_local, password_matches


def test_config_binds_to_localhost_and_sends_no_telemetry():
    conf = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert conf["server"]["address"] == "localhost"
    assert conf["browser"]["gatherUsageStats"] is False


@pytest.mark.parametrize(
    ("address", "local"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), ("0.0.0.0", False), ("", False)],
)
def test_is_local(address, local):
    assert is_local(address) is local


def test_password_comparison():
    assert password_matches("s3cret", "s3cret")
    assert not password_matches("s3cre", "s3cret")


@pytest.fixture
def exposed(sqlite_url, monkeypatch):
    monkeypatch.chdir(PROJECT)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_exposed_without_password_refuses_to_serve(exposed, monkeypatch):
    monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    no_exception(at)
    assert "TRACKER_PASSWORD" in at.error[0].value
    assert not at.button and not at.metric  # no page content


def test_exposed_with_password_gates_every_page(exposed, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", "correct horse")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.text_input[0].label == "Access password"
    at.text_input[0].input("wrong")
    at.button[0].click().run()
    assert "Wrong password." in at.error[0].value
    with pytest.raises(ValueError, match="Known pages: \\['Sign in'\\]"):
        at.switch_page("pages/settings.py")  # no other page is even registered
    at.text_input[0].input("correct horse")
    at.button[0].click().run()
    no_exception(at)
    at.switch_page("pages/settings.py").run()
    no_exception(at)
    assert at.title[0].value == "Settings"
