import shutil
from pathlib import Path

import pytest

from careflow import paths
from careflow.errors import RuleError
from careflow.rules import ACTIVE, ALLERGY_TRIGGERS, CRITICAL_MEDICINES, HAPPENING_NOW, load_dir, seed_items


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(paths.RULES_DIR, target)
    return target


def test_shipped_rules_load_and_have_a_content_version():
    rules = load_dir(paths.RULES_DIR)
    assert len(rules.version) == 12
    assert rules.sha256.startswith(rules.version)
    flags = {flag.id for flag in rules.red_flags.flags}
    assert flags >= {"chest-pain", "stroke-signs", "suicidal-ideation", "overdose-poisoning"}


def test_seed_items_point_the_active_version_at_the_loaded_rules():
    version_item, pointer = seed_items(paths.RULES_DIR)
    assert pointer == {"rule_set": "careflow", "version": ACTIVE, "points_to": version_item["version"],
                       "revision": "1", "history": "[]"}
    assert all(isinstance(value, str) for value in version_item.values())


def _edit(rules_copy: Path, name: str, old: str, new: str) -> int:
    """Replace text in a rule file; the 1-based line of the change."""
    path = rules_copy / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def test_unknown_signal_in_a_condition_is_rejected_with_file_line_rule_and_reason(rules_copy: Path):
    line = _edit(rules_copy, "escalation.yaml", 'when: urgency == "emergency"', 'when: urgncy == "emergency"')
    with pytest.raises(RuleError) as error:
        load_dir(rules_copy)
    message = str(error.value)
    expected = f"escalation.yaml:{line}: rules.0.when: Value error, rule clinical-red-flag: unknown signal(s) urgncy"
    assert expected in message


def test_condition_syntax_error_is_rejected_with_its_line(rules_copy: Path):
    line = _edit(rules_copy, "escalation.yaml", 'when: urgency == "emergency"', 'when: urgency == ')
    with pytest.raises(RuleError, match=rf"escalation.yaml:{line}: rules.0.when: .*CEL syntax error"):
        load_dir(rules_copy)


def test_condition_type_error_is_rejected_with_its_line(rules_copy: Path):
    line = _edit(rules_copy, "escalation.yaml", "when: urgency == \"urgent\" && queued", "when: urgency > 3 && queued")
    index = [rule.id for rule in load_dir(paths.RULES_DIR).escalation.rules].index("urgent-without-capacity")
    with pytest.raises(RuleError, match=rf"escalation.yaml:{line}: rules.{index}.when: .*CEL type error"):
        load_dir(rules_copy)


def test_condition_that_is_not_a_bool_is_rejected(rules_copy: Path):
    _edit(rules_copy, "escalation.yaml", "when: urgency == \"urgent\" && queued", "when: latest_sentiment * 2.0")
    with pytest.raises(RuleError, match="not a bool"):
        load_dir(rules_copy)


def test_wrong_type_is_rejected_with_its_line(rules_copy: Path):
    text = (rules_copy / "triage.yaml").read_text().replace("model_threshold: 0.40", "model_threshold: high")
    (rules_copy / "triage.yaml").write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("model_threshold"))
    with pytest.raises(RuleError, match=rf"triage.yaml:{line}: model_threshold: Input should be a valid number"):
        load_dir(rules_copy)


def test_yaml_syntax_error_names_the_line(rules_copy: Path):
    (rules_copy / "routing.yaml").write_text("routes:\n  appointment: {scope: admin\nstrategy: x\n")
    with pytest.raises(RuleError, match=r"routing.yaml:line 3: YAML syntax error"):
        load_dir(rules_copy)


def test_red_flag_pattern_that_does_not_compile_is_rejected(rules_copy: Path):
    first = r"'(?<!going to have a )(?<!gonna have a )\bheart attack\b(?! (patient|survivor)s?\b)'"
    text = (rules_copy / "red_flags.yaml").read_text().replace(first, r"'(heart attack'")
    (rules_copy / "red_flags.yaml").write_text(text)
    with pytest.raises(RuleError, match=r"red_flags.yaml:\d+: flags.0: Value error, pattern '\(heart attack' does not"):
        load_dir(rules_copy)


