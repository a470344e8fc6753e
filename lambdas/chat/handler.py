"""chat λ: POST /api/chat (the assistant), GET /api/llm/status (which provider answers)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from core import container
from core.auth import caller_of
from core.http import api_handler, error_doc, make_resolver
from core.models.chat import ChatRequest, ChatResponse, LlmStatus

app = make_resolver()


@app.post(
    "/api/chat",
    summary="Ask the assistant, or run rephrase/shorten/quantify/star on the selected bullet",
    responses={
        200: {"description": "The reply", "content": {"application/json": {"model": ChatResponse}}},
        400: error_doc("sessionId is not a UUIDv4, or the body is not JSON"),
        404: error_doc("Another person's session"),
        413: error_doc("Message or selection over the size limit"),
        422: error_doc("Empty message, no selection for a bullet action, or an unknown action"),
        429: error_doc(
            "Too many requests from this caller (rate_limited), or this month's AI budget is spent "
            "(ai_budget_spent); retry after Retry-After"
        ),
        502: error_doc("The AI provider failed or returned unusable output (the question is kept)"),
        503: error_doc("The AI provider or storage is busy or not configured; retry after Retry-After"),
        504: error_doc("The AI provider did not answer in time (the question is kept)"),
    },
)
def chat(request: Annotated[ChatRequest, Body()]) -> ChatResponse:
    return container.chat_service().chat(request, caller=caller_of(app.current_event))


@app.get("/api/llm/status", summary="Which LLM provider and model answer, and whether a key is configured")
def llm_status() -> LlmStatus:
    return container.chat_service().status()


lambda_handler = api_handler(app)
