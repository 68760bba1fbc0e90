import subprocess
import sys

from aws_cdk import App, Stack

from careflow_infra.nag import PLUGIN

from .conftest import Synth

MIN_REASON = 40  # characters: a reason says why, not just "ok" or "n/a"


def _acknowledgements(synth: Synth) -> list[tuple[object, str, str]]:
    found = []
    for construct in synth.stack.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == "aws:cdk:acknowledged-rules":
                found += [(construct, rule, reason) for rule, reason in entry.data.items()]
    for construct in (synth.stack, synth.stack.node.scope):
        assert not [e for e in construct.node.metadata if e.type == "aws:cdk:acknowledged-rules"]
    return found


def test_hipaa_checks_report_no_unacknowledged_findings(synth: Synth):
    violations = [
        f"{violation['ruleName']} at {construct['constructPath']}"
        for report in synth.validation_report["pluginReports"]
        for violation in report["violations"]
        for construct in violation["violatingConstructs"]
    ]
    assert violations == []
    assert synth.synth_error is None, str(synth.synth_error)


def test_every_acknowledgement_names_one_finding_on_one_resource_and_says_why(synth: Synth):
    acknowledgements = _acknowledgements(synth)
    assert acknowledgements, "expected the documented acknowledgements (Lambda DLQ/VPC/concurrency, ...)"
    for construct, rule, reason in acknowledgements:
        path = construct.node.path
        # One rule of the HIPAA pack, never a whole pack or a prefix
        assert rule.startswith(f"{PLUGIN}::{PLUGIN}-") and rule.count("::") == 1, (path, rule)
        assert "*" not in rule, (path, rule)
        # On a resource-owning construct, never on the stack or the app
        assert not isinstance(construct, Stack | App), (path, rule)
        assert construct.node.default_child is not None or construct.node.children, (path, rule)
        assert len(reason.strip()) >= MIN_REASON, (path, rule, reason)


def test_cfn_lint_finds_no_errors_in_the_template(synth: Synth, tmp_path):
    # Given the synthesized template written to its own file
    template = tmp_path / "careflow.template.json"
    template.write_text((synth.outdir / synth.stack.template_file).read_text())

    # When cfn-lint checks it (exit code bits: 2 errors, 4 warnings, 8 informational)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from cfnlint.runner import main; sys.exit(main())",
            str(template),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    # Then there are no errors (warnings from CDK's redundant DependsOn are acceptable)
    assert result.returncode in (0, 4, 8, 12), result.stdout + result.stderr


def test_ops_are_alerted_on_an_invalid_rule_set_and_on_dead_letters(synth: Synth):
    alarms = synth.stack.alarms
    topic = {"Ref": synth.logical_id(alarms.topic)}
    assert set(alarms.by_name) == {"RuleSetInvalid", "UnstartedMail", "FailedCheckpoints", "FailedCaseUpdates"}
    for alarm in alarms.by_name.values():
        properties = synth.resource(alarm)["Properties"]
        assert properties["AlarmActions"] == [topic]
        assert properties["Threshold"] == 1
    invalid = synth.resource(alarms.by_name["RuleSetInvalid"])["Properties"]
    assert (invalid["Namespace"], invalid["MetricName"]) == ("careflow", "RuleSetInvalid")
    assert "KmsMasterKeyId" in synth.resource(alarms.topic)["Properties"]
