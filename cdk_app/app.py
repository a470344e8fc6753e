"""Builds the CDK app: one stack per stage, cdk-nag AwsSolutions + Serverless packs as validation plugins."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The stack reads the route table and the storage schema from the Lambda code itself.
if str(ROOT / "lambdas") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambdas"))
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk  # noqa: E402
from cdk_nag import AwsSolutionsChecks, ServerlessChecks  # noqa: E402

from cdk_app.settings import read_settings  # noqa: E402
from cdk_app.stack import ResumeChatStack  # noqa: E402


def build_app(outdir: str | None = None, context: dict[str, object] | None = None) -> tuple[cdk.App, ResumeChatStack]:
    """The app with its stack. Account/region come from the environment the CLI sets; nothing calls AWS."""
    app = cdk.App(outdir=outdir, context=context)
    settings = read_settings(app.node)
    env = cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION"))
    stack = ResumeChatStack(
        app,
        f"ResumeChat-{settings.stage}",
        settings,
        env=env,
        description=f"Resume Chat ({settings.stage}): API, functions, storage, CloudFront site, monitoring",
    )
    cdk.Tags.of(stack).add("app", "resume-chat")
    cdk.Tags.of(stack).add("stage", settings.stage)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    return app, stack
