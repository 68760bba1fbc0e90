"""The state machine's contract: which functions it calls and how its ASL file is rendered."""

from __future__ import annotations

import json
from pathlib import Path

# Each step is a Lambda function `functions/<step>/handler.py` and an ASL substitution `<Step>FunctionArn`.
STEPS = ("intake", "triage", "eligibility", "routing", "escalation", "salesforce", "park")


def substitution_name(step: str) -> str:
    return f"{step.capitalize()}FunctionArn"


def render_definition(asl_path: Path, substitutions: dict[str, str]) -> dict:
    """Apply `${Name}` substitutions the way Step Functions' DefinitionSubstitutions does."""
    text = asl_path.read_text()
    for name, value in substitutions.items():
        text = text.replace("${" + name + "}", value)
    if "${" in text:
        raise ValueError(f"unresolved substitution in {asl_path.name}")
    return json.loads(text)
