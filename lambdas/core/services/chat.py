"""The assistant: limits, history, one provider call, the fact guard, and both messages stored.

Order matters for failure semantics: the user's message is stored before the provider is called, so a provider
failure (502/503/504) never loses what the person asked; the assistant's message is stored after.
"""

from __future__ import annotations

from ..clock import now_ms
from ..errors import PayloadTooLarge, RateLimited, Unprocessable
from ..factguard import KnownFacts
from ..ids import require_uuid4, sortable_id
from ..models.chat import ChatFlag, ChatRequest, ChatResponse, LlmStatus
from ..models.session import ChatMessage
from ..observability import logger, metrics
from ..ports.llm import AssistAction, AssistRequest, ChatTurn, KeyedProvider, LlmProvider
from ..ports.ratelimit import RateLimiter
from ..ports.sessions import SessionStore
from ..prompts import PROMPT_VERSION

BULLET_ACTIONS: frozenset[AssistAction] = frozenset({"rephrase", "shorten", "quantify", "star"})
ACTION_LABELS = {"rephrase": "Rephrase", "shorten": "Shorten", "quantify": "Quantify", "star": "STAR"}
# A stored user message shows at most this much of the selection it acted on.
STORED_SELECTION_CHARS = 200
RATE_LIMIT_SCOPE = "chat"


class ChatService:
    def __init__(
        self,
        store: SessionStore,
        limiter: RateLimiter,
        provider: LlmProvider,
        *,
        rate_limit: int,
        rate_window_s: int,
        max_message_chars: int,
        max_selection_chars: int,
        history_messages: int,
    ) -> None:
        self._store = store
        self._limiter = limiter
        self._provider = provider
        self._rate_limit = rate_limit
        self._rate_window_s = rate_window_s
        self._max_message_chars = max_message_chars
        self._max_selection_chars = max_selection_chars
        self._history_messages = history_messages

    def chat(self, request: ChatRequest) -> ChatResponse:
        session_id = require_uuid4(request.sessionId, "sessionId")
        message, selection = request.message.strip(), (request.selection or "").strip()
        self._check_input(request.action, message, selection)
        retry_after = self._limiter.hit(session_id, RATE_LIMIT_SCOPE, self._rate_limit, self._rate_window_s)
        if retry_after is not None:
            metrics.add_metric(name="ChatRateLimited", unit="Count", value=1)
            raise RateLimited(
                f"Too many assistant requests: at most {self._rate_limit} every {self._rate_window_s} seconds. "
                f"Try again in {retry_after} s.",
                retry_after=retry_after,
            )

        doc = self._store.get_resume(session_id)
        resume = doc.text if doc else ""
        history = self._store.list_messages(session_id, limit=self._history_messages) if self._history_messages else []
        asked_at = now_ms()
        user_message = ChatMessage(
            id=sortable_id(asked_at),
            role="user",
            text=_stored_user_text(request.action, message, selection),
            ts=asked_at,
            action=request.action,
        )
        self._store.append_message(session_id, user_message)

        reply = self._provider.assist(
            AssistRequest(
                action=request.action,
                message=message,
                selection=selection or None,
                resume=resume,
                history=[ChatTurn(role=m.role, text=m.text) for m in history],
            )
        )

        # Numbers are checked against what the person gave us: the bullet, the resume, and their own words.
        facts = KnownFacts([selection, resume, message, *(m.text for m in history if m.role == "user")])
        flags: list[ChatFlag] = []
        suggestions = []
        for suggestion in reply.suggestions:
            guarded = facts.guard(suggestion.text)
            suggestions.append(guarded.text)
            flags += [ChatFlag(**f.model_dump(), location="suggestion") for f in guarded.flags]
        flags += [ChatFlag(**f.model_dump(), location="message") for f in facts.guard(reply.text).flags]

        text = _with_suggestions(reply.text, suggestions)
        # Strictly after the question, even within one millisecond: the history must read question, answer.
        answered_at = max(now_ms(), user_message.ts + 1)
        assistant_message = ChatMessage(
            id=sortable_id(answered_at), role="assistant", text=text, ts=answered_at, action=request.action
        )
        self._store.append_message(session_id, assistant_message)

        logger.info(
            "assistant answered",
            extra={
                "session_id": session_id,
                "action": request.action,
                "provider": getattr(self._provider, "name", "?"),
                "suggestions": len(suggestions),
                "flags": len(flags),
                "history": len(history),
            },
        )
        metrics.add_metric(name="ChatAnswered", unit="Count", value=1)
        if flags:
            metrics.add_metric(name="FactGuardFlags", unit="Count", value=len(flags))
        return ChatResponse(
            assistantMessage=text,
            messageId=assistant_message.id,
            suggestions=suggestions,
            flags=flags,
            action=request.action,
        )

    def status(self) -> LlmStatus:
        provider = self._provider
        if isinstance(provider, KeyedProvider):
            key_configured = provider.key_configured()
            ready = key_configured or bool(getattr(provider, "key_optional", False))
        else:  # the mock needs no key
            key_configured, ready = False, True
        return LlmStatus(
            provider=provider.name,
            model=provider.model,
            keyConfigured=key_configured,
            ready=ready,
            promptVersion=PROMPT_VERSION,
        )

    def _check_input(self, action: AssistAction, message: str, selection: str) -> None:
        if len(message) > self._max_message_chars:
            raise PayloadTooLarge(
                f"The message is {len(message)} characters; the limit is {self._max_message_chars}.",
                limitChars=self._max_message_chars,
            )
        if len(selection) > self._max_selection_chars:
            raise PayloadTooLarge(
                f"The selection is {len(selection)} characters; the limit is {self._max_selection_chars}. "
                "Select one bullet.",
                limitChars=self._max_selection_chars,
            )
        if action in BULLET_ACTIONS and not selection:
            raise Unprocessable(f"Select the bullet to {ACTION_LABELS[action].lower()} first.", field="selection")
        if action == "chat" and not message:
            raise Unprocessable("Type a message for the assistant.", field="message")


def _stored_user_text(action: AssistAction, message: str, selection: str) -> str:
    """What the history shows for the person's turn: their words, or the action and the bullet it acted on."""
    if message:
        return message
    excerpt = selection if len(selection) <= STORED_SELECTION_CHARS else selection[:STORED_SELECTION_CHARS] + "..."
    return f"{ACTION_LABELS[action]}: {excerpt}"


def _with_suggestions(text: str, suggestions: list[str]) -> str:
    if not suggestions:
        return text
    return "\n".join([text, *(f"- {s}" for s in suggestions)])
