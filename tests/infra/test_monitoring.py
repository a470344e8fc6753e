"""The dashboard shows what an on-call person needs; alarms go to the SNS topic (e-mail from context)."""

from __future__ import annotations

import json

import pytest

from cdk_app.settings import AI_FUNCTIONS
from core.routes import FUNCTIONS

from .cfn import join_to_text, props, ref_id, resources
from .conftest import AI_BUDGET

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


@pytest.fixture(scope="module")
def widgets(template: dict) -> list[dict]:
    (dashboard,) = resources(template, "AWS::CloudWatch::Dashboard").values()
    return json.loads(join_to_text(props(dashboard)["DashboardBody"]))["widgets"]


def metric_stats(widget: dict) -> set[tuple[str, str]]:
    """(metric name, statistic) pairs drawn by a graph widget."""
    found = set()
    for metric in widget["properties"].get("metrics", []):
        options = metric[-1] if isinstance(metric[-1], dict) else {}
        names = [m for m in metric if isinstance(m, str)]
        if len(names) >= 2:
            found.add((names[1], options.get("stat", "Average")))
    return found


def by_title(widgets: list[dict]) -> dict[str, dict]:
    return {w["properties"].get("title", ""): w for w in widgets}


@pytest.mark.parametrize(
    ("title", "metric", "stat"),
    [
        ("Lambda throttles", "Throttles", "Sum"),
        ("Lambda errors", "Errors", "Sum"),
        ("Lambda concurrent executions", "ConcurrentExecutions", "Maximum"),
        ("Lambda duration p50", "Duration", "p50"),
        ("Lambda duration p95", "Duration", "p95"),
        ("Lambda duration p99", "Duration", "p99"),
        ("API latency p50/p95/p99", "Latency", "p95"),
        ("API latency p50/p95/p99", "Latency", "p99"),
        ("API integration latency p50/p95/p99", "IntegrationLatency", "p50"),
        ("API integration latency p50/p95/p99", "IntegrationLatency", "p99"),
        ("API requests, 4XX and 5XX", "4XXError", "Sum"),
        ("API requests, 4XX and 5XX", "5XXError", "Sum"),
        ("API requests, 4XX and 5XX", "Count", "Sum"),
        ("DynamoDB throttled requests", "WriteThrottleEvents", "Sum"),
        ("DynamoDB consumed capacity", "ConsumedWriteCapacityUnits", "Sum"),
        ("Jobs queue age of oldest message", "ApproximateAgeOfOldestMessage", "Maximum"),
        ("Dead-letter queue depth", "ApproximateNumberOfMessagesVisible", "Maximum"),
    ],
)
def test_dashboard_widget(widgets: list[dict], title: str, metric: str, stat: str) -> None:
    assert (metric, stat) in metric_stats(by_title(widgets)[title])


def test_lambda_widgets_cover_every_function(widgets: list[dict]) -> None:
    for title in ("Lambda throttles", "Lambda errors", "Lambda duration p99"):
        labels = {m[-1].get("label") for m in by_title(widgets)[title]["properties"]["metrics"]}
        assert labels == set(FUNCTIONS), title


def test_init_duration_comes_from_the_platform_report_of_every_function(widgets: list[dict]) -> None:
    widget = by_title(widgets)["Lambda init duration (cold starts)"]
    query = widget["properties"]["query"]
    assert "initDurationMs" in query and "platform.report" in query
    assert query.count("SOURCE ") == len(FUNCTIONS)


def alarms(template: dict) -> list[dict]:
    return [props(a) for a in resources(template, "AWS::CloudWatch::Alarm").values()]


def test_every_alarm_notifies_the_topic(template: dict) -> None:
    (topic,) = resources(template, "AWS::SNS::Topic")
    assert alarms(template)
    for alarm in alarms(template):
        assert [ref_id(a) for a in alarm["AlarmActions"]] == [topic]


def test_alarm_email_subscription_from_context(template: dict) -> None:
    (subscription,) = [props(s) for s in resources(template, "AWS::SNS::Subscription").values()]
    assert subscription["Protocol"] == "email" and subscription["Endpoint"] == "alerts@example.com"


