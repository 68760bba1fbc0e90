import json

import pytest

from careflow.settings import Settings
from careflow.tables import AUDIT, INBOUND_PREFIX, MAIL_BUCKET_ENV, PARSED_PREFIX, QUARANTINE_PREFIX, TABLES
from careflow.workflow import STEPS
from careflow_infra.data import AUDIT_FORBIDDEN_ACTIONS

from .conftest import Synth, as_list, get_att_arn


def _attached_policies(synth: Synth, role_id: str) -> list[str]:
    return [
        lid
        for lid, r in synth.resources.items()
        if r["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy")
        and {"Ref": role_id} in r["Properties"].get("Roles", [])
    ]


def _statements_of(synth: Synth, step: str) -> list[dict]:
    policy_id = synth.logical_id(synth.stack.functions.policies[step])
    return [statement for lid, statement in synth.policy_statements() if lid == policy_id]


def _references(value: object, logical_id: str) -> bool:
    return f'"{logical_id}"' in json.dumps(value)


@pytest.mark.parametrize("step", STEPS)
def test_each_step_is_an_arm64_python_function_with_the_shared_layer_and_tracing(synth: Synth, step: str):
    stack = synth.stack
    properties = synth.resource(stack.functions.by_step[step])["Properties"]

    assert properties["Runtime"] == "python3.12"
    assert properties["Architectures"] == ["arm64"]
    assert properties["Handler"] == "handler.handler"
    assert properties["Layers"] == [{"Ref": synth.logical_id(stack.layer.layer)}]
    assert properties["TracingConfig"] == {"Mode": "Active"}
    log_group = synth.resources[properties["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"]
    assert log_group["RetentionInDays"] > 0
    assert log_group["KmsKeyId"] == get_att_arn(synth.logical_id(stack.data.key))


def test_every_function_has_its_own_role_with_one_explicit_policy(synth: Synth):
    # Given the role of every step function
    functions = synth.stack.functions
    role_ids = {step: synth.logical_id(functions.roles[step]) for step in STEPS}

    # Then no two steps share a role, the function runs as that role,
    # and the role's only permissions are the step's managed policy (no inline or AWS-managed policies)
    assert len(set(role_ids.values())) == len(STEPS)
    for step, role_id in role_ids.items():
        function = synth.resource(functions.by_step[step])["Properties"]
        assert function["Role"] == get_att_arn(role_id)
        role = synth.resources[role_id]["Properties"]
        assert "Policies" not in role and "ManagedPolicyArns" not in role, step
        assert _attached_policies(synth, role_id) == [synth.logical_id(functions.policies[step])], step


def test_every_function_gets_the_environment_its_settings_require(synth: Synth):
    stack = synth.stack
    required = {name.upper() for name, field in Settings.model_fields.items() if field.is_required()}
    for step in STEPS:
        environment = synth.resource(stack.functions.by_step[step])["Properties"]["Environment"]["Variables"]
        assert required <= set(environment), step
        assert environment[MAIL_BUCKET_ENV] == {"Ref": synth.logical_id(stack.data.mail_bucket)}
        for spec in TABLES:
            assert environment[spec.env_var] == {"Ref": synth.logical_id(stack.data.tables[spec.key])}
        assert environment["POWERTOOLS_TRACER_CAPTURE_ERROR"] == "false"
        assert environment["SALESFORCE_MODE"] == "api"
        assert environment["SALESFORCE_SECRET_ARN"] == {
            "Ref": synth.logical_id(stack.integrations.salesforce_secret)
        }
        assert environment["POWERTOOLS_SERVICE_NAME"] == "careflow"
        assert environment["POWERTOOLS_METRICS_NAMESPACE"] == "careflow"
        Settings.model_validate(
            {k.lower(): "x" for k in environment} | {"salesforce_mode": "api", "triage_provider": "bedrock"}
        )


def test_only_triage_may_consult_a_model_and_only_the_configured_one(synth: Synth):
    stack = synth.stack
    for step in STEPS:
        environment = synth.resource(stack.functions.by_step[step])["Properties"]["Environment"]["Variables"]
        policy = synth.logical_id(stack.functions.policies[step])
        statements = [s for lid, s in synth.policy_statements() if lid == policy]
        actions = {a for s in statements for a in as_list(s["Action"])}
        if step != "triage":
            assert "TRIAGE_PROVIDER" not in environment, step
            assert "bedrock:InvokeModel" not in actions, step
            continue
        assert environment["TRIAGE_PROVIDER"] == "bedrock"
        assert environment["TRIAGE_MODEL_ID"] == stack.functions._triage_model.model_id
        invoke = next(s for s in statements if s.get("Sid") == "ConsultTriageModel")
        assert invoke["Action"] == "bedrock:InvokeModel"
        assert all("*" not in str(r).split("foundation-model/")[-1] for r in as_list(invoke["Resource"]))
        assert "secretsmanager:GetSecretValue" not in {a for s in statements if s.get("Sid") == "ReadModelApiKey"
                                                       for a in as_list(s["Action"])}


def test_audit_table_is_append_only_for_every_function(synth: Synth):
    # Given every identity-policy statement in the stack that names the audit table
    audit_id = synth.logical_id(synth.stack.data.tables[AUDIT.key])
    audit_statements = [
        (lid, s) for lid, s in synth.policy_statements() if _references(s["Resource"], audit_id)
    ]
    assert audit_statements, "no function may write the audit trail"

    for lid, statement in audit_statements:
        # Then each grants at most a put (conditional on the next seq) and a query, never a rewrite
        actions = set(as_list(statement["Action"]))
        assert actions <= {"dynamodb:PutItem", "dynamodb:Query"}, (lid, actions)
        assert not actions & set(AUDIT_FORBIDDEN_ACTIONS)
    # And every step function appends to it
    writers = {lid for lid, s in audit_statements if "dynamodb:PutItem" in as_list(s["Action"])}
    policies = synth.stack.functions.policies
    assert writers == {synth.logical_id(policy) for name, policy in policies.items() if name != "start"}


def test_no_policy_grants_wildcard_actions_or_dynamodb_on_every_resource(synth: Synth):
    for lid, statement in synth.policy_statements():
        actions = as_list(statement["Action"])
        assert not any(a == "*" or a.endswith(":*") for a in actions), (lid, actions)
        if "*" in as_list(statement["Resource"]):
            assert not any(a.split(":")[0] in ("dynamodb", "s3", "kms", "secretsmanager") for a in actions), (
                lid
            )


def test_intake_reads_raw_mail_and_writes_only_parsed_and_quarantined_mail(synth: Synth):
    bucket_arn = get_att_arn(synth.logical_id(synth.stack.data.mail_bucket))

    def objects(prefix: str) -> dict:
        return {"Fn::Join": ["", [bucket_arn, f"/{prefix}*"]]}

    s3 = {
        action: resources
        for statement in _statements_of(synth, "intake")
        for action in as_list(statement["Action"])
        if action.startswith("s3:")
        for resources in [as_list(statement["Resource"])]
    }
    assert s3 == {
        "s3:GetObject": [objects(INBOUND_PREFIX)],
        "s3:PutObject": [objects(PARSED_PREFIX), objects(QUARANTINE_PREFIX)],
    }


@pytest.mark.parametrize("step", [s for s in STEPS if s != "intake"])
def test_no_other_step_can_read_raw_inbound_mail(synth: Synth, step: str):
    for statement in _statements_of(synth, step):
        assert f"/{INBOUND_PREFIX}" not in json.dumps(statement["Resource"]), step


def test_only_the_salesforce_step_reads_the_salesforce_credentials(synth: Synth):
    secret_id = synth.logical_id(synth.stack.integrations.salesforce_secret)
    readers = {
        step
        for step in STEPS
        for statement in _statements_of(synth, step)
        if "secretsmanager:GetSecretValue" in as_list(statement["Action"])
        and statement["Resource"] == {"Ref": secret_id}
    }
    assert readers == {"salesforce"}


def test_sla_timers_invoke_only_the_checkpoint_function_and_only_escalation_may_arm_them(synth: Synth):
    functions = synth.stack.functions
    checkpoint = synth.resource(functions.checkpoint)["Properties"]
    trust = synth.resource(functions.scheduler_role)["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert [s["Principal"]["Service"] for s in trust] == ["scheduler.amazonaws.com"]
    role_id = synth.logical_id(functions.scheduler_role)
    invokes = [s for lid, s in synth.policy_statements()
               if {"Ref": role_id} in synth.resources[lid]["Properties"].get("Roles", [])]
    assert [s["Action"] for s in invokes] == ["lambda:InvokeFunction"]
    assert "DeadLetterConfig" in checkpoint
    for name, policy in functions.policies.items():
        statements = [s for lid, s in synth.policy_statements() if lid == synth.logical_id(policy)]
        arms = [s for s in statements if s.get("Sid") == "ArmSlaTimers"]
        assert bool(arms) == (name in {"escalation", "checkpoint"}), name
        for statement in arms:
            assert statement["Action"] == "scheduler:CreateSchedule"
        passes = [s for s in statements if s.get("Sid") == "PassSchedulerRole"]
        for statement in passes:
            assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}
