import json
from typing import Any

from careflow.paths import ASL_FILE
from careflow.workflow import STEPS, render_definition, substitution_name

from .conftest import Synth, as_list, get_att_arn


def _marker(logical_id: str) -> str:
    """A stand-in for the ARN CloudFormation will put there: `<Token[<logical id>.Arn]>`."""
    return f"<Token[{logical_id}.Arn]>"


def _token(value: Any) -> str:
    if isinstance(value, str):
        return value
    (logical_id, attribute) = value["Fn::GetAtt"]
    assert attribute == "Arn", value
    return _marker(logical_id)


def _deployed_definition(synth: Synth, properties: dict[str, Any]) -> dict:
    """The definition exactly as Step Functions will receive it, with intrinsic functions shown as markers."""
    if "DefinitionS3Location" in properties:  # DefinitionBody.from_file ships the file as an asset
        key = properties["DefinitionS3Location"]["Key"]
        manifest = json.loads((synth.outdir / f"{synth.stack.artifact_id}.assets.json").read_text())
        (source,) = [f["source"]["path"] for h, f in manifest["files"].items() if key.startswith(h)]
        text = (synth.outdir / source).read_text()
    else:
        body = properties["DefinitionString"]
        if isinstance(body, dict):
            delimiter, parts = body["Fn::Join"]
            body = delimiter.join(_token(part) for part in parts)
        text = body
    for name, value in properties.get("DefinitionSubstitutions", {}).items():
        text = text.replace("${" + name + "}", _token(value))
    return json.loads(text)


def test_deployed_definition_is_the_asl_file_with_each_step_function_substituted(synth: Synth):
    # Given the synthesized state machine and the functions built for each step
    (properties,) = [r["Properties"] for r in synth.of_type("AWS::StepFunctions::StateMachine").values()]
    functions = synth.stack.functions.by_step

    # When its definition is resolved the way Step Functions resolves it
    deployed = _deployed_definition(synth, properties)

    # Then it is the repository's ASL file rendered with each step's own function ARN
    expected = render_definition(
        ASL_FILE, {substitution_name(step): _marker(synth.logical_id(functions[step])) for step in STEPS}
    )
    assert deployed == expected


def test_state_machine_role_may_invoke_exactly_the_step_functions(synth: Synth):
    # Given the state machine's role and the policies attached to it
    workflow = synth.stack.workflow
    role_id = synth.logical_id(workflow.role)
    state_machine = synth.resource(workflow.state_machine)
    assert state_machine["Properties"]["RoleArn"] == get_att_arn(role_id)
    attached = [
        lid
        for lid, r in synth.resources.items()
        if r["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy")
        and {"Ref": role_id} in r["Properties"].get("Roles", [])
    ]
    assert attached == [synth.logical_id(workflow.policy)]

    # When we collect what it may invoke
    invokable = [
        resource
        for lid, statement in synth.policy_statements()
        if lid == attached[0] and any(a.startswith("lambda:") for a in as_list(statement["Action"]))
        for resource in as_list(statement["Resource"])
    ]

    # Then it is the seven step functions and nothing else
    expected = [get_att_arn(synth.logical_id(synth.stack.functions.by_step[step])) for step in STEPS]
    assert sorted(map(json.dumps, invokable)) == sorted(map(json.dumps, expected))


def test_state_machine_logs_every_event_to_an_encrypted_group_and_traces(synth: Synth):
    workflow = synth.stack.workflow
    properties = synth.resource(workflow.state_machine)["Properties"]

    assert properties["LoggingConfiguration"]["Level"] == "ALL"
    assert properties["LoggingConfiguration"]["Destinations"] == [
        {"CloudWatchLogsLogGroup": {"LogGroupArn": get_att_arn(synth.logical_id(workflow.log_group))}}
    ]
    assert properties["TracingConfiguration"] == {"Enabled": True}
    log_group = synth.resource(workflow.log_group)["Properties"]
    assert log_group["KmsKeyId"] == get_att_arn(synth.logical_id(synth.stack.data.key))
    assert log_group["RetentionInDays"] > 0
