"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 02:23:17.647333
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copy of tracker.models.DEFAULT_ROUND_KINDS at this revision
ROUND_KINDS = [
    ("recruiter_screen", "Recruiter screen", 30),
    ("hiring_manager", "Hiring manager", 45),
    ("coding", "Coding (DS&A)", 60),
    ("ml_coding", "ML coding", 45),
    ("ml_concepts", "ML concepts / breadth", 45),
    ("ml_depth", "ML depth / resume deep-dive", 45),
    ("ml_system_design", "ML system design", 45),
    ("case_study", "Case study / product sense", 45),
    ("statistics", "Statistics & probability", 45),
    ("sql", "SQL / data manipulation", 45),
    ("behavioral", "Behavioral", 30),
    ("take_home", "Take-home", 240),
    ("team_match", "Team match / final / offer call", 30),
]


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "comp_range",
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("base_p25", sa.Integer(), nullable=False),
        sa.Column("base_p50", sa.Integer(), nullable=False),
        sa.Column("base_p75", sa.Integer(), nullable=False),
        sa.Column("total_p25", sa.Integer(), nullable=False),
        sa.Column("total_p50", sa.Integer(), nullable=False),
        sa.Column("total_p75", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("comp_range", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comp_range_is_demo"), ["is_demo"], unique=False)

    op.create_table(
        "company",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company_type", sa.String(length=32), nullable=False),
        sa.Column("industry", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("sponsors_visa", sa.String(length=16), nullable=False),
        sa.Column("research_notes", sa.Text(), nullable=False),
        sa.Column("questions_to_ask", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_is_demo"), ["is_demo"], unique=False)

    op.create_table(
        "round_kind",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("default_minutes", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "application",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("role_title", sa.String(length=200), nullable=False),
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("level_label", sa.String(length=50), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("remote_mode", sa.String(length=32), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("referrer", sa.String(length=200), nullable=False),
        sa.Column("posting_url", sa.String(length=1000), nullable=False),
        sa.Column("job_description", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("career_lens", sa.Text(), nullable=False),
        sa.Column("interview_format", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("saved_on", sa.Date(), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("reapply_after", sa.Date(), nullable=True),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("planned_week", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_is_demo"), ["is_demo"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_stage"), ["stage"], unique=False)

    op.create_table(
        "interview_round",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("interviewers", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("self_rating", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["round_kind.key"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interview_round", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interview_round_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interview_round_kind"), ["kind"], unique=False)

    op.create_table(
        "offer",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("base_salary", sa.Integer(), nullable=False),
        sa.Column("target_bonus_bp", sa.Integer(), nullable=False),
        sa.Column("sign_on_by_year", sa.JSON(), nullable=True),
        sa.Column("equity_grant_total", sa.Integer(), nullable=False),
        sa.Column("vesting_bp_by_year", sa.JSON(), nullable=True),
        sa.Column("cliff_months", sa.Integer(), nullable=False),
        sa.Column("relocation", sa.Integer(), nullable=False),
        sa.Column("level_offered", sa.String(length=32), nullable=True),
        sa.Column("level_label", sa.String(length=50), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "stage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=True),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_event_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("questions_asked", sa.Text(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("to_improve", sa.Text(), nullable=False),
        sa.Column("learning_objectives", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reflect_after", sa.Date(), nullable=True),
        sa.Column("reflected_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["interview_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_round_id"), ["round_id"], unique=False)

    op.create_table(
        "learning_objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["round_kind.key"],
        ),
        sa.ForeignKeyConstraint(["round_id"], ["interview_round.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learning_objective", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_objective_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "red_flag",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["interview_round.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("red_flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_red_flag_company_id"), ["company_id"], unique=False)

    # the round kinds of DOMAIN.md, and the single data-version row
    round_kind = sa.table(
        "round_kind",
        sa.column("key", sa.String),
        sa.column("label", sa.String),
        sa.column("default_minutes", sa.Integer),
        sa.column("builtin", sa.Boolean),
    )
    op.bulk_insert(
        round_kind,
        [
            {"key": key, "label": label, "default_minutes": minutes, "builtin": True}
            for key, label, minutes in ROUND_KINDS
        ],
    )
    op.bulk_insert(
        sa.table("app_meta", sa.column("id", sa.Integer), sa.column("data_version", sa.Integer)),
        [{"id": 1, "data_version": 0}],
    )


def downgrade() -> None:
    with op.batch_alter_table("red_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_red_flag_company_id"))

    op.drop_table("red_flag")
    with op.batch_alter_table("learning_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_objective_round_id"))

    op.drop_table("learning_objective")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_round_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("stage_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_event_application_id"))

    op.drop_table("stage_event")
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_application_id"))

    op.drop_table("offer")
    with op.batch_alter_table("interview_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_round_kind"))
        batch_op.drop_index(batch_op.f("ix_interview_round_application_id"))

    op.drop_table("interview_round")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_stage"))
        batch_op.drop_index(batch_op.f("ix_application_is_demo"))
        batch_op.drop_index(batch_op.f("ix_application_company_id"))

    op.drop_table("application")
    op.drop_table("setting")
    op.drop_table("round_kind")
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_is_demo"))

    op.drop_table("company")
    with op.batch_alter_table("comp_range", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comp_range_is_demo"))

    op.drop_table("comp_range")
    op.drop_table("app_meta")
