"""Embedded adapters for running with no AWS: SQLite (WAL) + a files directory under DATA_DIR."""
