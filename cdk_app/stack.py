"""The Resume Chat stack: composes one construct per concern, nothing else."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from cdk_app.constructs.api import Api
from cdk_app.constructs.auth import Auth, identity_provider_origin, managed_login_origin
from cdk_app.constructs.data import Data
from cdk_app.constructs.frontend import Frontend
from cdk_app.constructs.functions import Functions, Resources
from cdk_app.constructs.jobs import Jobs
from cdk_app.constructs.monitoring import Monitoring
from cdk_app.constructs.waf import ApiFirewall
from cdk_app.nag import acknowledge
from cdk_app.settings import DeploySettings


class ResumeChatStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, settings: DeploySettings, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        self.data = Data(self, "Data")
        self.jobs = Jobs(self, "Jobs")
        # The LLM provider's API key. The stack creates the secret; the value is set after deploy (README).
        self.llm_secret = secretsmanager.Secret(
            self, "LlmApiKey", description=f"Resume Chat ({settings.stage}) LLM provider API key"
        )
        acknowledge(
            self.llm_secret,
            "AwsSolutions-SMG4",
            "A third-party API key cannot be rotated by a Lambda here; it is replaced by hand at the provider.",
        )
        self.api = Api(self, "Api", settings)
        accounts = settings.auth == "cognito"
        sign_in_origins = [managed_login_origin(settings), identity_provider_origin()] if accounts else []
        self.frontend = Frontend(self, "Frontend", settings, self.data, self.api.rest_api, sign_in_origins)
        # Invitations name the custom domain when there is one; sign-in returns to either address.
        site_urls = [f"https://{settings.domain_name}"] if settings.domain_name else []
        site_urls.append(self.frontend.url)
        self.auth = Auth(self, "Auth", settings, site_urls) if accounts else None
        self.functions = Functions(
            self,
            "Functions",
            settings,
            Resources(data=self.data, jobs=self.jobs, llm_secret=self.llm_secret, auth=self.auth),
        )
        self.api.add_routes(dict(self.functions.functions), self.auth.authorizer if self.auth else None)
        if settings.waf:
            self.firewall = ApiFirewall(self, "Firewall", self.api.rest_api.deployment_stage)
        else:
            acknowledge(
                self.api.rest_api.deployment_stage,
                "AwsSolutions-APIG3",
                "WAF is opt-in (context waf=true); stage throttling caps the request rate meanwhile.",
            )
        # The app itself downloads by navigation (no CORS needed); other origins fetch() the presigned links.
        # (Naming the CloudFront domain here would be a cycle: the site's CSP names the jobs bucket.)
        if settings.allowed_origins:
            self.data.allow_downloads_from(list(settings.allowed_origins))
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            settings,
            functions=self.functions.functions,
            log_groups=dict(self.functions.log_groups),
            rest_api=self.api.rest_api,
            table=self.data.sessions_table,
            queue=self.jobs.queue,
            dead_letter_queues={
                "Jobs": self.jobs.dead_letter_queue,
                "SnapshotStream": self.functions.stream_failures,
            },
        )

        CfnOutput(self, "SiteUrl", value=self.frontend.url, description="Open the app here")
        CfnOutput(
            self,
            "LlmSecretArn",
            value=self.llm_secret.secret_arn,
            description="Put the LLM API key here: aws secretsmanager put-secret-value --secret-id <this>",
        )
        CfnOutput(
            self,
            "DashboardUrl",
            value=f"https://{self.region}.console.aws.amazon.com/cloudwatch/home?region={self.region}"
            f"#dashboards:name={self.monitoring.dashboard.dashboard_name}",
        )
        CfnOutput(self, "AlarmTopicArn", value=self.monitoring.topic.topic_arn)
        if self.auth:
            self._account_outputs(self.auth)

    def _account_outputs(self, auth: Auth) -> None:
        CfnOutput(self, "UserPoolId", value=auth.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=auth.client.user_pool_client_id, description="The web app's client")
        CfnOutput(self, "ManagedLoginUrl", value=auth.origin, description="Cognito managed login (sign-in pages)")
        CfnOutput(
            self,
            "InviteCommand",
            value=auth.invite_command,
            description="Invite a person: replace PERSON@EXAMPLE.COM; Cognito e-mails a temporary password",
        )
