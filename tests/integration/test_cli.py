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
        assert {"enquiry_id", "intent", "urgency", "sentiment", "eligible", "assignee", "escalated", "audit_events"} <= set(o)
        assert o["status"] == "processed" and o["audit_events"] >= 6


def test_demo_shows_every_sample():
    result = CliRunner().invoke(main, ["demo"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for path in EMAILS:
        assert path.name in result.stdout
