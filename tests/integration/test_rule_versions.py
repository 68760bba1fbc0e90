"""Rule-set versions in DynamoDB: push, rollback, optimistic concurrency, and hand edits that are never used."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from careflow import audit, paths, rulestore, store
from careflow.cli import main
from careflow.errors import ConcurrentUpdate
from careflow.rules import RULE_SET, load_dir
from careflow.settings import settings


@pytest.fixture
def proposed(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(paths.RULES_DIR, target)
    path = target / "routing.yaml"
    path.write_text(path.read_text().replace("strategy: least_active", "strategy: most_available"))
    return target


def rules_table():
    return store.table(settings().rules_table)


def test_push_makes_a_new_active_version_and_rollback_restores_the_previous_one(engine, proposed):
    before = rulestore.pointer()
    rule_set = load_dir(proposed)
    moved = rulestore.push(rule_set, expected_revision=before["revision"], author="ops")
    assert (moved["from"], moved["to"]) == (before["points_to"], rule_set.version)
    assert rulestore.active_rules().routing.strategy == "most_available"

    back = rulestore.rollback(None, expected_revision=moved["revision"], author="ops")
    assert back["to"] == before["points_to"]
    assert rulestore.active_rules().version == before["points_to"]
    actions = [e.action for e in audit.trail(rulestore.AUDIT_KEY)]
    assert actions[-2:] == ["pushed", "rolled_back"]


def test_a_push_against_a_pointer_someone_else_moved_is_refused(engine, proposed):
    stale = rulestore.pointer()["revision"]
    rulestore.push(load_dir(proposed), expected_revision=stale, author="first")
    with pytest.raises(ConcurrentUpdate):
        rulestore.push(load_dir(paths.RULES_DIR), expected_revision=stale, author="second")
    rulestore.rollback(None, expected_revision=None, author="cleanup")


def push_then_edit_by_hand(proposed: Path, edit) -> str:
    """Push `proposed`, then change its stored document in place as someone with console access might."""
    pushed = load_dir(proposed)
    rulestore.push(pushed, expected_revision=None, author="ops")
    item = rules_table().get_item(Key={"rule_set": RULE_SET, "version": pushed.version})["Item"]
    document = json.loads(item["document"])
    edit(document)
    rules_table().put_item(Item=item | {"document": json.dumps(document)})
    return pushed.version


def test_an_invalid_edit_in_dynamodb_is_never_used_and_is_audited(engine, proposed):
    good = rulestore.active_rules()
    edited = push_then_edit_by_hand(  # a syntax error
        proposed, lambda document: document["escalation"]["rules"][0].update(when='urgency == "emergency" &&'))

    active = rulestore.active_rules()

    assert active.version == good.version  # the last valid version stays in force
    rejected = [e for e in audit.trail(rulestore.AUDIT_KEY) if e.action == "rejected"]
    assert rejected[-1].detail["version"] == edited
    assert "fails validation" in rejected[-1].detail["reason"]
    rulestore.rollback(good.version, expected_revision=None, author="cleanup")


def test_a_hand_edit_that_is_valid_but_changes_the_content_is_refused_by_its_hash(engine, proposed):
    good = rulestore.active_rules()
    push_then_edit_by_hand(proposed, lambda document: document["routing"].update(strategy="least_active"))

    assert rulestore.active_rules().version == good.version
    reasons = [e.detail["reason"] for e in audit.trail(rulestore.AUDIT_KEY) if e.action == "rejected"]
    assert any("changed after it was pushed" in reason for reason in reasons)
    rulestore.rollback(good.version, expected_revision=None, author="cleanup")


def test_rules_cli_validates_simulates_and_pushes_after_confirmation(engine, proposed):
    runner = CliRunner()
    invalid = proposed.parent / "invalid"
    shutil.copytree(proposed, invalid)
    escalation = invalid / "escalation.yaml"
    escalation.write_text(escalation.read_text().replace("level: 3", "level: high", 1))
    rejected = runner.invoke(main, ["rules", "validate", str(invalid)])
    assert rejected.exit_code == 1 and "escalation.yaml:" in rejected.stderr and "level" in rejected.stderr

    diff = runner.invoke(main, ["rules", "diff", str(proposed)])
    assert diff.exit_code == 0
    assert "-strategy: least_active" in diff.stdout and "+strategy: most_available" in diff.stdout

    declined = runner.invoke(main, ["rules", "push", str(proposed)], input="n\n")
    assert declined.exit_code == 1
    assert "what-if:" in declined.stdout and "strategy: most_available" in declined.stdout
    assert rulestore.active_rules().routing.strategy == "least_active"

    pushed = runner.invoke(main, ["rules", "push", str(proposed), "--yes"])
    assert pushed.exit_code == 0, pushed.output
    assert rulestore.active_rules().routing.strategy == "most_available"
    history = runner.invoke(main, ["rules", "history"])
    assert load_dir(proposed).version in history.stdout
    assert runner.invoke(main, ["rules", "rollback", "--yes"]).exit_code == 0
    assert rulestore.active_rules().routing.strategy == "least_active"
