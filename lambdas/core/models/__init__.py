"""Pydantic models of the API contract (requests, responses) and of stored domain objects."""
