"""Alembic migrations of the interview store; run by `InterviewStore.migrate`."""
