"""The database behind ``assessment.store``: where it is, its tables, and their migrations.

Where (``database_url``): ``DATABASE_URL`` (PostgreSQL, shared deployments), else the SQLite file
at ``GAPASSESS_DB``, else ``gapassess.sqlite3`` in the per-user data folder (Linux
``$XDG_DATA_HOME/gapassess`` or ``~/.local/share/gapassess``; macOS
``~/Library/Application Support/gapassess``; Windows ``%APPDATA%\\gapassess``).

SQLite is opened for durability first (``make_engine``): WAL journal, ``synchronous=FULL`` (a
commit is on disk before the save is confirmed, so it survives SIGKILL and power loss), foreign
keys on, a busy timeout, and ``BEGIN IMMEDIATE`` for write transactions so two writers queue up
instead of failing half-way. Only portable SQL is used: the same code runs on PostgreSQL.

Migrations: ``MIGRATIONS`` is a numbered list applied in order, inside one transaction, when a
store opens (``migrate``); ``schema_version`` records each one. To change the schema, append a
migration; never edit an applied one. Migration 1 creates the tables below as they are now; the
first time a table changes, copy its current definition into migration 1 so that a new database
replays history exactly. A test checks that a migrated database matches ``METADATA``.
Migration 2 adds the shared-server tables: ``users`` (local accounts and identity-provider
users; an argon2 hash, never a password), ``memberships`` (who holds which role on which
assessment) and ``login_attempts`` (the sign-in rate limit, shared by every replica).

Bound parameters are never written to the log (``hide_parameters``): they carry what people
typed and, for accounts, password hashes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import URL, make_url
from sqlalchemy.types import TypeDecorator

from assessment.errors import SchemaTooNewError

APP_DIR = "gapassess"
DB_FILE = "gapassess.sqlite3"
BUSY_TIMEOUT_MS: Final = 15_000
"""How long a writer waits for another one (SQLite) before the save is reported as failed."""


# Where the database is -------------------------------------------------------------------------


def user_data_dir() -> Path:
    """The per-user data folder of the platform (standard library only)."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / APP_DIR
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / APP_DIR


def sqlite_url(path: Path | str) -> URL:
    return URL.create("sqlite+pysqlite", database=str(Path(path).expanduser().resolve()))


def normalise_url(url: str | URL) -> URL:
    """PostgreSQL URLs as hosting platforms write them get the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def database_url(environ: dict[str, str] | None = None) -> URL:
    """``DATABASE_URL``, else the SQLite file ``GAPASSESS_DB``, else the user data folder."""
    env = os.environ if environ is None else environ
    if env.get("DATABASE_URL"):
        return normalise_url(env["DATABASE_URL"])
    if env.get("GAPASSESS_DB"):
        return sqlite_url(env["GAPASSESS_DB"])
    return sqlite_url(user_data_dir() / DB_FILE)


# Engine ----------------------------------------------------------------------------------------

WRITE_OPTION = "gapassess_write"
"""Execution option: this connection's transaction will write (SQLite: ``BEGIN IMMEDIATE``)."""


