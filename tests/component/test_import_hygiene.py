"""API handlers import only what every request needs: the LLM SDK, document parsers and the X-Ray SDK load
lazily, where they are used, so they never add to the cold start of the session, resume or chat paths."""

from __future__ import annotations

import importlib.util

import pytest

from bench.imports import FORBIDDEN_IN_API_HANDLERS, import_profile
from core.routes import api_functions

API_HANDLERS = [f for f in api_functions() if importlib.util.find_spec(f.folder) is not None]


@pytest.mark.parametrize("function", API_HANDLERS, ids=lambda f: f.name)
def test_api_handler_does_not_import_heavy_optional_libraries(function):
    profile = import_profile(function.handler_module)
    assert profile.has("core.http") and profile.has("aws_lambda_powertools")  # it really imported the handler
    assert [p for p in FORBIDDEN_IN_API_HANDLERS if profile.has(p)] == []
    assert not profile.has("boto3"), "boto3 loads on first use (container), not at import"


def test_the_probe_sees_what_a_module_imports():
    # The OpenAI adapter itself defers the SDK to its calls; importing the SDK is what the probe must catch.
    assert not import_profile("core.adapters.llm.openai_compat").has("openai")
    assert import_profile("openai").has("openai")
