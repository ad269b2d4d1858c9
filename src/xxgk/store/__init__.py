"""The database: SQLAlchemy 2 models, Alembic migrations, SQLite by default.

Areas of the application each own their tables in a module here (`agencies`, and
the ledger and the corpus in theirs) and their migrations on their own Alembic
branch; `upgrade()` brings every branch to its head.
"""

from xxgk.store.base import Base
from xxgk.store.database import DEFAULT_URL, database_url, open_database, session_scope, upgrade

__all__ = ["DEFAULT_URL", "Base", "database_url", "open_database", "session_scope", "upgrade"]
