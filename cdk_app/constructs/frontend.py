"""Frontend hosting: private S3 bucket behind CloudFront (OAC), `/api/*` routed to the API, security headers."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, Aws, Duration, RemovalPolicy, Stack, Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from cdk_app.constructs.data import Data, private_bucket
from cdk_app.nag import acknowledge, logical_id
from cdk_app.settings import DeploySettings

FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
HASHED_ASSETS = "assets/*"  # Vite puts content-hashed files here: safe to cache forever

# SPA routing on the default behaviour only: a path without a file extension is an app route -> the shell.
# (Distribution-wide error pages would also rewrite API errors into index.html.)
SPA_REWRITE = """
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = '/index.html';
  }
  return request;
}
""".strip()

PLACEHOLDER_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Resume Chat</title></head>
<body><h1>Resume Chat</h1><p>The frontend was not built when this stack was deployed. Run
<code>make frontend</code> (or <code>npm run build</code> in <code>frontend/</code>) and deploy again.</p></body></html>
"""

# Stack internals that responses would otherwise reveal.
REMOVED_HEADERS = ["server", "x-amz-apigw-id", "x-amz-version-id", "x-amz-server-side-encryption"]


def content_security_policy(download_hosts: list[str], sign_in_origins: list[str]) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            # Presigned downloads of optimized resumes (global or regional S3 host, depending on the region), and
            # the sign-in's token endpoint and issuer when accounts are on.
            "connect-src 'self' " + " ".join([f"https://{host}" for host in download_hosts] + sign_in_origins),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "upgrade-insecure-requests",
        ]
    )


