"""cdk-nag acknowledgements: every one names the rule (and finding), the reason, and the construct it is scoped to.

cdk-nag 3 runs as a CDK policy-validation plugin: an unacknowledged finding fails synthesis, and each wildcard
finding (`Rule[Resource::...]`) is acknowledged on its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from aws_cdk import Acknowledgment, CfnElement, Stack, Validations
from constructs import IConstruct


def acknowledge(resource: IConstruct, rule: str, reason: str, findings: Iterable[str] = ()) -> None:
    ids = [f"{rule}[{finding}]" for finding in findings] or [rule]
    Validations.of(resource).acknowledge(*(Acknowledgment(id=i, reason=reason) for i in ids))


def logical_id(construct: IConstruct) -> str:
    """The CloudFormation logical id of a construct's resource, as cdk-nag spells it in finding ids."""
    element = construct.node.default_child if not isinstance(construct, CfnElement) else construct
    stack = Stack.of(construct)
    return str(stack.resolve(stack.get_logical_id(element)))  # type: ignore[arg-type]