def test_an_urgent_sign_pattern_that_does_not_compile_is_rejected_with_its_line(rules_copy: Path):
    path = rules_copy / "urgent_signs.yaml"
    path.write_text(path.read_text().replace(r"'\bred (streaks?", r"'(red (streaks?"))
    with pytest.raises(RuleError, match=r"urgent_signs.yaml:\d+: signs.1: Value error, pattern '\(red \(streaks"):
        load_dir(rules_copy)


def test_the_happening_now_guard_is_written_into_every_ignore_pattern_that_names_it():
    red_flags = load_dir(paths.RULES_DIR).red_flags
    guarded = [p for p in red_flags.ignore_sentences_matching if HAPPENING_NOW in p]
    assert len(guarded) == 5
    assert not any(HAPPENING_NOW in p for p in red_flags.ignores)
    assert sum(red_flags.happening_now in p for p in red_flags.ignores) == 5


def test_an_ignore_pattern_naming_the_happening_now_guard_needs_the_guard(rules_copy: Path):
    path = rules_copy / "red_flags.yaml"
    path.write_text("\n".join(row for row in path.read_text().splitlines() if not row.startswith("happening_now:")))
    with pytest.raises(RuleError, match=r"uses \{happening_now\} but `happening_now` is not set"):
        load_dir(rules_copy)


def test_the_critical_medicine_list_is_written_into_every_urgent_sign_that_names_it():
    urgent_signs = load_dir(paths.RULES_DIR).urgent_signs
    running_out = next(s for s in urgent_signs.signs_to_match if s.id == "critical-medication-running-out")
    assert all(CRITICAL_MEDICINES in p for p in next(s for s in urgent_signs.signs if s.id == running_out.id).patterns)
    assert all(urgent_signs.critical_medicines in p and CRITICAL_MEDICINES not in p for p in running_out.patterns)


def test_a_sign_naming_the_critical_medicine_list_needs_the_list(rules_copy: Path):
    path = rules_copy / "urgent_signs.yaml"
    rows = path.read_text().splitlines()
    path.write_text("\n".join(row for row in rows if not row.startswith("critical_medicines:")))
    with pytest.raises(RuleError, match=r"uses \{critical_medicines\} but `critical_medicines` is not set"):
        load_dir(rules_copy)


def test_the_allergy_trigger_list_is_written_into_every_anaphylaxis_pattern_that_names_it():
    red_flags = load_dir(paths.RULES_DIR).red_flags
    written = next(f for f in red_flags.flags if f.id == "anaphylaxis").patterns
    matched = next(f for f in red_flags.flags_to_match if f.id == "anaphylaxis").patterns
    assert sum(ALLERGY_TRIGGERS in p for p in written) == 3
    assert sum(red_flags.allergy_triggers in p for p in matched) == 3
    assert not any(ALLERGY_TRIGGERS in p for flag in red_flags.flags_to_match for p in flag.patterns)


def test_a_red_flag_naming_the_allergy_trigger_list_needs_the_list(rules_copy: Path):
    path = rules_copy / "red_flags.yaml"
    path.write_text("\n".join(row for row in path.read_text().splitlines() if not row.startswith("allergy_triggers:")))
    with pytest.raises(RuleError, match=r"uses \{allergy_triggers\} but `allergy_triggers` is not set"):
        load_dir(rules_copy)


def test_routing_without_a_route_for_every_intent_is_rejected(rules_copy: Path):
    text = (rules_copy / "routing.yaml").read_text()
    text = "\n".join(row for row in text.splitlines() if not row.strip().startswith("other:"))
    (rules_copy / "routing.yaml").write_text(text)
    with pytest.raises(RuleError, match="no route for intents: other"):
        load_dir(rules_copy)


def test_relaxing_the_same_constraint_twice_or_out_of_order_is_rejected(rules_copy: Path):
    path = rules_copy / "routing.yaml"
    path.write_text(
        path.read_text().replace("{after_minutes: 240, relax: skill_level}", "{after_minutes: 60, relax: region}"))
    with pytest.raises(RuleError, match="routing.yaml:.*relaxations must come one at a time"):
        load_dir(rules_copy)


def test_a_licence_cannot_be_relaxed(rules_copy: Path):
    path = rules_copy / "routing.yaml"
    path.write_text(path.read_text().replace("relax: skill_level", "relax: licence"))
    expected = r"routing.yaml:\d+: relaxations.1.relax: Input should be 'region' or 'skill_level'"
    with pytest.raises(RuleError, match=expected):
        load_dir(rules_copy)
