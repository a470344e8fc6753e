"""The REST API, built from the route table: one Lambda proxy method per route, signed-in callers only on every
route that is not public when accounts are on (auth=cognito)."""

from __future__ import annotations

import json

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk_app.nag import acknowledge
from cdk_app.settings import DeploySettings
from core.routes import ROUTES

# Routes whose contract requires a JSON object body: API Gateway rejects anything else before a Lambda runs.
JSON_BODY_ROUTES = frozenset(
    {("PUT", "/api/resume/{sessionId}"), ("POST", "/api/chat"), ("POST", "/api/optimize"), ("POST", "/api/export")}
)
# Required query strings, checked the same way.
REQUIRED_QUERY = {("GET", "/api/status"): ("jobId",)}

# Access logs carry the route template, never the concrete path: session and job ids are capabilities.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "integrationStatus": "$context.integration.status",
    "errorType": "$context.error.responseType",
    "xrayTraceId": "$context.xrayTraceId",
}


def _error_body(code: str) -> dict[str, str]:
    # API Gateway's own errors in the product's error shape ($context.error.messageString is already quoted).
    return {"application/json": f'{{"error":"{code}","message":$context.error.messageString}}'}


GATEWAY_RESPONSES = {
    # An unknown route is a 403 "Missing Authentication Token" by default: say what it is.
    apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN: ("404", "not_found"),
    apigw.ResponseType.BAD_REQUEST_BODY: ("400", "bad_request"),
    apigw.ResponseType.BAD_REQUEST_PARAMETERS: ("400", "bad_request"),
    apigw.ResponseType.THROTTLED: ("429", "rate_limited"),
    # The authorizer's answers: no valid ID token (missing, expired, forged), or a token it does not accept.
    apigw.ResponseType.UNAUTHORIZED: ("401", "unauthorized"),
    apigw.ResponseType.ACCESS_DENIED: ("403", "forbidden"),
    apigw.ResponseType.INTEGRATION_TIMEOUT: ("504", "timeout"),
    apigw.ResponseType.DEFAULT_4_XX: (None, "bad_request"),
    apigw.ResponseType.DEFAULT_5_XX: (None, "unavailable"),
}
# A script on an allowed origin must be able to read a 401 (to start a sign-in) rather than see a network error.
# The body is only the error, so any origin may read it.
AUTH_ERROR_HEADERS = {"Access-Control-Allow-Origin": "'*'", "Access-Control-Expose-Headers": "'WWW-Authenticate'"}
# Request headers the web app and other allowed origins send (preflight answer; the functions' CORS agrees).
CORS_ALLOW_HEADERS = ["Content-Type", "Authorization", "If-None-Match"]

# Why a method has no authorizer (cdk-nag APIG4/COG4).
OPEN_PUBLIC_ROUTE = "A public route by design (Route.public in the route table), e.g. health: how to sign in."
OPEN_WITHOUT_ACCOUNTS = "Context auth=none (a public demo): sessions and jobs are addressed by unguessable UUIDv4s."
OPEN_PREFLIGHT = "CORS preflight (OPTIONS): browsers send it without credentials; API Gateway answers it itself."


def _gateway_headers(code: str) -> dict[str, str] | None:
    if code == "rate_limited":
        return {"Retry-After": "'1'"}
    if code == "unauthorized":
        return {**AUTH_ERROR_HEADERS, "WWW-Authenticate": "'Bearer'"}
    if code == "forbidden":
        return AUTH_ERROR_HEADERS
    return None


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        settings: DeploySettings,
    ) -> None:
        super().__init__(scope, construct_id)
        self.settings = settings
        self.access_logs = logs.LogGroup(
            self, "AccessLogs", retention=settings.log_retention, removal_policy=RemovalPolicy.DESTROY
        )
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=f"{settings.prefix}-api",
            description="Resume Chat API (reached through CloudFront at /api/*)",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            # CloudFront reaches the API through this endpoint (no custom domain), so it must stay enabled.
            disable_execute_api_endpoint=False,
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=apigw.StageOptions(
                stage_name=settings.stage,
                throttling_rate_limit=settings.throttle_rate,
                throttling_burst_limit=settings.throttle_burst,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,  # would log request bodies: resume text
                tracing_enabled=True,
                metrics_enabled=False,
            ),
        )
        acknowledge(
            self.rest_api,
            "AwsSolutions-IAM4",
            "API Gateway's account-level role for execution logs; AWS maintains this managed policy for it.",
            findings=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
        )
        for response_type, (status, code) in GATEWAY_RESPONSES.items():
            self.rest_api.add_gateway_response(
                f"Gateway{response_type.response_type}",
                type=response_type,
                status_code=status,
                templates=_error_body(code),
                response_headers=_gateway_headers(code),
            )

        # Validates what each method declares (a JSON-object body model, required query strings).
        self.validator = self.rest_api.add_request_validator(
            "Validator", validate_request_body=True, validate_request_parameters=True
        )
        self.json_object = self.rest_api.add_model(
            "JsonObject",
            content_type="application/json",
            schema=apigw.JsonSchema(schema=apigw.JsonSchemaVersion.DRAFT4, type=apigw.JsonSchemaType.OBJECT),
        )

        self.methods: list[apigw.Method] = []

    def add_routes(self, functions: dict[str, lambda_.IFunction], authorizer: apigw.IAuthorizer | None) -> None:
        """One method per route of the table; with an authorizer, on every route that is not public."""
        integrations = {
            name: apigw.LambdaIntegration(fn, proxy=True, allow_test_invoke=False, timeout=Duration.seconds(29))
            for name, fn in functions.items()
        }
        for route in ROUTES:
            key = (route.method, route.path)
            options: dict[str, object] = {}
            if key in JSON_BODY_ROUTES:
                options = {
                    "request_validator": self.validator,
                    "request_models": {"application/json": self.json_object},
                }
            elif key in REQUIRED_QUERY:
                options = {
                    "request_validator": self.validator,
                    "request_parameters": {f"method.request.querystring.{q}": True for q in REQUIRED_QUERY[key]},
                }
            if authorizer is not None and not route.public:
                options["authorizer"] = authorizer
                options["authorization_type"] = apigw.AuthorizationType.COGNITO
            resource = self.rest_api.root.resource_for_path(route.path.lstrip("/"))
            method = resource.add_method(
                route.method,
                integrations[route.function],
                **options,  # type: ignore[arg-type]
            )
            if "authorizer" not in options:
                _acknowledge_open(method, OPEN_PUBLIC_ROUTE if route.public else OPEN_WITHOUT_ACCOUNTS)
            self.methods.append(method)
        if self.settings.allowed_origins:
            self._add_preflight()

    def _add_preflight(self) -> None:
        """Other allowed origins send Authorization and JSON, so browsers ask first (OPTIONS): API Gateway
        answers that itself, without a token and without a function."""
        by_path: dict[str, list[str]] = {}
        for route in ROUTES:
            by_path.setdefault(route.path, []).append(route.method)
        for path, verbs in by_path.items():
            preflight = self.rest_api.root.resource_for_path(path.lstrip("/")).add_cors_preflight(
                allow_origins=list(self.settings.allowed_origins),
                allow_headers=CORS_ALLOW_HEADERS,
                allow_methods=verbs,
                expose_headers=["ETag"],
                max_age=Duration.minutes(10),
            )
            _acknowledge_open(preflight, OPEN_PREFLIGHT)


def _acknowledge_open(method: apigw.Method, reason: str) -> None:
    acknowledge(method, "AwsSolutions-APIG4", reason)
    acknowledge(method, "AwsSolutions-COG4", reason)