def make_engine(url: str | URL, sqlite_synchronous: str = "FULL") -> Engine:
    """An engine for ``url``; SQLite files get the durability pragmas described above."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
    )
    if sqlite_synchronous.upper() not in {"FULL", "NORMAL", "EXTRA"}:
        raise ValueError(f"synchronous={sqlite_synchronous!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is switched off; ``_on_begin`` opens them.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={sqlite_synchronous.upper()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


# Tables ----------------------------------------------------------------------------------------


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC out, on SQLite (no time zones) as on PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _json() -> Any:
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


ID = String(64)
QID = String(32)
SHORT = String(500)
BIG_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only

METADATA = MetaData()

assessments = Table(
    "assessments",
    METADATA,
    Column("id", ID, primary_key=True),
    Column("country", String(3), nullable=False, index=True),
    Column("fictional", Boolean, nullable=False, default=False),
    Column("instrument_id", ID, nullable=False, index=True),
    Column("instrument_version", String(32), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("round_label", Text, nullable=False, default=""),
    Column("assessors", _json(), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", SHORT, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, default=0),
)

answers = Table(
    "answers",
    METADATA,
    Column("assessment_id", ID, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", QID, primary_key=True),
    Column("rating", String(32)),
    Column("value", _json()),
    Column("justification", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default=""),
    Column("sources", Text, nullable=False, default=""),
    Column("agency", ID),
    Column("comment", Text, nullable=False, default=""),
    # A cleared answer keeps its row, so revisions only ever grow (no A-B-A on revision numbers).
    Column("cleared", Boolean, nullable=False, default=False),
    Column("revision", Integer, nullable=False),
    Column("updated_by", SHORT, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
)

actions = Table(
    "actions",
    METADATA,
    Column("assessment_id", ID, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", QID, primary_key=True),
    Column("agency", ID),
    Column("priority", String(16), nullable=False),
    Column("target_date", Date),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("cleared", Boolean, nullable=False, default=False),
    Column("revision", Integer, nullable=False),
    Column("updated_by", SHORT, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
)

history = Table(
    "history",
    METADATA,
    Column("id", BIG_ID, primary_key=True, autoincrement=True),
    # No foreign key: the row recording a deletion outlives the assessment it names.
    Column("assessment_id", ID, nullable=False),
    Column("question_id", QID),
    Column("kind", String(16), nullable=False),
    Column("outcome", String(24), nullable=False),
    Column("revision", Integer),
    Column("old", _json()),
    Column("new", _json()),
    Column("actor", SHORT, nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
    Column("note", Text),
    Index("ix_history_assessment_question", "assessment_id", "question_id"),
)

store_meta = Table(
    "store_meta",
    METADATA,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

schema_version = Table(
    "schema_version",
    METADATA,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)


USER_ID = String(254)
"""A local account name or an identity provider's e-mail address, lowercased."""

users = Table(
    "users",
    METADATA,
    Column("id", USER_ID, primary_key=True),
    Column("display_name", Text, nullable=False, default=""),
    # argon2id (PHC string); NULL: the user signs in through the identity provider only.
    Column("password_hash", Text),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_changed_at", UTCDateTime),
    Column("last_login_at", UTCDateTime),
)

memberships = Table(
    "memberships",
    METADATA,
    Column("assessment_id", ID, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", USER_ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("granted_by", SHORT, nullable=False, default=""),
    Column("granted_at", UTCDateTime, nullable=False),
    Index("ix_memberships_user", "user_id"),
)

login_attempts = Table(
    "login_attempts",
    METADATA,
    Column("id", BIG_ID, primary_key=True, autoincrement=True),
    # The name as typed (normalised): attempts on names that are no account count too.
    Column("account", USER_ID, nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),
    Index("ix_login_attempts_account", "account", "at"),
    Index("ix_login_attempts_client", "client", "at"),
)


# Migrations ------------------------------------------------------------------------------------

V1_TABLES = (assessments, answers, actions, history, store_meta, schema_version)
V2_TABLES = (users, memberships, login_attempts)


def _create_v1(conn: Connection) -> None:
    METADATA.create_all(conn, tables=list(V1_TABLES), checkfirst=True)


def _create_v2(conn: Connection) -> None:
    METADATA.create_all(conn, tables=list(V2_TABLES), checkfirst=True)


Migration = tuple[int, str, Callable[[Connection], None]]
MIGRATIONS: Final[list[Migration]] = [
    (1, "assessments, answers, actions, history, store_meta", _create_v1),
    (2, "users, memberships, login_attempts (shared deployments)", _create_v2),
]
LATEST: Final = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    """The highest applied migration (0 for an empty database)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    found = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc()))
    return int(found.scalar() or 0)


def migrate(engine: Engine) -> int:
    """Bring the database up to ``LATEST`` in one transaction; return the version found.

    Refuses (``SchemaTooNewError``) a database written by a newer app rather than guess.
    Concurrent openers are serialised (SQLite write lock, PostgreSQL advisory lock).
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7261001)"))
            found = current_version(conn)
            if found > LATEST:
                raise SchemaTooNewError(found=found, supported=LATEST)
            for number, description, apply in MIGRATIONS:
                if number > found:
                    apply(conn)
                    conn.execute(
                        insert(schema_version).values(
                            version=number, description=description, applied_at=datetime.now(UTC)
                        )
                    )
    return found
