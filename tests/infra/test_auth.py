"""Accounts: the user pool, the web app's client and managed login, API Gateway's authorizer on every route that
is not public (context auth=cognito, the default), and none of it with auth=none."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw

from cdk_app.constructs.auth import Auth, redirect_urls
from cdk_app.settings import read_settings
from core.routes import FUNCTIONS, ROUTES

from .cfn import function_id, join_to_text, mentions, props, ref_id, resources
from .test_api import methods

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

COGNITO_ENV = ("AUTH_MODE", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_DOMAIN")


def one(template: dict, type_: str) -> tuple[str, dict]:
    ((logical_id, resource),) = resources(template, type_).items()
    return logical_id, resource


def distribution_id(template: dict) -> str:
    return one(template, "AWS::CloudFront::Distribution")[0]


def env(template: dict, name: str) -> dict:
    return props(template["Resources"][function_id(template, FUNCTIONS[name])])["Environment"]["Variables"]


def test_user_pool_signs_in_by_email_invited_people_only_with_optional_totp(template: dict) -> None:
    _, pool = one(template, "AWS::Cognito::UserPool")
    p = props(pool)
    assert p["UsernameAttributes"] == ["email"] and p["AutoVerifiedAttributes"] == ["email"]
    assert p["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True  # self sign-up off by default
    assert p["MfaConfiguration"] == "OPTIONAL" and p["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    policy = p["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 12
    assert all(policy[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    assert p["AccountRecoverySetting"]["RecoveryMechanisms"] == [{"Name": "verified_email", "Priority": 1}]
    assert pool["DeletionPolicy"] == "Retain" and p["DeletionProtection"] == "ACTIVE"  # owners outlive the stack


def test_invitation_names_the_site_the_username_and_the_temporary_password(template: dict) -> None:
    _, pool = one(template, "AWS::Cognito::UserPool")
    message = props(pool)["AdminCreateUserConfig"]["InviteMessageTemplate"]
    body = join_to_text(message["EmailMessage"])
    assert "{username}" in body and "{####}" in body
    assert mentions(message["EmailMessage"], distribution_id(template))


def test_web_app_client_is_public_code_grant_with_pkce_only(template: dict) -> None:
    pool_id, _ = one(template, "AWS::Cognito::UserPool")
    _, client = one(template, "AWS::Cognito::UserPoolClient")
    p = props(client)
    assert ref_id(p["UserPoolId"]) == pool_id
    assert p["GenerateSecret"] is False
    assert p["AllowedOAuthFlows"] == ["code"] and p["AllowedOAuthFlowsUserPoolClient"] is True
    assert sorted(p["AllowedOAuthScopes"]) == ["email", "openid", "profile"]
    # No password flows through this client: people sign in on managed login only, and tokens refresh.
    assert p["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert p["SupportedIdentityProviders"] == ["COGNITO"]
    assert p["PreventUserExistenceErrors"] == "ENABLED" and p["EnableTokenRevocation"] is True
    units = p["TokenValidityUnits"]
    assert units["IdToken"] == units["AccessToken"] == "minutes" and p["IdTokenValidity"] <= 60
    assert p["AccessTokenValidity"] <= 60
    assert units["RefreshToken"] == "minutes" and p["RefreshTokenValidity"] <= 30 * 24 * 60


def test_client_redirects_only_to_the_site_and_the_allowed_origins(template: dict) -> None:
    _, client = one(template, "AWS::Cognito::UserPoolClient")
    p = props(client)
    for key in ("CallbackURLs", "LogoutURLs"):
        urls = p[key]
        site = [u for u in urls if mentions(u, distribution_id(template))]
        others = sorted(u for u in urls if isinstance(u, str))
        assert {join_to_text(u).replace("TOKEN", "site") for u in site} == {"https://site", "https://site/"}
        assert others == ["https://client.example.com", "https://client.example.com/"]  # context allowedOrigins
        assert len(urls) == len(site) + len(others)


def test_managed_login_v2_on_a_prefix_domain_of_this_stack_with_cognitos_style(template: dict) -> None:
    pool_id, _ = one(template, "AWS::Cognito::UserPool")
    client_id, _ = one(template, "AWS::Cognito::UserPoolClient")
    _, domain = one(template, "AWS::Cognito::UserPoolDomain")
    assert props(domain)["ManagedLoginVersion"] == 2 and ref_id(props(domain)["UserPoolId"]) == pool_id
    prefix = props(domain)["Domain"]
    assert join_to_text(prefix) == "resume-chat-test-TOKEN" and "AWS::StackId" in json.dumps(prefix)
    _, style = one(template, "AWS::Cognito::ManagedLoginBranding")
    assert props(style)["UseCognitoProvidedValues"] is True
    assert ref_id(props(style)["ClientId"]) == client_id


def test_authorizer_on_every_route_that_is_not_public(template: dict) -> None:
    pool_id, _ = one(template, "AWS::Cognito::UserPool")
    authorizer_id, authorizer = one(template, "AWS::ApiGateway::Authorizer")
    assert props(authorizer)["Type"] == "COGNITO_USER_POOLS"
    assert [ref_id(a) for a in props(authorizer)["ProviderARNs"]] == [pool_id]
    assert props(authorizer)["IdentitySource"] == "method.request.header.Authorization"
    found = methods(template)
    assert any(r.public for r in ROUTES) and not all(r.public for r in ROUTES)
    for route in ROUTES:
        method = found[(route.method, route.path)]
        if route.public:
            assert method.get("AuthorizationType", "NONE") == "NONE" and "AuthorizerId" not in method, route.path
        else:
            assert method["AuthorizationType"] == "COGNITO_USER_POOLS", route.path
            assert ref_id(method["AuthorizerId"]) == authorizer_id, route.path


def test_cors_preflight_for_the_allowed_origins_needs_no_token_and_allows_authorization(template: dict) -> None:
    found = methods(template)
    preflights = {path: m for (verb, path), m in found.items() if verb == "OPTIONS"}
    assert set(preflights) == {r.path for r in ROUTES}
    for method in preflights.values():
        assert method["AuthorizationType"] == "NONE" and method["Integration"]["Type"] == "MOCK"
        headers = method["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
        assert "Authorization" in headers["method.response.header.Access-Control-Allow-Headers"]


def test_authorizer_refusals_are_json_with_cors_headers(template: dict) -> None:
    responses = {
        props(r)["ResponseType"]: props(r) for r in resources(template, "AWS::ApiGateway::GatewayResponse").values()
    }
    for kind, status in (("UNAUTHORIZED", "401"), ("ACCESS_DENIED", "403")):
        response = responses[kind]
        assert response["StatusCode"] == status
        assert response["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == "'*'"
        body = json.loads(
            response["ResponseTemplates"]["application/json"].replace("$context.error.messageString", '""')
        )
        assert body["error"] in {"unauthorized", "forbidden"}


def test_functions_know_the_pool_the_client_and_the_managed_login(template: dict) -> None:
    pool_id, _ = one(template, "AWS::Cognito::UserPool")
    client_id, _ = one(template, "AWS::Cognito::UserPoolClient")
    login_url = template["Outputs"]["ManagedLoginUrl"]["Value"]
    for fn in FUNCTIONS.values():
        variables = env(template, fn.name)
        assert variables["AUTH_MODE"] == "cognito"
        assert ref_id(variables["COGNITO_USER_POOL_ID"]) == pool_id
        assert ref_id(variables["COGNITO_CLIENT_ID"]) == client_id
        assert variables["COGNITO_DOMAIN"] == login_url
    assert join_to_text(login_url) == "https://resume-chat-test-TOKEN.auth.TOKEN.amazoncognito.com"


def test_site_may_call_the_sign_in_endpoints(template: dict) -> None:
    _, policy = one(template, "AWS::CloudFront::ResponseHeadersPolicy")
    csp = props(policy)["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    text = join_to_text(csp["ContentSecurityPolicy"])
    connect = next(d for d in text.split("; ") if d.startswith("connect-src"))
    assert ".amazoncognito.com" in connect and "https://cognito-idp." in connect


def test_outputs_say_how_to_invite_people(template: dict) -> None:
    pool_id, _ = one(template, "AWS::Cognito::UserPool")
    outputs = template["Outputs"]
    assert ref_id(outputs["UserPoolId"]["Value"]) == pool_id
    assert ref_id(outputs["UserPoolClientId"]["Value"]) == one(template, "AWS::Cognito::UserPoolClient")[0]
    command = outputs["InviteCommand"]["Value"]
    assert mentions(command, pool_id)
    text = join_to_text(command)
    assert text.startswith("aws cognito-idp admin-create-user --region TOKEN --user-pool-id TOKEN ")
    assert "--username PERSON@EXAMPLE.COM" in text and "Name=email,Value=PERSON@EXAMPLE.COM" in text


def test_without_accounts_there_is_no_pool_no_authorizer_and_functions_know_it(open_template: dict) -> None:
    types = {r["Type"] for r in open_template["Resources"].values()}
    assert not {t for t in types if t.startswith("AWS::Cognito::")}
    assert "AWS::ApiGateway::Authorizer" not in types
    found = methods(open_template)
    assert set(found) == {(r.method, r.path) for r in ROUTES}  # no preflight without allowed origins either
    for method in found.values():
        assert method.get("AuthorizationType", "NONE") == "NONE" and "AuthorizerId" not in method
    for fn in FUNCTIONS.values():
        variables = env(open_template, fn.name)
        assert variables["AUTH_MODE"] == "none"
        assert not set(COGNITO_ENV[1:]) & set(variables)
    assert not {"UserPoolId", "UserPoolClientId", "ManagedLoginUrl", "InviteCommand"} & set(open_template["Outputs"])
    assert "amazoncognito" not in json.dumps(open_template)


def auth_construct(**context: object) -> dict:
    """The Auth construct alone in a small stack (fast: no layer, no site)."""
    app = cdk.App(context=context)
    stack = cdk.Stack(app, "AuthOnly")
    auth = Auth(stack, "Auth", read_settings(app.node), ["https://site.example.com"])
    api = apigw.RestApi(stack, "Api")
    api.root.add_method("GET", apigw.MockIntegration(), authorizer=auth.authorizer)
    return cdk.assertions.Template.from_stack(stack).to_json()


def test_self_sign_up_is_a_context_switch() -> None:
    (pool,) = resources(auth_construct(selfSignUp="true"), "AWS::Cognito::UserPool").values()
    assert props(pool)["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False


def test_development_origins_may_be_plain_http_on_localhost_only() -> None:
    settings = read_settings(
        cdk.App(context={"allowedOrigins": "http://localhost:5173,http://192.168.1.9:8000,https://a.example.com"}).node
    )
    assert redirect_urls(["https://site.example.com"], settings) == [
        "https://site.example.com",
        "https://site.example.com/",
        "http://localhost:5173",
        "http://localhost:5173/",
        "https://a.example.com",
        "https://a.example.com/",
    ]
    (client,) = resources(
        auth_construct(allowedOrigins="http://localhost:5173"), "AWS::Cognito::UserPoolClient"
    ).values()
    assert props(client)["CallbackURLs"] == [
        "https://site.example.com",
        "https://site.example.com/",
        "http://localhost:5173",
        "http://localhost:5173/",
    ]
