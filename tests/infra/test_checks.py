"""The whole-template gates: cdk-nag (AwsSolutions + Serverless) and cfn-lint."""

from __future__ import annotations

import pytest

from cdk_app.synth import SynthResult, cfn_lint_errors

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


@pytest.mark.parametrize("fixture", ["synth", "open_synth"])  # accounts on (default), and auth=none
def test_no_unacknowledged_nag_findings(fixture: str, request: pytest.FixtureRequest) -> None:
    result: SynthResult = request.getfixturevalue(fixture)
    assert result.violations == [], "\n".join(map(str, result.violations))


def test_every_acknowledgement_has_a_reason_and_is_scoped_to_a_resource(synth: SynthResult) -> None:
    assert synth.acknowledged, "expected the acknowledged findings to be listed"
    stack_root = f"/{synth.stack_name}"
    for ack in synth.acknowledged:
        assert len(ack.reason.split()) >= 6, f"{ack.rule} on {ack.path}: reason too thin: {ack.reason!r}"
        assert ack.path.startswith(stack_root + "/"), f"{ack.rule} is acknowledged stack-wide ({ack.path})"


def test_wildcard_acknowledgements_name_the_exact_finding(synth: SynthResult) -> None:
    iam5 = [a for a in synth.acknowledged if a.rule.startswith("AwsSolutions-IAM5")]
    assert iam5
    assert all("[" in a.rule for a in iam5), "IAM5 must be acknowledged per finding, not as a whole rule"


def test_cfn_lint_reports_no_errors(synth: SynthResult) -> None:
    assert cfn_lint_errors(synth.template_path) == []


def test_template_stays_well_under_the_cloudformation_limit(synth: SynthResult) -> None:
    # 1 MB is CloudFormation's hard limit for a template uploaded to S3.
    assert synth.template_path.stat().st_size < 500_000
