"""Revisions of the schema (see ``migrations/history.py``), read by Alembic from this folder."""