def test_alarms_on_throttles_5xx_rate_p99_latency_and_dead_letters(template: dict) -> None:
    found = alarms(template)
    throttles = [a for a in found if a.get("MetricName") == "Throttles"]
    assert len(throttles) == len(FUNCTIONS) and all(a["Threshold"] == 0 for a in throttles)
    (rate,) = [a for a in found if a.get("MetricName") == "5XXError"]
    assert rate["Statistic"] == "Average" and 0 < rate["Threshold"] < 1
    (latency,) = [a for a in found if a.get("MetricName") == "Latency"]
    assert latency["ExtendedStatistic"] == "p99"
    dead_letters = [a for a in found if "ApproximateNumberOfMessagesVisible" in json.dumps(a.get("Metrics", []))]
    assert len(dead_letters) == 2  # jobs DLQ and the snapshot stream's failures
    for alarm in dead_letters:
        assert alarm["Threshold"] == 0 and alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert any("ThrottleEvents" in json.dumps(a.get("Metrics", [])) for a in found)


def dashboard_widgets(template: dict) -> list[dict]:
    (dashboard,) = resources(template, "AWS::CloudWatch::Dashboard").values()
    return list(json.loads(join_to_text(props(dashboard)["DashboardBody"]))["widgets"])


def custom_metrics(widget: dict) -> set[tuple[str, str, str]]:
    """(metric, service dimension, statistic) of the functions' own metrics drawn by a widget."""
    found = set()
    for metric in widget["properties"]["metrics"]:
        names = [m for m in metric if isinstance(m, str)]
        if names[0] == "ResumeChat":
            assert names[2] == "service"
            found.add((names[1], names[3], metric[-1].get("stat", "Average")))
    return found


def test_ai_budget_use_is_drawn_against_the_budget(widgets: list[dict], open_template: dict) -> None:
    used = by_title(widgets)["AI calls used this month"]
    assert custom_metrics(used) == {("AiBudgetUsed", name, "Maximum") for name in AI_FUNCTIONS}
    assert [a["value"] for a in used["properties"]["annotations"]["horizontal"]] == [AI_BUDGET]
    # Without a budget (unlimited) there is no line to draw.
    assert "annotations" not in by_title(dashboard_widgets(open_template))["AI calls used this month"]["properties"]


def test_ai_calls_per_day_are_drawn_with_or_without_a_budget(widgets: list[dict], open_template: dict) -> None:
    for drawn in (widgets, dashboard_widgets(open_template)):
        calls = by_title(drawn)["AI provider calls per day"]
        assert custom_metrics(calls) == {("AiCalls", name, "Sum") for name in AI_FUNCTIONS}
        assert {m[-1].get("period") for m in calls["properties"]["metrics"]} == {86400}


def test_ai_requests_refused_for_the_budget_and_the_rate_limits(widgets: list[dict]) -> None:
    refused = custom_metrics(by_title(widgets)["AI requests refused (429)"])
    assert {("AiBudgetRefused", name, "Sum") for name in AI_FUNCTIONS} <= refused
    assert {("ChatRateLimited", "chat", "Sum"), ("OptimizeRateLimited", "optimize", "Sum")} <= refused


def budget_alarms(template: dict) -> list[dict]:
    return [a for a in alarms(template) if "AiBudgetUsed" in json.dumps(a.get("Metrics", []))]


def test_alarm_at_80_percent_of_the_ai_budget_only_when_a_budget_is_set(template: dict, open_template: dict) -> None:
    (alarm,) = budget_alarms(template)
    assert alarm["Threshold"] == 0.8 * AI_BUDGET and alarm["ComparisonOperator"] == "GreaterThanThreshold"
    (expression,) = [m for m in alarm["Metrics"] if "Expression" in m]
    assert expression["Expression"].startswith("MAX([")
    services = {
        dim["Value"]
        for m in alarm["Metrics"]
        if "MetricStat" in m
        for dim in m["MetricStat"]["Metric"]["Dimensions"]
        if m["MetricStat"]["Metric"]["MetricName"] == "AiBudgetUsed"
    }
    assert services == set(AI_FUNCTIONS)
    assert budget_alarms(open_template) == []
