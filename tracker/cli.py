"""The ``tracker`` command: the same services as the dashboard, from a terminal.

    tracker init            create or migrate the configured database
    tracker demo            load the demo campaign (replaces an earlier demo)
    tracker demo --clear    remove the demo rows, keep yours
    tracker run             open the dashboard (streamlit run app.py)

The database is ``TRACKER_DATABASE_URL`` or ``--database-url``; errors print one line and
exit non-zero.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from tracker import db


def _cmd_init(args: argparse.Namespace) -> int:
    engine = db.get_engine(migrate_schema=False)
    backup = db.migrate(engine)
    if backup:
        print(f"Backed up the database to {backup} before migrating.")
    print(f"Database ready at revision {db.current_revision(engine)}: {_shown_url()}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from tracker import demo

    with db.session_scope() as session:
        if args.clear:
            count = demo.clear_demo(session=session)
            message = f"Removed {count} demo applications; your own rows are untouched."
        else:
            count = demo.load_demo(session=session)
            message = f"Loaded the demo campaign: {count} applications into {_shown_url()}."
    print(message)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    app = db.PROJECT_DIR / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), *args.streamlit_args]
    return subprocess.call(command, cwd=db.PROJECT_DIR)


def _shown_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(db.database_url()).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Job Search Tracker: run an ML / data-science job search like a campaign.",
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL of the database (default: $TRACKER_DATABASE_URL or "
        "sqlite:///data/tracker.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("init", help="create or migrate the database").set_defaults(func=_cmd_init)
    demo = sub.add_parser("demo", help="load (or --clear) the demo campaign")
    demo.add_argument("--clear", action="store_true", help="remove the demo rows only")
    demo.set_defaults(func=_cmd_demo)
    run = sub.add_parser("run", help="open the dashboard in your browser")
    run.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit run")
    run.set_defaults(func=_cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.database_url:
        os.environ["TRACKER_DATABASE_URL"] = args.database_url
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line, not a traceback
        print(f"tracker: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
