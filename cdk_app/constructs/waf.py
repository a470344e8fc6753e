"""Optional WAF (context waf=true): AWS managed rules and a per-client rate rule on the API stage.

A CLOUDFRONT-scope web ACL must live in us-east-1, so this regional ACL protects the API stage, which is where
the compute and the data are; the static site is served from CloudFront's cache.
"""

from __future__ import annotations

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_wafv2 as waf
from constructs import Construct

# Requests per client IP per 5 minutes. Autosave sends about one request per few seconds while typing.
RATE_LIMIT_PER_5_MIN = 1500
# The common rule set blocks bodies over 8 KB; resume autosaves are up to 256 KiB, so that rule only counts.
BODY_SIZE_RULE = "SizeRestrictions_BODY"


def _visibility(name: str) -> waf.CfnWebACL.VisibilityConfigProperty:
    return waf.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _managed(name: str, priority: int, count_only: tuple[str, ...] = ()) -> waf.CfnWebACL.RuleProperty:
    return waf.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=waf.CfnWebACL.OverrideActionProperty(none={}),
        statement=waf.CfnWebACL.StatementProperty(
            managed_rule_group_statement=waf.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    waf.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=waf.CfnWebACL.RuleActionProperty(count={})
                    )
                    for rule in count_only
                ]
                or None,
            )
        ),
        visibility_config=_visibility(name),
    )


class ApiFirewall(Construct):
    def __init__(self, scope: Construct, construct_id: str, stage: apigw.Stage) -> None:
        super().__init__(scope, construct_id)
        rate_rule = waf.CfnWebACL.RuleProperty(
            name="RatePerClient",
            priority=0,
            action=waf.CfnWebACL.RuleActionProperty(block={}),
            statement=waf.CfnWebACL.StatementProperty(
                rate_based_statement=waf.CfnWebACL.RateBasedStatementProperty(
                    limit=RATE_LIMIT_PER_5_MIN,
                    # The address the request came from, never a forwarding header: its first entry is whatever
                    # the client wrote there, so keying on it let one client count as many.
                    aggregate_key_type="IP",
                )
            ),
            visibility_config=_visibility("RatePerClient"),
        )
        self.web_acl = waf.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=waf.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility("ResumeChatApi"),
            rules=[
                rate_rule,
                _managed("AWSManagedRulesCommonRuleSet", 1, count_only=(BODY_SIZE_RULE,)),
                _managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
            ],
        )
        waf.CfnWebACLAssociation(
            self, "StageAssociation", resource_arn=stage.stage_arn, web_acl_arn=self.web_acl.attr_arn
        )
