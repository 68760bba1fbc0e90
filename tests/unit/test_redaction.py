from careflow import triage
from careflow.redaction import KINDS, redact
from tests.unit.conftest import consulting
from tests.unit.test_triage import FakeProvider

TEXT = ("My member id is M-100101, born 03/14/1961, I live at 12 Oak Street 94110. "
        "Call 555-010-4477 or ann.lee@example.com.\nThanks,\nAnn Lee")
ANSWER = {"intent": "billing", "urgency": "routine", "sentiment_score": 0.0, "confidence": 0.9, "rationale": "bill"}


def test_every_kind_of_identifier_is_removed_by_default():
    redacted = redact(TEXT, ["Ann Lee"])
    for secret in ("M-100101", "03/14/1961", "12 Oak Street", "94110", "555-010-4477", "ann.lee@example.com", "Ann"):
        assert secret not in redacted
    assert all(f"[{kind}]" in redacted for kind in KINDS if kind != "SSN")


def test_only_the_configured_kinds_are_removed():
    redacted = redact(TEXT, ["Ann Lee"], kinds=["EMAIL", "MEMBER_ID"])
    assert "M-100101" not in redacted and "ann.lee@example.com" not in redacted
    assert "03/14/1961" in redacted and "Ann Lee" in redacted


def test_redaction_is_configured_per_provider_in_the_triage_rules(rules):
    keeps_dates = rules.triage.model_copy(update={"redact": {"bedrock": [k for k in KINDS if k != "DATE"]}})
    configured = consulting(rules.model_copy(update={"triage": keeps_dates}))
    bedrock, other = FakeProvider(ANSWER), FakeProvider(ANSWER)
    bedrock.name = "bedrock"

    triage.assess("", TEXT, configured, provider=bedrock, names=["Ann Lee"], sleep=lambda s: None)
    triage.assess("", TEXT, configured, provider=other, names=["Ann Lee"], sleep=lambda s: None)

    assert "03/14/1961" in bedrock.seen[0][1] and "M-100101" not in bedrock.seen[0][1]
    assert "03/14/1961" not in other.seen[0][1]  # a provider not configured gets everything removed
