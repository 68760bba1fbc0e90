import json

from click.testing import CliRunner

from careflow.cli import main
from tests.integration.conftest import EMAILS


def test_process_json_prints_one_object_per_mail_and_names_a_file_that_is_not_mail(tmp_path):
    not_mail = tmp_path / "scan.pdf"
    not_mail.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    mails = [str(EMAILS[0]), str(not_mail), str(EMAILS[1])]

    result = CliRunner().invoke(main, ["process", "--json", *mails])

    assert result.exit_code == 1
    assert f"careflow: {not_mail}: not an email (no RFC 5322 headers found)" in result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["file"] for o in objects] == [EMAILS[0].name, EMAILS[1].name]
    for o in objects:
        keys = {"enquiry_id", "intent", "urgency", "sentiment", "eligible", "assignee", "escalated", "audit_events"}
        assert keys <= set(o)
        assert o["status"] == "processed" and o["audit_events"] >= 6


def test_demo_shows_every_sample():
    result = CliRunner().invoke(main, ["demo"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for path in EMAILS:
        assert path.name in result.stdout


def test_process_json_reports_quarantined_mail_with_status_and_reason(tmp_path):
    infected = tmp_path / "infected.eml"
    infected.write_bytes(b"X-SES-Virus-Verdict: FAIL\r\nFrom: a@example.com\r\nSubject: invoice\r\n\r\nopen me\r\n")
    huge = tmp_path / "huge.eml"
    huge.write_bytes(b"From: a@example.com\r\nX-Pad: " + b"x" * 300_000 + b"\r\n\r\nhi\r\n")

    result = CliRunner().invoke(main, ["process", "--json", str(infected), str(huge), str(EMAILS[2])])

    assert result.exit_code == 0, result.stderr
    objects = {o["file"]: o for o in map(json.loads, result.stdout.splitlines())}
    assert objects["infected.eml"]["status"] == "quarantined"
    assert objects["infected.eml"]["reason"] == "SES virus verdict FAIL"
    assert objects["huge.eml"]["status"] == "quarantined" and "262144-byte limit" in objects["huge.eml"]["reason"]
    assert objects[EMAILS[2].name]["status"] == "processed"


def _labelled(**fields) -> str:
    return json.dumps({"subject": "", "sentiment": "neutral", "needs_escalation": False, **fields})


def test_eval_json_reports_the_metrics_the_triage_targets_are_about(tmp_path):
    dataset = tmp_path / "set.jsonl"
    dataset.write_text("\n".join([
        _labelled(id=1, body="I have crushing chest pain spreading to my left arm right now.",
                  intent="clinical_symptom", urgency="emergency", sentiment="negative",
                  needs_escalation=True),
        _labelled(id="b", body="Can you please send a refill of my lisinopril 10 mg to the CVS on Main St?",
                  intent="prescription_refill", urgency="routine"),
        _labelled(id="c", body="I was charged twice for my visit on March 3, why do I owe $40?",
                  intent="billing", urgency="routine"),
    ]) + "\n")

    result = CliRunner().invoke(main, ["eval", str(dataset), "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["examples"] == 3
    assert report["emergency_recall"] == 1.0 and report["escalation_recall"] == 1.0
    assert set(report["per_intent"]) == {"clinical_symptom", "prescription_refill", "billing"}
    macro = sum(m["f1"] for m in report["per_intent"].values()) / 3
    assert report["intent_macro_f1"] == round(macro, 4)
    assert report["model_call_rate"] == 0.0 and report["provider"] == "offline"
    for key in ("urgency_accuracy", "sentiment_accuracy", "intent_confusion", "input_tokens"):
        assert key in report


def test_eval_names_the_line_and_field_of_a_bad_example(tmp_path):
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(_labelled(id="a", body="hello", intent="billing", urgency="routine") + "\n"
                       + _labelled(id="b", body="hello", intent="gossip", urgency="routine") + "\n")

    result = CliRunner().invoke(main, ["eval", str(dataset)])

    assert result.exit_code == 1
    assert f"{dataset}:2: intent:" in result.output


def test_eval_with_a_bring_your_own_provider_but_no_secret_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.delenv("TRIAGE_SECRET_ARN", raising=False)
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(_labelled(id="a", body="hello", intent="other", urgency="routine") + "\n")

    result = CliRunner().invoke(main, ["eval", str(dataset), "--provider", "openai"])

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "cannot use --provider openai" in result.output and "TRIAGE_SECRET_ARN" in result.output


def test_eval_with_bedrock_and_no_aws_region_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(_labelled(id="a", body="hello", intent="other", urgency="routine") + "\n")

    result = CliRunner().invoke(main, ["eval", str(dataset), "--provider", "bedrock"])

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "cannot use --provider bedrock" in result.output and "region" in result.output
