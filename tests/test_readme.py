"""The README tells the truth about the repository: what it shows and what it tells you to run.

- every image it references exists, and every screenshot is of a page that the app's
  navigation (app.py) still has, so the README never shows a page that no longer exists;
- ``scripts/screenshots.py`` regenerates exactly the screenshots the README shows;
- every ``bash scripts/...``, ``.venv/bin/python scripts/...`` and ``.venv/bin/tracker ...``
  command it names exists (the script file, the ``tracker`` subcommand);
- ``.ci/run`` runs the Quickstart's test command verbatim.

Plain text checks: no server, no browser, no database.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from tracker.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCREENSHOTS = "docs/screenshots/"


def section(title: str) -> str:
    """The README's text under ``## title``, up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no “## {title}” section"
    return match.group(1)


def code_lines(text: str) -> list[str]:
    """The lines of the fenced code blocks in ``text``."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def images() -> list[str]:
    """Every image the README shows, markdown ``![..](path)`` or HTML ``<img src="path">``."""
    found = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", README)
    found += re.findall(r"<img[^>]*\ssrc=\"([^\"]+)\"", README)
    return found


def navigation_pages() -> set[str]:
    """The page files (``overview``, ``board``...) of every ``st.Page`` / ``page`` in app.py."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and (
                getattr(node.func, "attr", None) == "Page"
                or getattr(node.func, "id", None) == "page"
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            pages.add(Path(node.args[0].value).stem)
    return pages


def screenshot_script_pages() -> list[str]:
    """``PAGES`` of scripts/screenshots.py (read, not imported: it needs Playwright)."""
    tree = ast.parse((ROOT / "scripts" / "screenshots.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("scripts/screenshots.py has no PAGES")


def test_every_image_in_the_readme_exists():
    assert images(), "the README shows no image"
    missing = [path for path in images() if not (ROOT / path).is_file()]
    assert missing == []


def test_screenshots_show_pages_that_exist():
    pages = navigation_pages()
    assert {"overview", "applications", "board"} <= pages  # app.py was read right
    shown = [Path(p).stem for p in images() if p.startswith(SCREENSHOTS)]
    assert shown, "the README shows no screenshot"
    assert sorted(set(shown) - pages) == [], "screenshots of pages not in app.py's navigation"


def test_screenshot_folder_holds_only_what_the_readme_shows():
    on_disk = {p.name for p in (ROOT / SCREENSHOTS).glob("*.png")}
    shown = {Path(p).name for p in images() if p.startswith(SCREENSHOTS)}
    assert on_disk == shown


def test_screenshot_script_makes_what_the_readme_shows():
    shown = {Path(p).stem for p in images() if p.startswith(SCREENSHOTS)}
    made = screenshot_script_pages()
    assert set(made) <= navigation_pages()
    assert set(made) == shown


def test_quickstart_commands_exist():
    lines = code_lines(section("Quickstart"))
    scripts = re.findall(r"\bbash (scripts/\S+)", "\n".join(lines))
    assert scripts, "the Quickstart names no script"
    assert [s for s in scripts if not (ROOT / s).is_file()] == []


def test_every_script_the_readme_names_exists():
    named = set(re.findall(r"(?:\bbash|\.venv/bin/python) (scripts/[\w./-]+)", README))
    assert named
    assert sorted(s for s in named if not (ROOT / s).is_file()) == []


def tracker_subcommands() -> set[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(sub.choices)


def tracker_commands_named() -> set[str]:
    """The subcommand of every ``.venv/bin/tracker ...`` in the README (options skipped)."""
    commands = set()
    for line in README.splitlines():
        for rest in re.findall(r"\.venv/bin/tracker\b([^`#\n]*)", line):
            words = rest.split()
            while words and words[0].startswith("-"):
                option = words.pop(0)
                if option == "--database-url" and words:
                    words.pop(0)  # its value
            if words:
                commands.add(re.match(r"[\w-]*", words[0]).group())  # "init)" -> "init"
    return commands


def test_every_tracker_command_the_readme_names_exists():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "tracker" in pyproject["project"]["scripts"]  # what installs .venv/bin/tracker
    commands = tracker_commands_named()
    assert {"init", "demo", "run"} <= commands  # the README's command list was read
    assert sorted(commands - tracker_subcommands()) == []


def test_ci_runs_the_readme_test_command_verbatim():
    tests = [line for line in code_lines(section("Quickstart")) if "test suite" in line]
    assert len(tests) == 1, "the Quickstart should name one test command"
    command = tests[0].split("#", 1)[0].strip()
    ci_lines = [
        line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    ]
    assert command in ci_lines
