"""Accounts (context auth=cognito): a user pool, the web app's client, its managed login, the API's authorizer.

The web app signs in through Cognito's managed login (authorization code + PKCE, no client secret) and sends the
ID token; API Gateway's authorizer verifies it on every route that is not public before any function runs.
"""

from __future__ import annotations

from aws_cdk import Aws, Duration, Fn, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from cdk_app.nag import acknowledge
from cdk_app.settings import DeploySettings

PASSWORD_MIN_LENGTH = 12
INVITATION_SUBJECT = "Your Resume Chat account"


def managed_login_prefix(settings: DeploySettings) -> str:
    """The pool's Cognito prefix domain: unique per stack (the first group of its random id) and stable across
    updates, so a stack deleted and deployed again never collides with the retained pool's old domain."""
    stack_uuid = Fn.select(2, Fn.split("/", Aws.STACK_ID))
    return f"{settings.prefix}-{Fn.select(0, Fn.split('-', stack_uuid))}"


def managed_login_origin(settings: DeploySettings) -> str:
    """Where the managed login and the token endpoint live (the web app's CSP and the functions need it; built
    from the prefix alone, so the site does not depend on the pool)."""
    return f"https://{managed_login_prefix(settings)}.auth.{Aws.REGION}.amazoncognito.com"


def identity_provider_origin() -> str:
    """The pool's issuer host (OpenID discovery and signing keys)."""
    return f"https://cognito-idp.{Aws.REGION}.{Aws.URL_SUFFIX}"


def redirect_urls(site_urls: list[str], settings: DeploySettings) -> list[str]:
    """Where managed login may send people back: the site, and the other origins allowed for development (Cognito
    takes plain http for localhost only)."""
    origins = site_urls + [
        o for o in settings.allowed_origins if o.startswith("https://") or o.startswith("http://localhost")
    ]
    return [url for origin in origins for url in (origin, f"{origin}/")]


class Auth(Construct):
    def __init__(self, scope: Construct, construct_id: str, settings: DeploySettings, site_urls: list[str]) -> None:
        """`site_urls`: the web app's addresses, the one to name in invitations first."""
        super().__init__(scope, construct_id)
        site_url = site_urls[0]
        self.origin = managed_login_origin(settings)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=f"{settings.prefix}-users",
            sign_in_aliases=cognito.SignInAliases(email=True, username=False),
            sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            self_sign_up_enabled=settings.self_sign_up,
            user_invitation=cognito.UserInvitationConfig(
                email_subject=INVITATION_SUBJECT,
                email_body=(
                    "You are invited to Resume Chat. Sign in at "
                    f'<a href="{site_url}">{site_url}</a> with {{username}} and the temporary password {{####}} '
                    "(you choose your own at the first sign-in)."
                ),
            ),
            user_verification=cognito.UserVerificationConfig(
                email_subject="Your Resume Chat verification code",
                email_body="Your Resume Chat verification code is {####}.",
                email_style=cognito.VerificationEmailStyle.CODE,
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(7),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Managed login (v2) needs Essentials; its free tier covers a personal deployment's people.
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            # The people and their ids (the owners of stored sessions) outlive the stack, like the data.
            removal_policy=RemovalPolicy.RETAIN,
            deletion_protection=True,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional by design: each person may turn on an authenticator app (TOTP) for their account.",
        )
        for rule in ("AwsSolutions-COG3", "AwsSolutions-COG8"):
            acknowledge(
                self.user_pool,
                rule,
                "Threat protection (advanced security) needs the Plus feature plan, priced per active user; a "
                "personal deployment invites its people instead (self sign-up is off unless selfSignUp=true).",
            )

        callbacks = redirect_urls(site_urls, settings)
        self.client = self.user_pool.add_client(
            "WebApp",
            user_pool_client_name=f"{settings.prefix}-web",
            generate_secret=False,  # a browser app cannot keep a secret: PKCE protects the code instead
            # Only managed login signs people in (no password flows through this client); refresh is always on.
            auth_flows=cognito.AuthFlow(user_password=False, user_srp=False, admin_user_password=False, custom=False),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True, implicit_code_grant=False),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
                callback_urls=callbacks,
                logout_urls=callbacks,
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            id_token_validity=Duration.hours(1),
            access_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(30),
            auth_session_validity=Duration.minutes(5),
            enable_token_revocation=True,
            prevent_user_existence_errors=True,
        )
        self.domain = self.user_pool.add_domain(
            "ManagedLogin",
            cognito_domain=cognito.CognitoDomainOptions(domain_prefix=managed_login_prefix(settings)),
            managed_login_version=cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
        )
        # Managed login shows a client's pages only once it has a style: Cognito's own.
        self.branding = cognito.CfnManagedLoginBranding(
            self,
            "ManagedLoginStyle",
            user_pool_id=self.user_pool.user_pool_id,
            client_id=self.client.user_pool_client_id,
            use_cognito_provided_values=True,
        )
        self.branding.node.add_dependency(self.domain)
        self.authorizer = apigw.CognitoUserPoolsAuthorizer(
            self, "Authorizer", cognito_user_pools=[self.user_pool], results_cache_ttl=Duration.minutes(5)
        )

    def function_environment(self) -> dict[str, str]:
        return {
            "AUTH_MODE": "cognito",
            "COGNITO_USER_POOL_ID": self.user_pool.user_pool_id,
            "COGNITO_CLIENT_ID": self.client.user_pool_client_id,
            "COGNITO_DOMAIN": self.origin,
        }

    @property
    def invite_command(self) -> str:
        return (
            f"aws cognito-idp admin-create-user --region {Aws.REGION} --user-pool-id {self.user_pool.user_pool_id} "
            "--username PERSON@EXAMPLE.COM --user-attributes Name=email,Value=PERSON@EXAMPLE.COM "
            "Name=email_verified,Value=true --desired-delivery-mediums EMAIL"
        )
