"""Storage: SQLAlchemy tables, Alembic migrations and repositories. SQLite or PostgreSQL."""
