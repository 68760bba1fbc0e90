import pytest

from careflow import escalation
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
    assert (top.id, top.level, top.target_queue, top.reassign_to_senior) == (
        "clinical-red-flag", 3, "senior_clinical", True)


def test_angry_reply_escalates_and_the_higher_level_comes_first(rules):
    assert ids(rules, is_reply=True, latest_sentiment=-0.8, tier=Tier.GOLD) == [
        "angry-reply", "unhappy-priority-member"]


def test_unhappy_first_message_from_a_bronze_member_does_not_escalate(rules):
    assert ids(rules, latest_sentiment=-0.4) == []


def test_urgent_enquiry_left_in_a_queue_escalates(rules):
    assert ids(rules, urgency=Urgency.URGENT, queued=True) == ["urgent-without-capacity"]


def test_a_threat_escalates_whatever_the_tone(rules):
    assert "threat-or-repeat-complaint" in ids(rules, latest_sentiment=-0.6, mentions=["threat"])
    assert "threat-or-repeat-complaint" in ids(rules, latest_sentiment=0.0, mentions=["threat"])


def test_a_repeat_contact_escalates_unless_the_message_is_happy(rules):
    assert "threat-or-repeat-complaint" in ids(rules, latest_sentiment=0.0, mentions=["repeat_contact"])
    assert ids(rules, latest_sentiment=0.6, mentions=["repeat_contact"]) == []


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Fix this by Friday or I will be filing a grievance with CMS.", "threat"),
        ("My cousin is an editor at the Courier and she would love this story.", "threat"),
        ("I've retained an attorney about my discharge.", "threat"),
        ("I'll be calling my state senator's office on Monday.", "threat"),
        ("We'll be moving the whole family over to my wife's plan.", "threat"),
        ("I have left four voicemails and not one call back.", "repeat_contact"),
        ("Hello? Is anyone actually reading these?", "repeat_contact"),
        ("can I find a cure from your side..plz reply.its my second msg", "repeat_contact"),
        ("This is our third email about the same referral.", "repeat_contact"),
        ("The bottle had another patient's name on it and it was warfarin.", "harm_by_us"),
        ("They gave my son a second dose of the same vaccine.", "harm_by_us"),
        ("She got a second dosage of the vaccine by mistake two weeks after the first.", "harm_by_us"),
        ("During my knee replacement my tibia was fractured and nobody explained why.", "harm_by_us"),
        ("During her wisdom tooth surgery the anesthetist chipped her front tooth.", "harm_by_us"),
        ("A reporter from the evening news has contacted me about what happened in your ER.", "threat"),
        ("I will give them the interview unless a manager calls me.", "threat"),
        ("I have already spoken to a lawyer about what your nurse did.", "threat"),
        ("Your office mailed my test results to my ex-husband's address.", "harm_by_us"),
        ("I have called again and again and nobody answers.", "repeat_contact"),
        ("I want to know how this was missed for eight months.", "harm_by_us"),
        ("My results letter was mailed to my old address.", "harm_by_us"),
        ("I have copied my state representative's office on this message.", "threat"),
        ("My post about your ER has been shared more than 2,000 times.", "threat"),
        ("Two weeks, four voicemails on the scheduling line, zero callbacks.", "repeat_contact"),
        ("The envelope held someone else's lab results.", "harm_by_us"),
        ("The night nurse gave him his heart medicine twice.", "harm_by_us"),
        ("Last month your pharmacy gave me omeprazole 40mg instead of my usual 20mg.", "harm_by_us"),
        ("The hospital missed my breast cancer on the mammogram last year and now it has spread.", "harm_by_us"),
        ("If this is how a government service treats citizens I will write to the newspaper.", "threat"),
        ("I was unaware of this procedure going in. I thought I was only having a tear repaired.", "harm_by_us"),
        ("Some tests came back stating that the kidney was damaged and the transplant still took place.", "harm_by_us"),
        ("They went ahead with the operation anyway, despite my INR results.", "harm_by_us"),
        ("The physiotherapist said the injection was given too high, into the shoulder joint.", "harm_by_us"),
        ("It's a disgrace and I've already called the newspaper and they're interested.", "threat"),
        ("Urgent care missed my daughter's broken arm.", "harm_by_us"),
        ("Fix this or we are switching to Kaiser at open enrollment.", "threat"),
        ("If this happens again we are switching to St Mary's hospital.", "threat"),
        ("I have now asked TWICE for the daycare form to be filled in. Why is nobody replying?", "repeat_contact"),
        ("If this happens again we'll be moving all three children to another practice.", "threat"),
        ("He was diagnosed with Perthes disease, which we're told should have been picked up much earlier.",
         "harm_by_us"),
        ("The fracture was on the first x-ray, it should've been caught at the time.", "harm_by_us"),
        ("I was promised an answer within 30 days. It's been 2 months. Nobody has ever answered.", "repeat_contact"),
        ("Tonight I noticed the tablets are pink, my usual 5 mg ones have always been peach.", "harm_by_us"),
        ("Picked up my lamotrigine refill and the pills look different.", "harm_by_us"),
        ("My chart lists a history of alcohol abuse. I think it got mixed up with someone else's.", "harm_by_us"),
        ("There is an error in my chart: a diagnosis I have never had.", "harm_by_us"),
        ("I have called your billing office FOUR times since July to dispute this charge.", "repeat_contact"),
        ("If I don't hear back by Friday I'm going to Channel 8 with the photos.", "threat"),
        ("Someone at the front desk said my HIV status out loud in front of the whole waiting room.", "harm_by_us"),
        ("If you not give me my money back I will go to the court.", "threat"),
        ("fix it or im reporting u to the state and putting it all over yelp and google", "threat"),
        ("I've already drafted a letter to Congresswoman Delacroix's office.", "threat"),
        ("I wonder what the Rivertown Gazette would make of that.", "threat"),
        ("When enrollment comes my family of five will be with a plan that actually covers things.", "threat"),
        ("3rd msg abt my thyroid refill. still nothin. pls", "repeat_contact"),
        ("I write to you already 3 times about this bill and nobody is answer me.", "repeat_contact"),
        ("Resending this AGAIN. Still waiting on any reply to the below.", "repeat_contact"),
        ("ok so nobody reads these apparently.", "repeat_contact"),
        ("The lab lost my skin biopsy sample and I have to have it done again.", "harm_by_us"),
        ("The home health nurse found a stage 3 pressure sore nobody at the rehab unit mentioned.", "harm_by_us"),
        ("Inside were someone else's discharge papers, with her diagnosis on them.", "harm_by_us"),
        ("The 2022 CT report says a 6 mm lung nodule, follow up in 3 months. Nobody ever told me.", "harm_by_us"),
        ("Her hemoglobin was already low in the March tests and the clinic failed to tell us.", "harm_by_us"),
        ("Now she sees a 2 inch cyst on my ovary; how come she did not see it when she did the laparoscopy?",
         "harm_by_us"),
        ("Your ER sent my son home saying it was a stomach bug. Two days later his appendix ruptured and he "
         "spent a week in the ICU.", "harm_by_us"),
        ("After the third missed callback I have decided to move our care to another system.", "threat"),
        ("He broke his hip and now need surgery. We have lawyer now.", "threat"),
        ("going to post about this everywhere, facebook, yelp, google.", "threat"),
        ("I have asked for a callback about his follow up 3 times since March.", "repeat_contact"),
        ("the oncology line just rings and rings.", "repeat_contact"),
        ("my 4 month old was given the wrong vaccine at your clinic today", "harm_by_us"),
        ("now they call and say the biopsy results belonged to a different patient.", "harm_by_us"),
        ("My father fall in your hospital bathroom during his stay. He press the call button and "
         "nobody came for 40 minutes.", "harm_by_us"),
        ("They took a biopsy of the lump and then the biopsy was lost.", "harm_by_us"),
        ("I feel the surgeon did a really bad job on my knee.", "harm_by_us"),
        ("My mother's sugars were not monitored closely enough on the ward.", "harm_by_us"),
        ("He caught C. diff while he was in the hospital for his hip.", "harm_by_us"),
        ("Acupuncture, physio and doctors may have caused permanent damage to my shoulder?", "harm_by_us"),
        ("My cousin has severe anemia and fever, the doctors can't do anything for him?", "care_failing"),
        ("Third week in hospital and the antibiotics are not working, can you help?", "care_failing"),
        ("Pain level 8, went to the ER, no solution, need advice?", "care_failing"),
        ("He can no longer walk and the hospital has no explanation?", "care_failing"),
        ("All my body is swelling, I guess it is water retention, I am in panic?", "distress_words"),
        ("My wife is not eating, without insurance she will likely end up dead?", "distress_words"),
        ("Had a terrible drug reaction to cefdinir, how can I stop this?", "distress_words"),
        ("My mother has COPD and a chest infection, is she dying?", "distress_words"),
        ("My tooth was pulled a week ago and the gum is still swollen and hot. Help?", "distress_words"),
        ("Plz. The stitches opened and it keeps bleeding", "distress_words"),
        ("My son's bruises keep spreading, how worried should we be?", "distress_words"),
        ("It hurts so much I want to break down and cry.", "distress_words"),
        ("My grandfather was the victim of a medical mistake?", "harm_by_us"),
        ("The surgeon left a broken anchor in me, should I be concerned?", "harm_by_us"),
        ("She was diagnosed with Guillain-Barre incorrectly and lost a month.", "harm_by_us"),
    ],
)
def test_threats_repeat_contacts_and_harm_are_recognised_in_plain_words(rules, text, group):
    assert group in escalation.mentions(text, rules.escalation)


