"""Small readers over a synthesized CloudFormation template (plain dicts)."""

from __future__ import annotations

import json
from typing import Any

from core.routes import FUNCTIONS, LambdaFunction


def resources(template: dict, type_: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def props(resource: dict) -> dict[str, Any]:
    return resource.get("Properties", {})


def ref_id(value: Any) -> str | None:
    """Logical id behind {"Ref": id} or {"Fn::GetAtt": [id, attr]}."""
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"]
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0]
    return None


def mentions(value: Any, logical_id: str) -> bool:
    return f'"{logical_id}"' in json.dumps(value)


def function_id(template: dict, fn: LambdaFunction) -> str:
    """The Lambda resource of one route-table function (the only one with its handler)."""
    found = [
        k for k, v in resources(template, "AWS::Lambda::Function").items() if props(v).get("Handler") == fn.handler
    ]
    assert len(found) == 1, f"{fn.name}: expected one function with handler {fn.handler}, found {found}"
    return found[0]


def role_statements(template: dict, fn: LambdaFunction) -> list[dict[str, Any]]:
    role = ref_id(props(template["Resources"][function_id(template, fn)])["Role"])
    statements = []
    for policy in resources(template, "AWS::IAM::Policy").values():
        if any(ref_id(r) == role for r in props(policy)["Roles"]):
            statements += props(policy)["PolicyDocument"]["Statement"]
    return statements


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def permissions(template: dict, name: str) -> list[tuple[str, str]]:
    """(action, resource as JSON) pairs a function's role is allowed."""
    pairs = []
    for statement in role_statements(template, FUNCTIONS[name]):
        assert statement["Effect"] == "Allow"
        for action in as_list(statement["Action"]):
            for resource in as_list(statement["Resource"]):
                pairs.append((action, json.dumps(resource)))
    return pairs


def join_to_text(value: Any) -> str:
    """Render Fn::Join with every token as TOKEN (for dashboard bodies, policies...)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        sep, parts = value["Fn::Join"]
        return sep.join(join_to_text(p) for p in parts)
    return "TOKEN"