class Frontend(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        settings: DeploySettings,
        data: Data,
        rest_api: apigw.RestApi,
        sign_in_origins: list[str],
    ) -> None:
        super().__init__(scope, construct_id)
        # Rebuilt from frontend/dist on every deploy: nothing to keep when the stack goes.
        self.site_bucket = private_bucket(self, "Site", data.logs_bucket, removal=RemovalPolicy.DESTROY)

        self.headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="Resume Chat security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(
                        [data.jobs_bucket.bucket_domain_name, data.jobs_bucket.bucket_regional_domain_name],
                        sign_in_origins,
                    ),
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, preload=True, override=True
                ),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True
                ),
            ),
            remove_headers=REMOVED_HEADERS,
        )
        self.spa_rewrite = cloudfront.Function(
            self,
            "SpaRewrite",
            code=cloudfront.FunctionCode.from_inline(SPA_REWRITE),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Serve index.html for SPA routes",
        )
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", settings.certificate_arn)
            if settings.certificate_arn
            else None
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Resume Chat ({settings.stage})",
            default_root_object="index.html",
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            # Only a custom certificate can carry a security policy; the default one is fixed by AWS (CFR4).
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            certificate=certificate,
            domain_names=[settings.domain_name] if settings.domain_name else None,
            # Standard logs write the full URI (/api/session/<id>, ?jobId=<id>): only with context cloudfrontLogs.
            enable_logging=settings.cloudfront_logs,
            log_bucket=data.logs_bucket if settings.cloudfront_logs else None,
            log_file_prefix="cloudfront/" if settings.cloudfront_logs else None,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.site_bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers,
                compress=True,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=self.spa_rewrite, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            additional_behaviors={
                "/api/*": cloudfront.BehaviorOptions(
                    # The origin path is the stage, so the browser never sees stage names or execute-api hosts.
                    # Named from the API's id alone (not its stage's URL): the site then does not depend on the
                    # API's methods, whose functions and authorizer name the site (sign-in redirect URLs).
                    origin=origins.HttpOrigin(
                        f"{rest_api.rest_api_id}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}",
                        origin_path=f"/{settings.stage}",
                        protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                        origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                    ),
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=self.headers,
                    compress=True,
                )
            },
        )
        self._acknowledge_distribution(settings)
        self._deploy_site()

    def _acknowledge_distribution(self, settings: DeploySettings) -> None:
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "A public resume editor: no country is excluded (geo restriction can be added per deployment).",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "WAF is opt-in (context waf=true) and attached to the API stage, where the compute is; the static "
            "site is served from cache.",
        )
        if not settings.cloudfront_logs:
            acknowledge(
                self.distribution,
                "AwsSolutions-CFR3",
                "Standard logs would keep every request's path and query string, where session and job ids (the "
                "capabilities) travel; API Gateway access logs record route templates instead. Context "
                "cloudfrontLogs=true turns them on.",
            )
        if not settings.certificate_arn:
            acknowledge(
                self.distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain CloudFront uses its default *.cloudfront.net certificate, whose security "
                "policy AWS fixes at TLSv1; set context domainName + certificateArn to enforce TLSv1.2_2021.",
            )

    def _deploy_site(self) -> None:
        if (FRONTEND_DIST / "index.html").is_file():
            source = s3deploy.Source.asset(str(FRONTEND_DIST))
        else:
            Annotations.of(self).add_warning_v2(
                "resume-chat:frontend-missing",
                f"{FRONTEND_DIST} has no index.html: deploying a placeholder page. Build the frontend first.",
            )
            source = s3deploy.Source.data("index.html", PLACEHOLDER_PAGE)
        deploy_logs = logs.LogGroup(
            self, "DeployLogs", retention=logs.RetentionDays.ONE_WEEK, removal_policy=RemovalPolicy.DESTROY
        )
        # Hashed assets first, never pruned: a browser holding an older index.html still finds its files.
        assets = s3deploy.BucketDeployment(
            self,
            "DeployAssets",
            destination_bucket=self.site_bucket,
            sources=[source],
            exclude=["*"],
            include=[HASHED_ASSETS],
            prune=False,
            cache_control=[
                s3deploy.CacheControl.set_public(),
                s3deploy.CacheControl.max_age(Duration.days(365)),
                s3deploy.CacheControl.immutable(),
            ],
            log_group=deploy_logs,
        )
        # Then everything else (index.html, icons...), always revalidated so a deploy shows at once.
        shell = s3deploy.BucketDeployment(
            self,
            "DeployShell",
            destination_bucket=self.site_bucket,
            sources=[source],
            exclude=[HASHED_ASSETS],
            prune=True,
            cache_control=[s3deploy.CacheControl.no_cache()],
            log_group=deploy_logs,
        )
        shell.node.add_dependency(assets)
        self.deployments = (assets, shell)
        self._acknowledge_deployment_provider()

    def _acknowledge_deployment_provider(self) -> None:
        """BucketDeployment's provider function is AWS CDK's own singleton, created once per stack."""
        stack = Stack.of(self)
        # cdk-nag spells an environment-agnostic account/region as pseudo parameters, a concrete one as is.
        account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
        region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
        provider = next(c for c in stack.node.children if c.node.id.startswith("Custom::CDKBucketDeployment"))
        reason = "AWS CDK's BucketDeployment provider (deploy-time only, not on any request path), managed by CDK."
        acknowledge(
            provider,
            "AwsSolutions-IAM4",
            reason,
            findings=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        )
        acknowledge(
            provider,
            "AwsSolutions-IAM5",
            reason + " It syncs the whole site bucket from the CDK asset bucket.",
            findings=[
                "Action::s3:GetObject*",
                "Action::s3:GetBucket*",
                "Action::s3:List*",
                "Action::s3:DeleteObject*",
                "Action::s3:Abort*",
                f"Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-{account}-{region}/*",
                f"Resource::<{logical_id(self.site_bucket)}.Arn>/*",
            ],
        )
        for rule in (
            "AwsSolutions-L1",
            "Serverless-LambdaLatestVersion",
            "Serverless-LambdaTracing",
            "Serverless-LambdaDLQ",
        ):
            acknowledge(provider, rule, reason + " Its runtime and settings are chosen by the CDK release.")

    @property
    def url(self) -> str:
        return f"https://{self.distribution.distribution_domain_name}"
