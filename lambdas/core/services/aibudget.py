"""The monthly AI budget: every AI provider call (the assistant's and the optimize worker's) is counted against
AI_MONTHLY_BUDGET_CALLS in the store before it is made; once the month's calls are used up, AI requests answer
429 `ai_budget_spent` until the month ends (UTC). A call is counted whether or not the provider then answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NoReturn

from ..errors import AiBudgetSpent
from ..observability import logger, metrics
from ..ports.aibudget import AiCallCounter, Month
from ..ports.llm import AssistReply, AssistRequest, LlmProvider, RewriteReply, RewriteRequest


class MonthlyAiBudget:
    def __init__(self, counter: AiCallCounter, limit: int, clock: Callable[[], float] = time.time) -> None:
        self._counter = counter
        self._limit = limit  # 0: unlimited, nothing is counted in the store
        self._clock = clock

    def spend(self) -> None:
        """Count one AI call; AiBudgetSpent (nothing counted) when this month's calls are used up.

        Every call made is also a metric (AiCalls), budget or not: the dashboard shows the use a budget is chosen by."""
        if self._limit:
            month = Month.at(self._clock())
            used = self._counter.count(month, self._limit)
            if used is None:
                self._refuse(month)
            metrics.add_metric(name="AiBudgetUsed", unit="Count", value=used)
        metrics.add_metric(name="AiCalls", unit="Count", value=1)

    def ensure_left(self) -> None:
        """AiBudgetSpent when this month's calls are used up, counting nothing: work that would need the AI is
        refused before it is accepted."""
        if not self._limit:
            return
        month = Month.at(self._clock())
        if self._counter.counted(month) >= self._limit:
            self._refuse(month)

    def _refuse(self, month: Month) -> NoReturn:
        logger.warning("AI budget spent", extra={"month": month.key, "limit": self._limit})
        metrics.add_metric(name="AiBudgetRefused", unit="Count", value=1)
        raise AiBudgetSpent(
            f"This deployment's monthly AI budget is used up. The assistant and optimize work again from "
            f"{month.end_iso[:10]} 00:00 UTC; editing and saving your resume work as usual.",
            retry_after=month.retry_after_s,
            resetsAt=month.end_iso,
        )


class BudgetedProvider:
    """An LLM provider whose every call is first counted against the monthly budget: one place covers the
    assistant and the optimizer."""

    def __init__(self, provider: LlmProvider, budget: MonthlyAiBudget) -> None:
        self.provider = provider  # the provider whose calls are counted
        self._budget = budget
        self.name = provider.name
        self.model = provider.model

    def assist(self, request: AssistRequest) -> AssistReply:
        self._budget.spend()
        return self.provider.assist(request)

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
        self._budget.spend()
        return self.provider.rewrite_bullets(request)

    def __getattr__(self, attribute: str) -> Any:
        # What else the provider tells (whether a key is configured, for GET /api/llm/status) is its own.
        return getattr(self.provider, attribute)
