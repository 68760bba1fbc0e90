import json
from typing import Any

from careflow.paths import RULES_DIR
from careflow.rules import seed_items

from .conftest import Synth

VOLATILE = {"created_at"}  # stamped when the items are built, so it differs between two calls


def _sdk_call(synth: Synth, value: Any) -> dict:
    """Resolve the Fn::Join CDK builds around the table reference; the reference becomes `<table>`."""
    table_id = synth.logical_id(synth.stack.data.tables["rules"])
    delimiter, parts = value["Fn::Join"]
    text = delimiter.join("<table>" if part == {"Ref": table_id} else part for part in parts)
    return json.loads(text)


def _seed_calls(synth: Synth) -> list[tuple[str, dict]]:
    return [
        (synth.logical_id(resource), _sdk_call(synth, synth.resource(resource)["Properties"]["Create"]))
        for resource in synth.stack.rules.resources
    ]


def test_rules_table_is_seeded_with_every_item_from_the_rule_files(synth: Synth):
    # Given the items the rule files produce
    expected = [{k: v for k, v in item.items() if k not in VOLATILE} for item in seed_items(RULES_DIR)]

    # When we read what the deployment will put
    calls = _seed_calls(synth)
    written = [
        {k: v["S"] for k, v in call["parameters"]["Item"].items() if k not in VOLATILE} for _, call in calls
    ]

    # Then every item is put into the rules table, as strings, and nothing else
    assert sorted(written, key=json.dumps) == sorted(expected, key=json.dumps)
    for _, call in calls:
        assert (call["service"], call["action"]) == ("DynamoDB", "putItem")
        assert call["parameters"]["TableName"] == "<table>"


def test_a_rule_version_is_written_once_and_the_active_pointer_after_it(synth: Synth):
    calls = _seed_calls(synth)
    versions = [(lid, c) for lid, c in calls if c["parameters"]["Item"]["version"]["S"] != "active"]
    (pointer_id, pointer) = next(
        (lid, c) for lid, c in calls if c["parameters"]["Item"]["version"]["S"] == "active"
    )

    for _, call in versions:
        assert call["parameters"]["ConditionExpression"] == "attribute_not_exists(version)"
        assert call["ignoreErrorCodesMatching"] == "ConditionalCheckFailedException"
    assert "ConditionExpression" not in pointer["parameters"]
    assert {lid for lid, _ in versions} <= set(synth.resources[pointer_id]["DependsOn"])


def test_the_seeding_role_may_only_put_rule_items(synth: Synth):
    table_arn = {"Fn::GetAtt": [synth.logical_id(synth.stack.data.tables["rules"]), "Arn"]}
    provider = next(
        r
        for r in synth.of_type("AWS::Lambda::Function").values()
        if r["Properties"]["Handler"] == "index.handler"
    )
    role_id = provider["Properties"]["Role"]["Fn::GetAtt"][0]
    dynamodb = [
        (statement["Action"], statement["Resource"])
        for r in synth.resources.values()
        if r["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy")
        and {"Ref": role_id} in r["Properties"].get("Roles", [])
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
        if "dynamodb" in json.dumps(statement["Action"])
    ]
    assert dynamodb == [("dynamodb:PutItem", table_arn)]
