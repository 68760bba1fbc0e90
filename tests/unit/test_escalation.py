from careflow.escalation import Signals, matching_rules
from careflow.models import Intent, Tier, Urgency


def signals(**overrides) -> Signals:
    fields = dict(
        urgency=Urgency.ROUTINE, intent=Intent.BILLING, tier=Tier.BRONZE, latest_sentiment=0.0, worst_sentiment=0.0,
        sentiment_worsening=False, is_reply=False, eligible=True, queued=False,
    )
    return Signals(**(fields | overrides))


def ids(rules, **overrides) -> list[str]:
    return [rule.id for rule in matching_rules(signals(**overrides), rules.escalation.rules)]


def test_emergency_escalates_to_senior_clinical_at_the_highest_level(rules):
    [top, *_] = matching_rules(signals(urgency=Urgency.EMERGENCY), rules.escalation.rules)
    assert (top.id, top.level, top.target_queue, top.reassign_to_senior) == ("clinical-red-flag", 3, "senior_clinical", True)


def test_angry_reply_escalates_and_the_higher_level_comes_first(rules):
    assert ids(rules, is_reply=True, latest_sentiment=-0.8, tier=Tier.GOLD) == ["angry-reply", "unhappy-priority-member"]


def test_unhappy_first_message_from_a_bronze_member_does_not_escalate(rules):
    assert ids(rules, latest_sentiment=-0.4) == []


def test_urgent_enquiry_left_in_a_queue_escalates(rules):
    assert ids(rules, urgency=Urgency.URGENT, queued=True) == ["urgent-without-capacity"]


def test_threat_or_repeat_contact_in_an_unhappy_message_escalates(rules):
    assert "threat-or-repeat-complaint" in ids(rules, latest_sentiment=-0.6, mentions=["threat"])
    assert ids(rules, latest_sentiment=0.2, mentions=["threat"]) == []


def test_urgent_and_distressed_escalates(rules):
    assert ids(rules, urgency=Urgency.URGENT, latest_sentiment=-0.5) == ["urgent-and-distressed"]
