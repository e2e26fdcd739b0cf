"""The ``tracker`` command: the same services as the dashboard, from a terminal.

    tracker init            create or migrate the configured database
    tracker demo            load the demo campaign (replaces an earlier demo)
    tracker demo --clear    remove the demo rows, keep yours
    tracker run             open the dashboard (streamlit run app.py)
    tracker import FILE     import applications from a CSV / XLSX file (see --help)
    tracker export DIR      every table as CSV, plus one XLSX workbook
    tracker backup FILE     a full JSON backup (FILE.json), or a SQLite file copy (FILE.db)
    tracker restore FILE    restore a JSON backup into an empty database

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


def _cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tracker.io import importer, parsing
    from tracker.services.settings import get_settings

    path = Path(args.file)
    frame = parsing.read_table(path.read_bytes(), path.name, sheet=args.sheet)
    print(f"Read {path.name}: {len(frame)} rows ({_describe_source(frame)}).")
    mapping = parsing.suggest_mapping(frame.columns)
    mapping.update(_parse_map_options(args.map, list(frame.columns)))
    print("Column mapping (change with --map HEADER=field, or HEADER=- to ignore):")
    for line in importer.describe_mapping(mapping):
        print(f"  {line}")
    with db.read_session() as session:
        saved = get_settings(session=session)
    options = importer.ImportOptions(
        mapping=mapping,
        status_overrides={**saved.import_status_map, **_parse_status_options(args.status)},
        year_for_yearless=args.year,
        dayfirst=args.dayfirst,
        on_error="skip" if args.skip_errors else "abort",
        default_currency=saved.default_currency,
    )
    with db.read_session() as session:
        plan = importer.plan_import(session=session, frame=frame, options=options)
    _print_plan(plan, options)
    if args.dry_run:
        print("Dry run: nothing was written.")
        return 0
    if plan.errors and options.on_error == "abort":
        print(
            f"Nothing imported: {_count(len(plan.errors), 'row')} with errors. Fix them, map the "
            "statuses with --status, or pass --skip-errors to import the valid rows."
        )
        return 1
    with db.session_scope() as session:
        report = importer.execute_import(
            session=session,
            frame=frame,
            options=options,
            progress=_progress_line if plan.rows else None,
        )
    print(report.summary())
    for issue in report.skipped:
        print(f"  skipped line {issue.line}: {issue.message}")
    return 0


def _describe_source(frame) -> str:
    attrs = frame.attrs
    if attrs.get("format") == "xlsx":
        return f"sheet '{attrs.get('sheet')}'"
    delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
        attrs.get("delimiter"), repr(attrs.get("delimiter"))
    )
    return f"{attrs.get('encoding')}, {delimiter}-separated"


def _parse_map_options(items: list[str], headers: list[str]) -> dict[str, str | None]:
    from tracker.io.importer import FIELD_LABELS
    from tracker.io.parsing import normalise

    by_key = {normalise(h): h for h in headers}
    chosen: dict[str, str | None] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header:
            raise ValueError(f"--map takes HEADER=field, not {item!r}.")
        match = header if header in headers else by_key.get(normalise(header))
        if match is None:
            raise ValueError(f"--map {item!r}: the file has no column {header!r}.")
        target = target.strip()
        if target.lower() in ("", "-", "none", "ignore"):
            chosen[match] = None
        elif target in FIELD_LABELS:
            chosen[match] = target
        else:
            raise ValueError(
                f"--map {item!r}: unknown field {target!r} (fields: {', '.join(FIELD_LABELS)})."
            )
    return chosen


def _parse_status_options(items: list[str]) -> dict[str, list[str | None]]:
    from tracker.models import CloseReason, Stage

    chosen: dict[str, list[str | None]] = {}
    for item in items:
        text, sep, target = item.rpartition("=")
        if not sep or not text.strip():
            raise ValueError(f"--status takes TEXT=stage[:reason], not {item!r}.")
        stage, _, reason = target.strip().partition(":")
        try:
            chosen[text] = [Stage(stage).value, CloseReason(reason).value if reason else None]
        except ValueError as exc:
            raise ValueError(
                f"--status {item!r}: stages are {', '.join(s.value for s in Stage)}; "
                f"reasons are {', '.join(r.value for r in CloseReason)}."
            ) from exc
    return chosen


def _print_plan(plan, options) -> None:
    from tracker.io.importer import status_text
    from tracker.io.parsing import map_status

    if plan.statuses:
        print("Statuses (change with --status TEXT=stage[:reason]):")
        for text, count in plan.statuses.items():
            try:
                mapped = status_text(map_status(text, options.status_overrides))
            except ValueError:
                mapped = "(invalid mapping)"
            print(f"  {text} ({_count(count, 'row')}) -> {mapped}")
    print(
        f"Preview: {len(plan.rows)} to create, {_count(len(plan.duplicates), 'duplicate')} "
        f"to skip, {_count(len(plan.errors), 'row')} with errors, "
        f"{len(plan.new_companies)} new compan{'y' if len(plan.new_companies) == 1 else 'ies'}."
    )
    for issue in plan.duplicates:
        print(f"  duplicate line {issue.line}: {issue.message}")
    for issue in plan.errors:
        print(f"  error line {issue.line}: {issue.message}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _progress_line(done: int, total: int) -> None:
    percent = 100 if total == 0 else done * 100 // total
    end = "\n" if done >= total else ""
    print(f"\rImporting: {done}/{total} rows ({percent} %)", end=end, flush=True)


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tracker.io import export

    target = Path(args.directory)
    target.mkdir(parents=True, exist_ok=True)
    with db.read_session() as session:
        files = export.csv_files(session)
        files["tracker.xlsx"] = export.workbook_bytes(session)
    for name, content in files.items():
        (target / name).write_bytes(content)
    print(f"Wrote {len(files) - 1} CSV files and tracker.xlsx to {target}.")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tracker.io import export

    target = Path(args.file)
    if target.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        db.get_engine()  # migrated, like every other command
        target.write_bytes(export.sqlite_copy(db.database_url()))
        print(f"Copied the SQLite database to {target}.")
        return 0
    with db.read_session() as session:
        target.write_bytes(export.backup_bytes(session))
        counts = export.row_counts(session)
    print(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {target}.")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tracker.io import export

    data = Path(args.file).read_bytes()
    with db.session_scope() as session:
        counts = export.restore_backup(session, data)
    print(f"Restored {sum(counts.values())} rows from {args.file} into {_shown_url()}.")
    return 0


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
    _add_io_commands(sub)
    return parser


def _add_io_commands(sub) -> None:
    imp = sub.add_parser(
        "import",
        help="import applications from a CSV or XLSX file",
        description="Import applications from a CSV or XLSX file (another tracker's export "
        "or your spreadsheet). Prints the column and status mapping it used, a preview, "
        "and the report. The import is one transaction: all or nothing.",
    )
    imp.add_argument("file", help="a .csv, .tsv, .txt or .xlsx file")
    imp.add_argument("--sheet", help="the worksheet of a workbook (default: the first)")
    imp.add_argument(
        "--map", action="append", default=[], metavar="HEADER=field",
        help="map a column to a field (company, role_title, stage_status, applied_on, "
        "closed_on, salary, posting_url, notes, source, location, tier, level, track, "
        "referrer, remote_mode, job_description) or HEADER=- to ignore it",
    )  # fmt: skip
    imp.add_argument(
        "--status", action="append", default=[], metavar="TEXT=stage[:reason]",
        help="map a status text, e.g. 'Timed out=applied:ghosted' or 'Loop=final'",
    )  # fmt: skip
    imp.add_argument("--year", type=int, help="year of dates without one (default: this year)")
    imp.add_argument(
        "--dayfirst", action="store_true", help="read 5/9/2024 as 5 September (day first)"
    )
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument(
        "--skip-errors", action="store_true", help="import the valid rows, skip the rest"
    )
    mode.add_argument(
        "--abort-on-error", action="store_true",
        help="import nothing if any row has an error (the default)",
    )  # fmt: skip
    imp.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
    imp.set_defaults(func=_cmd_import)
    export = sub.add_parser("export", help="every table as CSV plus one XLSX workbook")
    export.add_argument("directory", help="folder to write the files into (created if needed)")
    export.set_defaults(func=_cmd_export)
    backup = sub.add_parser(
        "backup", help="full JSON backup (FILE.json) or SQLite file copy (FILE.db)"
    )
    backup.add_argument("file", help="FILE.json for a JSON backup; FILE.db for a SQLite copy")
    backup.set_defaults(func=_cmd_backup)
    restore = sub.add_parser("restore", help="restore a JSON backup into an empty database")
    restore.add_argument("file", help="a JSON backup made by `tracker backup`")
    restore.set_defaults(func=_cmd_restore)


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
