"""The REST API equals the route table; stage, validation, errors and logs are set up for production."""

from __future__ import annotations

import json

import pytest

from cdk_app.constructs.api import JSON_BODY_ROUTES, REQUIRED_QUERY
from core.routes import FUNCTIONS, ROUTES

from .cfn import function_id, props, ref_id, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def resource_paths(template: dict) -> dict[str, str]:
    raw = resources(template, "AWS::ApiGateway::Resource")

    def path(logical_id: str) -> str:
        p = props(raw[logical_id])
        parent = ref_id(p["ParentId"])
        prefix = path(parent) if parent in raw else ""
        return f"{prefix}/{p['PathPart']}"

    return {k: path(k) for k in raw}


def methods(template: dict) -> dict[tuple[str, str], dict]:
    paths = resource_paths(template)
    return {
        (props(m)["HttpMethod"], paths[ref_id(props(m)["ResourceId"])]): props(m)
        for m in resources(template, "AWS::ApiGateway::Method").values()
    }


def test_methods_equal_the_route_table(template: dict) -> None:
    # (plus CORS preflights for the allowed origins, test_auth)
    assert {key for key in methods(template) if key[0] != "OPTIONS"} == {(r.method, r.path) for r in ROUTES}


def test_each_method_is_a_lambda_proxy_to_its_function(template: dict) -> None:
    found = methods(template)
    for route in ROUTES:
        integration = found[(route.method, route.path)]["Integration"]
        assert integration["Type"] == "AWS_PROXY"
        assert integration["TimeoutInMillis"] <= 29_000
        assert f'"{function_id(template, FUNCTIONS[route.function])}"' in json.dumps(integration["Uri"])


def test_request_validation_where_the_contract_requires_input(template: dict) -> None:
    assert JSON_BODY_ROUTES | set(REQUIRED_QUERY) <= {(r.method, r.path) for r in ROUTES}
    assert ("POST", "/api/export") in JSON_BODY_ROUTES
    (validator,) = resources(template, "AWS::ApiGateway::RequestValidator").values()
    assert props(validator)["ValidateRequestBody"] and props(validator)["ValidateRequestParameters"]
    found = methods(template)
    for key in JSON_BODY_ROUTES:
        model = template["Resources"][ref_id(found[key]["RequestModels"]["application/json"])]
        assert json.loads(json.dumps(props(model)["Schema"]))["type"] == "object"
        assert "RequestValidatorId" in found[key]
    for key, names in REQUIRED_QUERY.items():
        assert found[key]["RequestParameters"] == {f"method.request.querystring.{n}": True for n in names}
    # Optional bodies stay optional (POST /api/snapshot/{id} may be empty).
    assert "RequestValidatorId" not in found[("POST", "/api/snapshot/{sessionId}")]


def test_stage_is_throttled_traced_and_logs_json_without_bodies_or_ids(template: dict) -> None:
    (stage,) = resources(template, "AWS::ApiGateway::Stage").values()
    p = props(stage)
    assert p["StageName"] == "test"
    assert p["TracingEnabled"] is True
    (settings,) = p["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == 50 and settings["ThrottlingBurstLimit"] == 100
    assert settings["DataTraceEnabled"] is False
    assert settings["LoggingLevel"] == "ERROR"
    access_format = json.loads(p["AccessLogSetting"]["Format"])
    assert access_format["resourcePath"] == "$context.resourcePath"
    assert "$context.path" not in p["AccessLogSetting"]["Format"]  # paths carry session ids
    group = template["Resources"][ref_id(p["AccessLogSetting"]["DestinationArn"])]
    assert props(group)["RetentionInDays"] == 30


def test_api_gateway_errors_use_the_product_error_shape(template: dict) -> None:
    responses = {
        props(r)["ResponseType"]: props(r) for r in resources(template, "AWS::ApiGateway::GatewayResponse").values()
    }
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert responses["THROTTLED"]["ResponseParameters"] == {"gatewayresponse.header.Retry-After": "'1'"}
    for response in responses.values():
        body = response["ResponseTemplates"]["application/json"]
        rendered = json.loads(body.replace("$context.error.messageString", '"m"'))
        assert set(rendered) == {"error", "message"}


def test_api_is_regional_and_reached_only_through_cloudfront_at_its_stage(template: dict) -> None:
    (api,) = resources(template, "AWS::ApiGateway::RestApi").values()
    assert props(api)["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    (distribution,) = resources(template, "AWS::CloudFront::Distribution").values()
    origins = props(distribution)["DistributionConfig"]["Origins"]
    api_origin = next(o for o in origins if "execute-api" in json.dumps(o["DomainName"]))
    assert api_origin["OriginPath"] == "/test"
    assert api_origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_waf_guards_the_stage_and_lets_autosaves_through(template: dict) -> None:
    (acl,) = resources(template, "AWS::WAFv2::WebACL").values()
    rules = {r["Name"]: r for r in props(acl)["Rules"]}
    assert props(acl)["Scope"] == "REGIONAL"
    rate = rules["RatePerClient"]["Statement"]["RateBasedStatement"]
    assert rate["Limit"] > 0
    # Counted per source address: a forwarding header is whatever the client wrote, so it is never the key.
    assert rate["AggregateKeyType"] == "IP" and "ForwardedIPConfig" not in rate
    common = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    assert {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}} in common["RuleActionOverrides"]
    (association,) = resources(template, "AWS::WAFv2::WebACLAssociation").values()
    stage_id = next(iter(resources(template, "AWS::ApiGateway::Stage")))
    assert stage_id in json.dumps(props(association)["ResourceArn"])


@pytest.mark.parametrize("fixture", ["template", "open_template"])
def test_no_client_supplied_forwarding_header_is_trusted_anywhere(fixture: str, request: pytest.FixtureRequest) -> None:
    text = json.dumps(request.getfixturevalue(fixture)).lower()
    assert "x-forwarded-for" not in text and "forwarded_ip" not in text
