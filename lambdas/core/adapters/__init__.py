"""Adapters implementing the ports: `aws` (boto3), `embedded` (SQLite + files), `llm` (providers)."""
