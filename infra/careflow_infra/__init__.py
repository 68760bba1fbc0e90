"""careflow's CDK constructs. `build(app)` is what `infra/app.py` and the infra tests both synthesize."""

from __future__ import annotations

from aws_cdk import App, Validations
from cdk_nag import HIPAASecurityChecks

from careflow_infra.functions import TriageModel
from careflow_infra.stack import CareflowStack

STACK_NAME = "Careflow"


def build(app: App) -> CareflowStack:
    """Add the HIPAA checks and the one careflow stack to `app`. No account or region is hard-coded."""
    Validations.of(app).add_plugins(HIPAASecurityChecks(app, verbose=True))
    recipients = app.node.try_get_context("careflow:recipients") or []
    if isinstance(recipients, str):
        recipients = [r.strip() for r in recipients.split(",") if r.strip()]
    default = TriageModel()
    triage_model = TriageModel(
        provider=app.node.try_get_context("careflow:triageProvider") or default.provider,
        model_id=app.node.try_get_context("careflow:triageModelId") or default.model_id,
    )
    return CareflowStack(
        app,
        STACK_NAME,
        description="careflow: audited, rule-driven orchestration of healthcare enquiries",
        recipients=recipients,
        triage_model=triage_model,
    )
