"""CloudFront in front of a private bucket (OAC) and the API; SPA routing; headers; the site deployment."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from cdk_app.constructs.frontend import FRONTEND_DIST, HASHED_ASSETS
from cdk_app.synth import SynthResult

from .cfn import props, ref_id, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def distribution(template: dict) -> dict:
    (d,) = resources(template, "AWS::CloudFront::Distribution").values()
    return props(d)["DistributionConfig"]


def test_api_behaviour_forwards_everything_but_host_and_never_caches(template: dict) -> None:
    (api,) = [b for b in distribution(template)["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert {"GET", "PUT", "POST", "DELETE", "OPTIONS"} <= set(api["AllowedMethods"])
    assert api["ViewerProtocolPolicy"] == "https-only"
    assert "FunctionAssociations" not in api  # API paths are never rewritten


def test_default_behaviour_rewrites_spa_routes_without_error_pages(template: dict) -> None:
    config = distribution(template)
    assert "CustomErrorResponses" not in config  # they would turn API errors into index.html
    default = config["DefaultCacheBehavior"]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    (association,) = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    function = props(template["Resources"][ref_id(association["FunctionARN"])])
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the CloudFront function")
def test_spa_rewrite_function_behaviour(template: dict) -> None:
    (function,) = resources(template, "AWS::CloudFront::Function").values()
    cases = {"/": "/index.html", "/session/3f0e": "/index.html", "/a/b/": "/index.html",
             "/assets/index-abc123.js": "/assets/index-abc123.js", "/favicon.ico": "/favicon.ico"}  # fmt: skip
    script = props(function)["FunctionCode"] + "\nconsole.log(JSON.stringify(" + json.dumps(list(cases)) + \
        ".map(function (u) { return handler({request: {uri: u}}).uri; })));"  # fmt: skip
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=30)
    assert json.loads(out.stdout) == list(cases.values())


def test_site_bucket_is_reached_only_through_origin_access_control(template: dict) -> None:
    config = distribution(template)
    (s3_origin,) = [o for o in config["Origins"] if "S3OriginConfig" in o]
    assert s3_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    oac = props(template["Resources"][ref_id(s3_origin["OriginAccessControlId"])])["OriginAccessControlConfig"]
    assert oac["OriginAccessControlOriginType"] == "s3" and oac["SigningBehavior"] == "always"
    site = ref_id(s3_origin["DomainName"])
    (policy,) = [
        props(p) for p in resources(template, "AWS::S3::BucketPolicy").values() if ref_id(props(p)["Bucket"]) == site
    ]
    grants = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    readers = [s for s in grants if s["Principal"] == {"Service": "cloudfront.amazonaws.com"}]
    assert readers and all(s["Action"] == "s3:GetObject" for s in readers)
    assert all("AWS:SourceArn" in json.dumps(s["Condition"]) for s in readers)
    # The only other grant: CDK's auto-delete provider, which empties the bucket when the stack is destroyed.
    for other in (s for s in grants if s not in readers):
        assert "AutoDeleteObjects" in json.dumps(other["Principal"])


def test_security_headers_on_every_behaviour(template: dict) -> None:
    config = distribution(template)
    behaviours = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
    policy_ids = {ref_id(b["ResponseHeadersPolicyId"]) for b in behaviours}
    assert len(policy_ids) == 1
    headers = props(template["Resources"][policy_ids.pop()])["ResponseHeadersPolicyConfig"]
    security = headers["SecurityHeadersConfig"]
    csp = json.dumps(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31_536_000
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ContentTypeOptions"]["Override"] is True
    removed = {h["Header"] for h in headers["RemoveHeadersConfig"]["Items"]}
    assert {"x-amz-apigw-id", "server"} <= removed


def test_distribution_keeps_no_standard_logs_and_prefers_modern_tls(template: dict) -> None:
    config = distribution(template)
    # Standard logs would keep /api/session/<id> and ?jobId=<id> (capabilities): off without context cloudfrontLogs.
    assert "Logging" not in config
    assert config["HttpVersion"] == "http2and3"
    # Without a custom domain CloudFront serves its default certificate (policy fixed by AWS; see cdk-nag CFR4).
    assert "ViewerCertificate" not in config


def test_site_is_deployed_as_immutable_assets_then_a_revalidated_shell(template: dict) -> None:
    deployments = [props(d) for d in resources(template, "Custom::CDKBucketDeployment").values()]
    (assets,) = [d for d in deployments if d.get("Include") == [HASHED_ASSETS]]
    (shell,) = [d for d in deployments if d.get("Exclude") == [HASHED_ASSETS]]
    assert assets["SystemMetadata"]["cache-control"] == "public, max-age=31536000, immutable"
    assert assets["Prune"] is False  # older index.html files still find their assets
    assert shell["SystemMetadata"]["cache-control"] == "no-cache"
    shell_resource = next(
        r
        for r in resources(template, "Custom::CDKBucketDeployment").values()
        if props(r).get("Exclude") == [HASHED_ASSETS]
    )
    assets_id = next(k for k, r in resources(template, "Custom::CDKBucketDeployment").items() if props(r) is assets)
    assert assets_id in shell_resource.get("DependsOn", [])


def test_missing_frontend_build_deploys_a_placeholder_with_a_warning(synth: SynthResult) -> None:
    missing = not (FRONTEND_DIST / "index.html").is_file()
    warned = any("frontend" in w and "placeholder" in w for w in synth.warnings)
    assert warned == missing
