"""Dashboard and alarms (plain CloudWatch constructs: every widget and threshold is visible and testable here)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from cdk_app.constructs.functions import METRICS_NAMESPACE
from cdk_app.nag import acknowledge
from cdk_app.settings import AI_FUNCTIONS, DeploySettings

PERIOD = Duration.minutes(1)
PERCENTILES = ("p50", "p95", "p99")
SERVER_ERROR_RATE = 0.05  # share of API requests answered 5xx
WIDTH = 8  # three widgets per row (dashboard grid is 24 wide)
AI_BUDGET_ALARM_SHARE = 0.8  # of the monthly AI budget (context aiMonthlyBudgetCalls)

# Init duration is not a CloudWatch metric: it is in each function's platform.report log record (JSON logs).
INIT_DURATION_QUERY = "\n".join(
    [
        "filter type = 'platform.report' and ispresent(record.metrics.initDurationMs)",
        "stats count(*) as coldStarts, avg(record.metrics.initDurationMs) as avgInitMs,"
        " pct(record.metrics.initDurationMs, 99) as p99InitMs by bin(5m)",
    ]
)


def _graph(title: str, metrics: list[cw.IMetric], unit: str | None = None) -> cw.GraphWidget:
    return cw.GraphWidget(
        title=title,
        left=metrics,
        width=WIDTH,
        height=6,
        left_y_axis=cw.YAxisProps(label=unit, show_units=False) if unit else None,
    )


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        settings: DeploySettings,
        functions: dict[str, lambda_.Function],
        log_groups: dict[str, logs.ILogGroup],
        rest_api: apigw.RestApi,
        table: dynamodb.Table,
        queue: sqs.IQueue,
        dead_letter_queues: dict[str, sqs.IQueue],
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Alarms", display_name="Resume Chat alarms", enforce_ssl=True)
        acknowledge(
            self.topic,
            "AwsSolutions-SNS2",
            "Alarm notifications carry no customer data; the AWS-managed SNS key would not let CloudWatch publish.",
        )
        if settings.alarm_email:
            subscription = subscriptions.EmailSubscription(settings.alarm_email)
            self.topic.add_subscription(subscription)
            acknowledge(
                self.topic,
                "Serverless-SNSRedrivePolicy",
                "An e-mail subscription: SNS retries e-mail delivery itself, and a dead-lettered alarm e-mail "
                "would reach nobody; the alarm state stays visible in CloudWatch.",
            )
        self.alarms: list[cw.Alarm] = []

        self.dashboard = cw.Dashboard(
            self, "Dashboard", dashboard_name=f"{settings.prefix}", default_interval=Duration.hours(3)
        )
        self._api(rest_api, settings)
        self._functions(functions, log_groups)
        self._ai_budget(settings.ai_monthly_budget_calls)
        self._table(table)
        self._queues(queue, dead_letter_queues)

    def _alarm(self, name: str, metric: cw.IMetric, threshold: float, description: str, periods: int = 1) -> None:
        alarm = cw.Alarm(
            self,
            name,
            metric=metric,
            threshold=threshold,
            evaluation_periods=periods,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.topic))
        alarm.add_ok_action(cw_actions.SnsAction(self.topic))
        self.alarms.append(alarm)

    def _api(self, api: apigw.RestApi, settings: DeploySettings) -> None:
        def latency(metric: str) -> list[cw.IMetric]:
            return [api.metric(metric, statistic=p, period=PERIOD, label=f"{metric} {p}") for p in PERCENTILES]

        requests = api.metric_count(period=PERIOD, statistic="Sum", label="Requests")
        client_errors = api.metric_client_error(period=PERIOD, statistic="Sum", label="4XX")
        server_errors = api.metric_server_error(period=PERIOD, statistic="Sum", label="5XX")
        self.dashboard.add_widgets(cw.TextWidget(markdown="## API (API Gateway)", width=24, height=1))
        self.dashboard.add_widgets(
            _graph("API latency p50/p95/p99", latency("Latency"), "ms"),
            _graph("API integration latency p50/p95/p99", latency("IntegrationLatency"), "ms"),
            _graph("API requests, 4XX and 5XX", [requests, client_errors, server_errors], "count"),
        )
        # Average of 5XXError is the share of requests that failed.
        self._alarm(
            "Api5xxRate",
            api.metric_server_error(period=Duration.minutes(5), statistic="Average"),
            SERVER_ERROR_RATE,
            f"More than {SERVER_ERROR_RATE:.0%} of API requests answered 5XX for 10 minutes.",
            periods=2,
        )
        self._alarm(
            "ApiP99Latency",
            api.metric_latency(period=Duration.minutes(5), statistic="p99"),
            settings.api_p99_latency_ms,
            f"API p99 latency above {settings.api_p99_latency_ms} ms for 15 minutes.",
            periods=3,
        )

    def _functions(self, functions: dict[str, lambda_.Function], log_groups: dict[str, logs.ILogGroup]) -> None:
        def each(metric: str, statistic: str) -> list[cw.IMetric]:
            return [fn.metric(metric, statistic=statistic, period=PERIOD, label=name) for name, fn in functions.items()]

        self.dashboard.add_widgets(cw.TextWidget(markdown="## Lambda functions", width=24, height=1))
        self.dashboard.add_widgets(
            _graph("Lambda errors", each("Errors", "Sum"), "count"),
            _graph("Lambda throttles", each("Throttles", "Sum"), "count"),
            _graph("Lambda concurrent executions", each("ConcurrentExecutions", "Maximum"), "count"),
        )
        self.dashboard.add_widgets(*(_graph(f"Lambda duration {p}", each("Duration", p), "ms") for p in PERCENTILES))
        self.dashboard.add_widgets(
            cw.LogQueryWidget(
                title="Lambda init duration (cold starts)",
                log_group_names=[group.log_group_name for group in log_groups.values()],
                query_string=INIT_DURATION_QUERY,
                view=cw.LogQueryVisualizationType.LINE,
                width=24,
                height=6,
            )
        )
        for name, fn in functions.items():
            self._alarm(
                f"{fn.node.id}Throttles",
                fn.metric_throttles(period=Duration.minutes(5), statistic="Sum"),
                0,
                f"The {name} function was throttled.",
            )

    def _ai_budget(self, budget: int) -> None:
        """The month's AI calls against the budget, and the AI requests answered 429 (budget spent, rate limits).

        The functions' own metrics (Powertools: namespace and a `service` dimension per function). AiBudgetUsed is
        the month's count after each call, so its Maximum is the use so far, whichever function counted last."""

        def metric(name: str, service: str, statistic: str, period: Duration = PERIOD) -> cw.IMetric:
            return cw.Metric(
                namespace=METRICS_NAMESPACE,
                metric_name=name,
                dimensions_map={"service": service},
                statistic=statistic,
                period=period,
                label=f"{name} {service}",
            )

        calls = [metric("AiCalls", name, "Sum", Duration.days(1)) for name in AI_FUNCTIONS]
        used = [metric("AiBudgetUsed", name, "Maximum") for name in AI_FUNCTIONS]
        refused = [metric("AiBudgetRefused", name, "Sum") for name in AI_FUNCTIONS]
        limited = [metric(f"{name.capitalize()}RateLimited", name, "Sum") for name in ("chat", "optimize")]
        budget_line = [cw.HorizontalAnnotation(value=budget, label="Monthly AI budget")] if budget else None
        self.dashboard.add_widgets(cw.TextWidget(markdown="## AI cost guard", width=24, height=1))
        self.dashboard.add_widgets(
            cw.GraphWidget(
                title="AI calls used this month",
                left=used,
                left_annotations=budget_line,
                left_y_axis=cw.YAxisProps(label="calls", show_units=False, min=0),
                width=WIDTH,
                height=6,
            ),
            _graph("AI requests refused (429)", refused + limited, "count"),
        )
        # Drawn with or without a budget: the use a budget is chosen by.
        self.dashboard.add_widgets(_graph("AI provider calls per day", calls, "calls"))
        if budget:
            five_minutes = Duration.minutes(5)
            self._alarm(
                "AiBudget80Percent",
                cw.MathExpression(
                    expression="MAX([" + ", ".join(f"m{i}" for i in range(len(used))) + "])",
                    using_metrics={
                        f"m{i}": metric("AiBudgetUsed", name, "Maximum", five_minutes)
                        for i, name in enumerate(AI_FUNCTIONS)
                    },
                    period=five_minutes,
                    label="AI calls used this month",
                ),
                AI_BUDGET_ALARM_SHARE * budget,
                f"More than {AI_BUDGET_ALARM_SHARE:.0%} of this month's AI budget ({budget} calls) is used.",
            )

    def _table(self, table: dynamodb.Table) -> None:
        def throttle_events(period: Duration) -> list[cw.IMetric]:
            names = ("ReadThrottleEvents", "WriteThrottleEvents")
            return [table.metric(m, statistic="Sum", period=period, label=m) for m in names]

        throttles = throttle_events(PERIOD)
        self.dashboard.add_widgets(cw.TextWidget(markdown="## DynamoDB and SQS", width=24, height=1))
        self.dashboard.add_widgets(
            _graph("DynamoDB throttled requests", throttles, "count"),
            _graph(
                "DynamoDB consumed capacity",
                [
                    table.metric_consumed_read_capacity_units(period=PERIOD, statistic="Sum", label="Read units"),
                    table.metric_consumed_write_capacity_units(period=PERIOD, statistic="Sum", label="Write units"),
                ],
                "units",
            ),
        )
        self._alarm(
            "TableThrottles",
            cw.MathExpression(
                expression="FILL(read, 0) + FILL(write, 0)",
                using_metrics=dict(zip(("read", "write"), throttle_events(Duration.minutes(5)), strict=True)),
                period=Duration.minutes(5),
                label="Throttle events",
            ),
            0,
            "DynamoDB throttled requests on the sessions table.",
        )

    def _queues(self, queue: sqs.IQueue, dead_letter_queues: dict[str, sqs.IQueue]) -> None:
        depth = {
            name: dlq.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum", label=name)
            for name, dlq in dead_letter_queues.items()
        }
        self.dashboard.add_widgets(
            _graph(
                "Jobs queue age of oldest message",
                [queue.metric_approximate_age_of_oldest_message(period=PERIOD, statistic="Maximum")],
                "seconds",
            ),
            _graph("Dead-letter queue depth", list(depth.values()), "messages"),
        )
        for name, dlq in dead_letter_queues.items():
            # The worker drains the jobs DLQ at once (marking jobs FAILED), so depth alone can stay 0: count
            # arrivals it received as well.
            received = dlq.metric_number_of_messages_received(period=Duration.minutes(5), statistic="Sum")
            visible = dlq.metric_approximate_number_of_messages_visible(period=Duration.minutes(5), statistic="Maximum")
            self._alarm(
                f"{name}DeadLetters",
                cw.MathExpression(
                    expression="FILL(visible, 0) + FILL(received, 0)",
                    using_metrics={"visible": visible, "received": received},
                    period=Duration.minutes(5),
                    label="Dead letters",
                ),
                0,
                f"Messages reached the {name} dead-letter queue.",
            )
