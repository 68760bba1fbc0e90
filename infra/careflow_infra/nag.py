"""cdk-nag 3 acknowledgements: one finding on one construct, always with its reason."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

PLUGIN = "HIPAA.Security"  # the name HIPAASecurityChecks reports under in the validation report


def acknowledge(construct: IConstruct, finding: str, reason: str) -> None:
    """Accept `finding` (a rule id such as "HIPAA.Security-LambdaDLQ") on `construct` and its children.

    Recorded as construct metadata (`aws:cdk:acknowledged-rules`), so the reason travels with the finding.
    """
    if not reason.strip():
        raise ValueError(f"acknowledging {finding} needs a reason")
    Validations.of(construct).acknowledge(Acknowledgment(id=f"{PLUGIN}::{finding}", reason=reason))
