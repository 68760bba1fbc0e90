"""One synthesized careflow app per test session, with the same context as `cdk synth` but no bundling."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, CfnElement, Stack
from constructs import IConstruct

from careflow.paths import ROOT
from careflow_infra import build
from careflow_infra.stack import CareflowStack


@dataclass(frozen=True)
class Synth:
    stack: CareflowStack
    outdir: Path
    template: dict[str, Any]
    validation_report: dict[str, Any]
    synth_error: Exception | None  # cdk-nag findings fail synthesis after the template is written

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {lid: r for lid, r in self.resources.items() if r["Type"] == resource_type}

    def logical_id(self, construct: IConstruct) -> str:
        """The logical id of a construct's main CloudFormation resource (following default children)."""
        resource = construct
        while not isinstance(resource, CfnElement):
            resource = resource.node.default_child
        stack = Stack.of(construct)
        return stack.resolve(stack.get_logical_id(resource))

    def resource(self, construct: IConstruct) -> dict[str, Any]:
        return self.resources[self.logical_id(construct)]

    def policy_statements(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every identity-policy statement in the template (managed and inline), with its policy's id."""
        for lid, resource in self.resources.items():
            documents = []
            if resource["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"):
                documents.append(resource["Properties"]["PolicyDocument"])
            if resource["Type"] == "AWS::IAM::Role":
                documents += [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
            for document in documents:
                for statement in document["Statement"]:
                    yield lid, statement


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def get_att_arn(logical_id: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    outdir = tmp_path_factory.mktemp("cdk.out")
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    # Tests never run pip: the layer and function assets are staged from their source directories.
    app = App(context={**context, "aws:cdk:bundling-stacks": []}, outdir=str(outdir))
    stack = build(app)
    synth_error = None
    try:
        app.synth()
    except Exception as error:  # noqa: BLE001 - reported by the compliance test, not here
        synth_error = error
    template = json.loads((outdir / stack.template_file).read_text())
    report_file = outdir / "validation-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {"pluginReports": []}
    return Synth(
        stack=stack, outdir=outdir, template=template, validation_report=report, synth_error=synth_error
    )
