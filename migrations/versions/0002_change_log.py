"""change log: which rows every write touched, so cached frames reload only those

Triggers on every table the pages read record (data version, table, row id) for each
inserted, updated or deleted row, cascades included, whoever writes (the app, the CLI,
another process). ``app_meta.change_log_floor`` is the version from which the log is
complete: it starts at the current version (nothing before this revision was logged).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copy of tracker.models.LOGGED_TABLES at this revision: table -> its id column
# (None: no integer id, every change is logged as "the whole table")
LOGGED_TABLES: dict[str, str | None] = {
    "company": "id",
    "application": "id",
    "stage_event": "id",
    "interview_round": "id",
    "feedback": "id",
    "learning_objective": "id",
    "red_flag": "id",
    "offer": "id",
    "comp_range": "id",
    "round_kind": None,
}
OPERATIONS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def _sqlite_triggers() -> None:
    for table, id_column in LOGGED_TABLES.items():
        for operation, row in OPERATIONS.items():
            row_id = f"{row}.{id_column}" if id_column else "NULL"
            op.execute(
                f"CREATE TRIGGER change_log_{table}_{operation} AFTER {operation.upper()} "
                f"ON {table} FOR EACH ROW BEGIN "
                "INSERT INTO change_log (version, table_name, row_id) "
                f"SELECT data_version, '{table}', {row_id} FROM app_meta WHERE id = 1; END"
            )


def _postgresql_triggers() -> None:
    op.execute(
        """
        CREATE FUNCTION tracker_log_change() RETURNS trigger AS $$
        DECLARE
            row_id bigint;
        BEGIN
            IF TG_ARGV[0] = 'id' THEN
                IF TG_OP = 'DELETE' THEN row_id := OLD.id; ELSE row_id := NEW.id; END IF;
            END IF;
            INSERT INTO change_log (version, table_name, row_id)
            SELECT data_version, TG_TABLE_NAME, row_id FROM app_meta WHERE id = 1;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    for table, id_column in LOGGED_TABLES.items():
        op.execute(
            f"CREATE TRIGGER change_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION tracker_log_change('{id_column or ''}')"
        )


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_version"), ["version"], unique=False)
    with op.batch_alter_table("app_meta", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_log_floor", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE app_meta SET change_log_floor = data_version")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in LOGGED_TABLES:
            op.execute(f"DROP TRIGGER change_log_{table} ON {table}")
        op.execute("DROP FUNCTION tracker_log_change()")
    else:
        for table in LOGGED_TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER change_log_{table}_{operation}")
    with op.batch_alter_table("app_meta", schema=None) as batch_op:
        batch_op.drop_column("change_log_floor")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_version"))
    op.drop_table("change_log")