@pytest.mark.parametrize(
    "text",
    [
        "My lawyer needs a copy of my records for my will.",
        "How come they did not see me yet? I have been in the waiting room for an hour.",
        "My son did a bad job of cleaning the cut, should I redo the dressing?",
        "I caught an infection while in Mexico last month.",
        "For my essay, how common are hospital acquired infections?",
        "Can long-term diabetes have caused nerve damage in my feet?",
        "Nothing works better for dry skin than aloe, is it safe in pregnancy?",
        "Is sertraline or therapy better for panic attacks?",
        "The dentist left a temporary filling in my tooth until next week.",
        "My doctors don't know I smoke, should I tell them before the surgery?",
        "I'm a reporter writing about community flu shot clinics; who can I talk to?",
        "My state representative's office suggested I contact you about the waiver.",
        "Thank you for the second reminder about my appointment.",
        "This is my second time having shingles, is the vaccine still worth it?",
        "It's my second pregnancy and I want to book the scan.",
        "The nurse told me my test results in front of my husband, which I had asked her to do.",
        "I watched a report about the new clinic on Channel 8 last night.",
        "Dr Lee sent my refill to the wrong Walgreens, could you please resend it to the one on 5th Ave?",
        "I contacted my own doctor three times already about this rash and he keeps changing the cream.",
        "My daughter is writing a story for the school paper about nurses; could she interview one?",
        "I have a lawyer who handles my mother's estate and needs her records.",
        "We are moving to Ohio in June and will transfer our care to a new doctor there.",
        "We put the cream on but the eczema keeps coming again and again.",
        "The portal sends a code, I enter it, it says expired, over and over.",
        "I went ahead with the surgery anyway, against my sister's advice.",
        "We still had the procedure on the day and it went fine.",
        "I started taking this medication in March, two tablets by mouth twice daily. Now I have mouth sores.",
        "My doctor put me on one pill twice a day and I wonder if I can take it with food.",
        "Could a skin graft help with a stage 4 pressure sore, and would it be less invasive on an elderly person?",
        "I mailed the heart monitor back and I haven't heard anything, did you get the results, call me back.",
        "24F on the combined pill, I want to talk about switching to an IUD or the implant.",
        "Our plan is switching to mail-order for maintenance meds in January, what do I do?",
        "Which of your clinics could help?",
        "Helpful staff at the front desk, plz pass on my thanks to them.",
    ],
)
def test_innocent_mentions_of_lawyers_reporters_and_reminders_are_not_threats(rules, text):
    assert escalation.mentions(text, rules.escalation) == []


def test_urgent_and_distressed_escalates(rules):
    assert ids(rules, urgency=Urgency.URGENT, latest_sentiment=-0.5) == ["urgent-and-distressed"]


def test_an_urgent_problem_whose_care_is_failing_escalates_whatever_the_tone(rules):
    assert ids(rules, urgency=Urgency.URGENT, latest_sentiment=0.0, mentions=["care_failing"]) == [
        "urgent-and-care-failing"]
    assert ids(rules, urgency=Urgency.ROUTINE, latest_sentiment=0.0, mentions=["care_failing"]) == []


def test_an_urgent_problem_told_in_frightened_or_desperate_words_escalates_whatever_the_tone(rules):
    assert ids(rules, urgency=Urgency.URGENT, latest_sentiment=0.0, mentions=["distress_words"]) == [
        "urgent-and-distress-words"]
    assert ids(rules, urgency=Urgency.ROUTINE, latest_sentiment=0.0, mentions=["distress_words"]) == []


def test_a_message_not_in_english_goes_to_language_services(rules):
    [rule] = matching_rules(signals(mentions=["not_english"]), rules.escalation.rules)
    assert (rule.id, rule.level, rule.target_queue) == ("not-in-english", 1, "language_services")
