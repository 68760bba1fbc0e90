import json

import numpy as np
import pytest

from careflow import classifier, triage
from careflow.llm import Answer, ProviderError
from careflow.models import Intent, SentimentLabel, Urgency
from careflow.rules import RedFlags
from tests.unit.conftest import consulting


class FakeProvider:
    """Answers with canned outputs or errors, and records exactly what it was sent."""

    name, model = "fake", "fake-model-1"

    def __init__(self, *answers):
        self.answers = list(answers)
        self.seen: list[tuple[str, str]] = []

    def classify(self, subject, text):
        self.seen.append((subject, text))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Answer(output=answer, input_tokens=120, output_tokens=30)


def assess(rules, text, subject="", provider=None, names=()):
    return triage.assess(subject, text, rules, provider=provider, names=names, sleep=lambda s: None)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I have crushing pain in my chest and it is spreading to my left arm", "chest-pain"),
        ("My dad's face is drooping and his speech is slurred", "stroke-signs"),
        ("I don't want to live anymore, I think about ending my life", "suicidal-ideation"),
        ("my son swallowed all of my pills an hour ago", "overdose-poisoning"),
        ("the bleeding won't stop after the procedure", "severe-bleeding"),
        ("her throat is swelling after the new antibiotic", "anaphylaxis"),
    ],
)
def test_red_flags_make_an_enquiry_an_emergency(rules, text, flag):
    classification = assess(rules, text).classification
    assert flag in classification.red_flags
    assert classification.urgency is Urgency.EMERGENCY


def test_routine_questions_raise_no_red_flag(rules):
    for text in ("Can I reschedule my appointment to Friday?", "Why was I charged twice on my bill?"):
        assert assess(rules, text).classification.red_flags == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I need to reschedule my appointment with Dr. Ortiz next week", Intent.APPOINTMENT),
        ("Please send a refill of my metformin 500 mg prescription to my pharmacy", Intent.PRESCRIPTION_REFILL),
        ("I was charged twice on my last bill, I want a refund", Intent.BILLING),
        ("Is physical therapy covered under my plan? What is my deductible?", Intent.ELIGIBILITY_COVERAGE),
        ("When will my blood test results be ready?", Intent.TEST_RESULTS),
        ("Please send a copy of my medical records to my new doctor", Intent.MEDICAL_RECORDS),
        ("Is Dr. Patel in-network and accepting new patients?", Intent.PROVIDER_DIRECTORY),
        ("I want to file a formal complaint, the receptionist was rude and unprofessional", Intent.COMPLAINT),
    ],
)
def test_offline_classifier_labels_clear_enquiries(rules, text, intent):
    assert assess(rules, text).classification.intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("My dad was diagnosed with mesothelioma. Which medical centers are running trials on new treatments for it?",
         Intent.PROVIDER_DIRECTORY),
        ("Our son is 15 and was just diagnosed with Crohns. We are looking for the best specialists for teenagers "
         "with IBD.", Intent.PROVIDER_DIRECTORY),
        ("I got my thyroid panel back and the TSH is 6.2, is that something to worry about?", Intent.TEST_RESULTS),
    ],
)
def test_meaning_carries_intents_phrased_without_their_usual_words(rules, text, intent):
    # Written after training; the words model alone called these general_information or clinical_symptom.
    assert assess(rules, text).classification.intent is intent


def test_embedding_model_redivides_only_the_labels_it_was_trained_on():
    head = {"classes": ["emergency", "routine", "urgent"], "bias": [0.0, 0.0, 0.0], "weights": {},
            "embedding": {"blend": 0.75, "classes": ["routine", "urgent"], "bias": np.array([0.0, 4.0]),
                          "weights": np.zeros((2, 1))}}
    probabilities = classifier._probabilities(head, {}, np.zeros(1))
    assert probabilities["emergency"] == pytest.approx(1 / 3)  # the words model's own share, untouched
    assert probabilities["urgent"] > 0.55 > probabilities["routine"]
    assert sum(probabilities.values()) == pytest.approx(1.0)


# Written after training; the offline classifier reads them as urgent (the first test checks it). The red flags
# have named such messages since, so the tests below take the flags away to see the emergency model alone.
UNNAMED_EMERGENCIES = [
    "My son is 16 and was hit in the stomach playing rugby this afternoon. Now he is pale, his belly is hard and"
    " he feels faint when he stands up. Can this wait until his appointment tomorrow?",
    "My mum is 74 and since she woke up she has been sweating and breathless at rest, with a heavy ache spreading"
    " to her back. She says it is only a pulled muscle. Should we wait until Monday?",
]


@pytest.fixture
def no_red_flags(rules):
    return rules.model_copy(update={"red_flags": RedFlags(flags=[])})


@pytest.mark.parametrize("text", UNNAMED_EMERGENCIES)
def test_the_emergency_model_makes_an_urgent_enquiry_an_emergency_without_a_red_flag(no_red_flags, text):
    assert classifier.predict("", text).urgency is Urgency.URGENT
    result = assess(no_red_flags, text).classification
    assert result.red_flags == []
    assert result.urgency is Urgency.EMERGENCY
    assert result.rationale.startswith("offline emergency model ")


def test_a_model_file_from_before_the_words_emergency_model_is_refused_with_the_reason(tmp_path, monkeypatch):
    old = tmp_path / "old-model.json"
    old.write_text(json.dumps({"version": "0ld", "emergency": {"bias": 0.1, "weights": [0.2, 0.3]}}))
    monkeypatch.setenv("CAREFLOW_OFFLINE_MODEL", str(old))
    classifier._model.cache_clear()
    try:
        with pytest.raises(ValueError, match="retrain it with eval/train.py"):
            classifier.model_name()
    finally:
        monkeypatch.delenv("CAREFLOW_OFFLINE_MODEL")
        classifier._model.cache_clear()


def test_the_emergency_model_threshold_comes_from_the_rules(no_red_flags):
    above = no_red_flags.triage.emergency_model_above.model_copy(update={"urgent": 1.01})
    triage_rules = no_red_flags.triage.model_copy(update={"emergency_model_above": above})
    off = no_red_flags.model_copy(update={"triage": triage_rules})
    result = assess(off, UNNAMED_EMERGENCIES[0]).classification
    assert result.urgency is Urgency.URGENT
    assert "emergency model" not in result.rationale


def reading(urgency, emergency_probability, sentiment_score=0.5, urgent_probability=0.0):
    return classifier.Prediction(Intent.APPOINTMENT, urgency, 0.9, sentiment_score,
                                 emergency_probability=emergency_probability, urgent_probability=urgent_probability)


@pytest.mark.parametrize(("chance", "expected"), [(0.8, Urgency.EMERGENCY), (0.6, Urgency.ROUTINE)])
def test_a_routine_reading_is_raised_only_when_the_emergency_model_is_surer_than_for_an_urgent_one(
        rules, monkeypatch, chance, expected):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, chance))
    assert assess(rules, "please cancel my appointment on friday, my shoulder is better").classification.urgency \
        is expected


def test_the_emergency_model_raises_an_urgent_reading_from_a_lower_chance(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.URGENT, 0.6))
    assert assess(rules, "my shoulder hurts more today").classification.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(("urgent_probability", "expected"), [(0.61, Urgency.URGENT), (0.55, Urgency.ROUTINE)])
def test_a_calm_writers_urgent_reading_stands_only_when_the_classifier_is_sure_enough(
        rules, monkeypatch, urgent_probability, expected):
    monkeypatch.setattr(classifier, "predict",
                        lambda subject, text: reading(Urgency.URGENT, 0.1, 0.0, urgent_probability))
    assert assess(rules, "my knee has clicked for two years, what could it be").classification.urgency is expected


def test_an_unsure_urgent_reading_of_a_distressed_writer_is_raised_back_to_urgent(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.URGENT, 0.1, -0.6, 0.45))
    result = assess(rules, "the swelling is no better, please help").classification
    assert result.urgency is Urgency.URGENT
    assert result.rationale.endswith("; urgent: distressed, urgent chance 0.45")


def test_an_unsure_urgent_reading_keeps_the_emergency_models_lower_bar_for_urgent_readings(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.URGENT, 0.6, 0.0, 0.45))
    assert assess(rules, "my shoulder hurts more today").classification.urgency is Urgency.EMERGENCY


def test_the_bar_for_an_urgent_reading_is_turned_off_from_the_rules(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.URGENT, 0.1, 0.0, 0.45))
    off = rules.model_copy(update={"triage": rules.triage.model_copy(update={"urgent_from": 0.0})})
    assert assess(off, "my knee has clicked for two years").classification.urgency is Urgency.URGENT


@pytest.mark.parametrize(("sentiment_score", "urgent_probability", "expected"), [
    (-0.6, 0.26, Urgency.URGENT),
    (-0.6, 0.24, Urgency.ROUTINE),
    (-0.2, 0.45, Urgency.ROUTINE),
])
def test_a_routine_reading_of_a_distressed_writer_becomes_urgent_when_urgent_was_close(
        rules, monkeypatch, sentiment_score, urgent_probability, expected):
    monkeypatch.setattr(classifier, "predict",
                        lambda subject, text: reading(Urgency.ROUTINE, 0.1, sentiment_score, urgent_probability))
    assert assess(rules, "the swelling is no better, please help").classification.urgency is expected


def test_the_shipped_classifier_reads_a_distressed_borderline_message_as_urgent(rules):
    text = ("My legs and feet have been swelling for about a week now and I can't get my shoes on. It's so"
            " frustrating and I hate it, please advise.")
    assert classifier.predict("", text).urgency is Urgency.ROUTINE
    result = assess(rules, text)
    assert result.classification.urgency is Urgency.URGENT
    assert "; urgent: distressed, urgent chance 0." in result.classification.rationale


@pytest.mark.parametrize("text", [
    "had my baby 3 weeks ago and one breast is red and sore. honestly im just so overwhelmed and tired. antibiotics?",
    "My dog bit my hand yesterday and today it is puffy. This is stressing me out so much. Do I need a tetanus shot?",
    "I am at the end of my rope with this rash, nothing works. What else can I try?",
])
def test_being_overwhelmed_or_stressed_out_reads_as_distress(text):
    assert classifier.features("", text)["cue:distress"] == 5.0
    assert classifier.predict("", text).sentiment_score < -0.3


@pytest.mark.parametrize("text", [
    "My son runs out of his Keppra tomorrow and the mail order never came. I am frantic, he can't miss doses.",
    "She has had diarrhoea for 3 days and only 3 wet nappies today, lips a little dry. I'm really worried.",
    "The lab left a voicemail that her potassium is high and the line is closed. I'm really anxious, please call me.",
    "The lump near my tailbone is back and it hurts to sit. I cannot function like this. What can I do?",
    "I am 10 weeks pregnant and there is blood every time I pass stool. I don't know what is happening to me.",
    "My TSH came back at 20 and I am pregnant. This is bothering us a lot, can the baby be affected?",
    "She is on amoxicillin for strep and her gums are red and swollen. I am concerned this is another infection.",
    "My husband has had a cough for six weeks now and we are worried it is something serious.",
    "I'm nervous about the biopsy result, when will it be back?",
    "The stitches on my knee came open today and it keeps leaking. Can you tell me what to do? I need your help!",
    "A stray cat scratched my hand and reading about it online is making me really paranoid. Should I be concerned?",
    "I have been helpless and hopeless since May and my neck is always stiff. What can I do?",
])
def test_a_frantic_worried_or_helpless_writer_reads_as_distress(text):
    assert classifier.features("", text)["cue:distress"] == 5.0
    assert classifier.predict("", text).sentiment_score < -0.3


def test_a_writer_who_is_not_really_worried_is_not_distressed():
    text = "I'm not really worried about it, just curious whether the rash is viral."
    assert "cue:distress" not in classifier.features("", text)


def test_the_distress_raise_is_explained_and_turned_off_from_the_rules(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, 0.1, -0.6, 0.4))
    raised = assess(rules, "the swelling is no better, please help").classification
    assert raised.rationale.endswith("; urgent: distressed, urgent chance 0.40")
    off = rules.model_copy(update={"triage": rules.triage.model_copy(update={"distressed_urgent_from": 1.01})})
    assert assess(off, "the swelling is no better, please help").classification.urgency is Urgency.ROUTINE


def test_sentiment_labels_follow_the_rule_thresholds(rules):
    assert assess(rules, "This is unacceptable, I am furious and disgusted").sentiment_label is SentimentLabel.NEGATIVE
    assert assess(rules, "Thank you so much, the nurse was wonderful").sentiment_label is SentimentLabel.POSITIVE


def test_trend_reports_latest_worst_and_direction():
    trend = triage.trend([0.2, -0.1, -0.8])
    assert (trend.latest, trend.worst, trend.direction) == (-0.8, -0.8, "worsening")
    assert triage.trend([-0.5, 0.4]).direction == "improving"
    assert triage.trend([0.1]).direction == "steady"


MODEL_SAYS_BILLING = {"intent": "billing", "urgency": "routine", "sentiment_score": -0.6, "confidence": 0.9,
                      "rationale": "asks about a charge"}
VAGUE = "hello, I have a question about something from last week, can someone get back to me"


def test_model_is_consulted_only_when_the_offline_classifier_is_unsure(rules):
    provider = FakeProvider(MODEL_SAYS_BILLING)
    sure = assess(rules, "Please refill my metformin prescription at the pharmacy", provider=provider)
    assert sure.model_call is None
    assert provider.seen == []
    result = assess(consulting(rules), VAGUE, provider=provider)
    assert result.model_call is not None and result.classification.provider == "fake"
    assert (result.classification.intent, result.sentiment_label) == (Intent.BILLING, SentimentLabel.NEGATIVE)


MODEL_SAYS_EMERGENCY = {**MODEL_SAYS_BILLING, "intent": "clinical_symptom", "urgency": "emergency"}


def test_a_sure_reading_the_emergency_model_gives_a_small_chance_goes_to_the_model_which_may_raise_it(
        rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, 0.1))
    provider = FakeProvider(MODEL_SAYS_EMERGENCY)
    result = assess(rules, "my husband is acting strange since lunch", provider=provider)
    assert (result.model_wanted, result.model_call.reason) == ("possible emergency", "possible emergency")
    assert result.classification.urgency is Urgency.EMERGENCY


def test_without_a_configured_model_a_possible_emergency_is_recorded_as_wanting_one(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, 0.1))
    result = assess(rules, "my husband is acting strange since lunch")
    assert (result.model_wanted, result.model_call) == ("possible emergency", None)
    assert result.classification.urgency is Urgency.ROUTINE


@pytest.mark.parametrize("chance", [0.01, 0.8])
def test_a_sure_reading_below_the_chance_or_already_an_emergency_is_not_sent_for_a_possible_emergency(
        rules, monkeypatch, chance):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, chance))
    provider = FakeProvider(MODEL_SAYS_EMERGENCY)
    assert assess(rules, "my husband is acting strange since lunch", provider=provider).model_call is None
    assert assess(rules, "I can't breathe and my lips are turning blue", provider=provider).model_wanted is None


def test_the_chance_that_sends_a_reading_to_the_model_comes_from_the_rules(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: reading(Urgency.ROUTINE, 0.1))
    off = rules.model_copy(update={"triage": rules.triage.model_copy(update={"model_from_emergency_chance": 1.01})})
    assert assess(off, "my husband is acting strange since lunch", provider=FakeProvider()).model_wanted is None


def test_identifiers_are_redacted_before_the_model_sees_the_text(rules):
    provider = FakeProvider(MODEL_SAYS_BILLING)
    text = VAGUE + "\nMy member id is M-100101, call 555-010-4477 or ann.lee@example.com.\nThanks,\nAnn Lee"
    assess(consulting(rules), text, subject="Question from Ann Lee", provider=provider, names=["Ann Lee"])
    [(subject, sent)] = provider.seen
    for secret in ("M-100101", "555-010-4477", "ann.lee@example.com", "Ann", "Lee"):
        assert secret not in sent and secret not in subject


def test_throttling_is_retried_then_answered(rules):
    provider = FakeProvider(ProviderError("throttled: ThrottlingException", retryable=True), MODEL_SAYS_BILLING)
    call = assess(consulting(rules), VAGUE, provider=provider).model_call
    assert (call.attempts, call.fallback_reason, call.input_tokens) == (2, None, 120)
    assert call.prompt_version and len(call.prompt_sha256) == 64 and len(call.input_sha256) == 64


def test_repeated_failure_falls_back_to_offline_with_the_reason_recorded(rules):
    provider = FakeProvider(*[ProviderError("timeout: ReadTimeout", retryable=True)] * 3)
    result = assess(consulting(rules), VAGUE, provider=provider)
    assert result.classification.provider == "offline"
    assert result.model_call.fallback_reason == "fell back to offline after 3 attempt(s): timeout: ReadTimeout"


def test_non_retryable_failure_falls_back_at_once(rules):
    provider = FakeProvider(ProviderError("access denied: AccessDeniedException", retryable=False))
    assert assess(consulting(rules), VAGUE, provider=provider).model_call.attempts == 1


def test_malformed_output_is_retried_and_invented_labels_become_unclassified(rules):
    provider = FakeProvider("not a dict", {**MODEL_SAYS_BILLING, "intent": "vip_fast_track", "urgency": "whenever"})
    result = assess(consulting(rules), VAGUE, provider=provider)
    assert result.model_call.attempts == 2
    assert (result.classification.intent, result.classification.urgency) == (Intent.UNCLASSIFIED, Urgency.ROUTINE)


def test_a_model_cannot_lower_the_urgency_of_a_red_flag(rules):
    provider = FakeProvider({**MODEL_SAYS_BILLING, "urgency": "routine", "confidence": 1.0})
    text = "question about my bill. also I can't breathe and my lips are turning blue"
    assert assess(rules, text, provider=provider).classification.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "My mother had a stroke in 2015, can I get a copy of her records?",
        "Is chest pain listed as a side effect of this drug? I don't have any, just asking.",
        "The suicide prevention hotline number on your website link is broken.",
    ],
)
def test_history_leaflets_and_side_effect_lists_are_not_red_flags(rules, text):
    assert assess(rules, text).classification.red_flags == []


@pytest.mark.parametrize(
    "text",
    [
        "feels like an elephant sitting on my chest",
        "his words came out all jumbled and he can't lift his right arm",
        "my son drank some bleach from under the sink",
        "I don't see the point anymore, everyone would be better off",
        "the 3 week old baby is floppy and not feeding",
    ],
)
def test_indirect_descriptions_of_emergencies_are_red_flags(rules, text):
    assert assess(rules, text).classification.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("it feels like a vice is squeezing my chest and I'm sweating buckets", "chest-pain"),
        ("there's a heavy ache in the centre of my chest that goes down my left arm", "chest-pain"),
        ("he is sweating a lot and has a heavy feeling in his jaw and left shoulder, he looks grey", "chest-pain"),
        ("he was hit in the stomach playing rugby, now he is pale and his belly is hard", "major-injury"),
        ("Mum's smile has gone lopsided and she keeps dropping things with her right hand", "stroke-signs"),
        ("Grandad can't get his words out properly, it began twenty minutes ago", "stroke-signs"),
        ("he can’t say more than a few words without stopping to breathe", "breathing"),
        ("my daughter's lips have gone a dusky grey colour", "breathing"),
        ("Dad is really hard to rouse and his breathing is very shallow", "breathing"),
        ("we can't wake my grandmother properly, she just mumbles", "unresponsive-seizure"),
        ("my son has been seizing for about six minutes and it won't stop", "unresponsive-seizure"),
        ("our 5 week old feels hot and has refused every feed today", "infant-danger"),
        ("I had my tonsils removed last Tuesday and now I'm spitting out clots of blood", "severe-bleeding"),
        ("he vomited what looked like coffee grounds twice this evening", "severe-bleeding"),
        ("since last night I keep passing large blood clots, some bigger than a golf ball", "severe-bleeding"),
        ("I've been quietly stockpiling my sleeping tablets", "suicidal-ideation"),
        ("I've sorted my will and put my affairs in order, nobody will need to worry about me", "suicidal-ideation"),
        ("Dad has been putting his affairs in order and keeps saying he won't be around much longer",
         "suicidal-ideation"),
        ("I took the rest of my sleeping pills with a bottle of wine about an hour ago", "overdose-poisoning"),
        ("It felt like someone swung a bat into the back of my skull. Out of nowhere, an hour ago.", "stroke-signs"),
        ("My left calf is hot and fat since the flight and every breath in stabs on my right side", "breathing"),
        ("honestly there is no point in carrying on", "suicidal-ideation"),
        ("my 2 year old got into grandma's handbag and chewed some of her pills", "overdose-poisoning"),
        ("I took a whole week's worth of my tablets at once by mistake", "overdose-poisoning"),
        ("his tongue is getting huge after the shrimp", "anaphylaxis"),
        ("the clinic rang: my potassium is 6.8 and they want me in A&E right now", "critical-result"),
        ("the scan this morning showed what might be an ectopic pregnancy", "pregnancy-danger"),
        ("Her face is swollen from the bad tooth. She keeps going hot and cold. (I read that is a sign of sepsis)",
         "sepsis-meningitis"),
        ("my mother has lung cancer and her shortness of breath got much worse after midnight", "breathing"),
        ("he asked me if a person could painlessly go away with the pills he has saved", "suicidal-ideation"),
        ("She says she is giving this one more month. She doesn't want to live like this anymore.",
         "suicidal-ideation"),
        ("My hurnia won't pop back in and it is very painful.", "surgical-emergency"),
        ("The doctor told me to push it back in and that worked for months, but now it will not pop back.",
         "surgical-emergency"),
        ("Since my kidney stone surgery I have peed out about two cups of blood.", "severe-bleeding"),
        ("I cleaned the shower with bleach mixed with some toilet cleaner last night.", "overdose-poisoning"),
        ("Terrible pain between my shoulder blades, spreading to my left armpit.", "chest-pain"),
        ("My daughter has a high fever and is talking irrelevantly.", "sepsis-meningitis"),
        ("Please tell me some treatment, otherwise I can not live alive.", "suicidal-ideation"),
        ("I just don't want to go on living.", "suicidal-ideation"),
        ("He says he doesn't want to go on any more.", "suicidal-ideation"),
        ("Dad fell asleep with the electric blanket on over his pain patch. He is so sleepy he can't talk.",
         "overdose-poisoning"),
        ("My wife woke up this morning complaining of heaviness in her right arm.", "stroke-signs"),
        ("Numbness and tingling down the left side of my body since lunch?", "stroke-signs"),
        ("A warm, painful feeling in my left pec that tends to radiate across my shoulder", "chest-pain"),
        ("Mum has congestive heart failure and she is having trouble breathing.", "breathing"),
        ("There is a stab wound in his chest and it makes sucking bubbles when he breathes.", "major-injury"),
        ("I get a pain at the heart a few times a day now.", "chest-pain"),
        ("She took 40 10mg of zolpedim this afternoon.", "overdose-poisoning"),
        ("My son keeps losing consciousness every few minutes.", "unresponsive-seizure"),
        ("I am 36 weeks pregnant and in so much pain, what should I do?", "pregnancy-danger"),
        ("He had a bad concussion at football and his left arm is now numb.", "head-injury"),
        ("My boyfriend has head trauma, there is bruising and possible memory loss?", "head-injury"),
        ("I woke up with double vision and extreme dizzy spells?", "stroke-signs"),
        ("Had dengue fever, now I feel numbness and I'm losing my vision, broke into a cold sweat?", "stroke-signs"),
        ("Numbness in my left cheek and I can hardly move my fingers?", "stroke-signs"),
        ("I have numbness on left side of body and cold hands?", "stroke-signs"),
        ("My husband has pericarditis, the heart pains never last, now the pain won't go away?", "chest-pain"),
        ("My mouth just filled with dark red blood?", "severe-bleeding"),
        ("She has a brain tumour and is now in a deep sleep, unable to talk, what do we do?", "unresponsive-seizure"),
        ("I had convulsions, vomiting and a high fever since yesterday?", "unresponsive-seizure"),
        ("After my knee surgery I have a DVT in my right leg and now breathing issues?", "breathing"),
        ("My mother is weak, with confusion and slow speech, what can I give her?", "stroke-signs"),
        ("He had a stroke on the right side of his brain last year, now another stroke?", "stroke-signs"),
        ("After taking Adderall my heart rate is high, I'm breathing hard and feeling dizzy?", "overdose-poisoning"),
        ("My 4 year old took my Xanax, what should I do?", "overdose-poisoning"),
        ("His head hit a hook in the barn and now he is acting strange.", "head-injury"),
        ("My daughter's blood sugar level is 520, what should I do?", "critical-result"),
        ("Felt a stinging pain, then a sharp pain, and there are two fang marks on my ankle.", "bites-and-lightning"),
        ("Shooting pain from my heart area to my neck and across my shoulder.", "chest-pain"),
        ("Why is my wife sweating and shaking after injecting her insulin tonight?", "overdose-poisoning"),
        ("Both my arms are numb, no chest pain but I'm a bit dizzy.", "chest-pain"),
        ("Pain under my left breast for days and most of the time I cannot take a deep breath?", "chest-pain"),
        ("Am I having respiratory depression? I'm so tired after the new patch.", "breathing"),
        ("Got into a car accident an hour ago, now a headache and blurred vision?", "head-injury"),
        ("I hate my life but I'm too scared to die, what do I do?", "suicidal-ideation"),
        ("I have 40 of my sleeping pills here, is that lethal enough?", "suicidal-ideation"),
        ("She had a bad reaction to the new pills and now she is seeing things.", "acute-psychosis"),
        ("He was in the ER last night after taking too much Adderall and now he is seeing things.", "acute-psychosis"),
        ("30 weeks pregnant, a headache and my legs feel weak, should I call?", "pregnancy-danger"),
        ("Dry cough for days and I find myself barely being able to breath at times.", "breathing"),
        ("I'm currently short of breath, could this be a pulmonary embolism?", "breathing"),
        ("A stabbing pain with dizziness, it feels like my heart is about to give out.", "chest-pain"),
        ("I banged my head on a shelf an hour ago and I feel so confused.", "head-injury"),
        ("My grandma (82F) fell and hit the back of her head on the tiles.", "head-injury"),
        ("She reacted to the hair dye and her face is so swollen she can barely see.", "anaphylaxis"),
        ("I'm passing clots the size of a fist.", "severe-bleeding"),
        ("She tasted cashew butter for the first time and now her eyes are puffy with red blotches.", "anaphylaxis"),
        ("After the bee sting my eyelids are swelling up fast, I have bad allergies.", "anaphylaxis"),
        ("When should I go to the hospital for an ovarian cyst rupturing?", "surgical-emergency"),
        ("My ovarian cyst burst, the pain is severe and I am dizzy and throwing up.", "surgical-emergency"),
        ("He is in a coma and does not breathe without the ventilator, what are his chances?", "unresponsive-seizure"),
        ("The nurse stated that he suffered an acute stroke.", "stroke-signs"),
        ("My mother has come back from work and is showing signs of memory loss and keeps repeating questions.",
         "acute-confusion"),
    ],
)
def test_lay_descriptions_of_emergencies_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My husband had a heart attack in the spring of 2021 and now needs a cardiac rehab referral.",
        "Back in March 2023 I was admitted after an overdose; could you send me the discharge summary?",
        "Last November our daughter had a seizure at daycare and was checked out in your ER.",
        "I was treated in your emergency department for chest pain, which turned out to be a pulled muscle.",
        "How can you tell the warning signs of a stroke?",
        "What are the risks of a heart attack with high cholesterol?",
        "Could you please refill my EpiPen? I keep one in my bag.",
        "My chart lists anaphylaxis to bee stings, please add latex too.",
        "For my nursing class essay, how does naloxone reverse an opioid overdose?",
        "I have poison ivy all over my arms.",
        "No chest pain, no trouble breathing, just a bad cough for two weeks.",
        "I can't breathe through my nose when I lie down.",
        "I'm ending things with my old dentist and want a new one in network.",
        "Please cancel my Friday appointment, I won't be around next week.",
        "I had an ectopic pregnancy two years ago; what is the risk of another ectopic?",
        "What is an ectopic pregnancy?",
        "My breathing got worse quickly over the past two weeks, can I see someone this week?",
        "We are giving this diet one more month before we try the tablets.",
        "My breathing exercises got much worse results after I stopped them suddenly.",
        "Yesterday I had an ECG for the chest pain.",
        "I woke up with numbness in my left hand, I think I was lying on it.",
        "I wake up most mornings with numbness in my right hand.",
        "Can teens do the Atkins diet? I don't want to go on it for life if it won't work.",
        "I'm a bit afraid to switch, but I don't want to live the rest of my life feeling this flat.",
        "Shingles pain and tingling on one side of my body, is that normal?",
        "The insurance form asks if I have ever lost consciousness; I fainted once at a blood draw.",
        "He started losing consciousness whenever he ate sugar, a diet fixed it years ago.",
        "My father had heart failure and was having trouble breathing last year; is the flu shot safe for him?",
        "Please advise about my chest pain, as all the test results are normal.",
        "My cardiac work-up was clear, but I still have a tight feeling in my chest when I breathe deeply.",
        "There is a hard lump on my breastbone. It doesn't hurt but it seems to be growing.",
        "I am a heart attack survivor and want to start running again.",
        "I'm 34 weeks pregnant and in a lot of pain in my lower back, is paracetamol safe?",
        "When I was 33 weeks pregnant I was in a lot of pain, will it be the same this time?",
        "I had a concussion three years ago and now my hand is weak when I grip.",
        "I had a concussion two years ago and took thyroid pills, I can't remember which.",
        "I have glaucoma and I'm slowly losing my sight, what can I do?",
        "My friend has Usher syndrome and is now losing her sight too, is there a centre for adults?",
        "I had convulsions as a child with fevers, can my son inherit that?",
        "I'm frightened of bleeding but also of having another stroke if I stop the warfarin.",
        "How can I tell what I am having an allergic reaction to?",
        "How can a pregnant woman on bed rest avoid blood clots?",
        "I've been having coughing fits for a week since the flu.",
        "My boyfriend told me to jump to avoid getting pregnant, does that work?",
        "Our son has been seeing things and hearing voices for about a week and hardly sleeps.",
        "I'm 30 weeks pregnant and get headaches, which painkiller is safe?",
        "What happens to a driver's vision after a car accident?",
        "My grandfather hit his head on a cupboard years ago and has had headaches since.",
        "Blood clots in the lungs run in my family, what tests should I ask for?",
        "Can't breathe through nose since the cold, nothing has helped yet.",
        "Splinter hemorrhages under two of my nails, what causes them?",
        "I cut myself again while shaving my legs and the skin there is brown.",
        "Google told me possible vitreous hemorrhage, please reassure me I'm not going blind.",
        "When I close my left eye, my right one quickly starts blacking out starting from the left side.",
        "It's worse at night. Had a full day where I barely noticed it.",
        "My eyes are a little misaligned. Is it too late to fix it without surgery?",
        "My eyesight suddenly went down hill in my teens and glasses helped.",
        "None of the listed issues match mine except allergies; my right eye is swollen, nothing else.",
        "I had an ovarian cyst rupture last year, could it happen again?",
        "My son was in a coma on a ventilator three years ago after a crash and is fine now.",
        "She had an acute stroke six weeks ago and is in rehab.",
        "My dad has Alzheimer's and keeps repeating the same questions when he comes home from the day centre.",
        "I have had memory loss for months; this morning I finally saw a neurologist.",
        "I cut my nail bed and am afraid of developing sepsis, how likely is it?",
        "I get postural hypotension: my vision goes black after standing up.",
        "He has dark red spots all over his body and they itch in hot weather.",
        "Last month my penis head started turning purple, and now I have erectile dysfunction.",
        "Low insulin and normal to low blood glucose. I'm female, 23, I don't have a period.",
        "I had chest pain before five years and want to know about a stress test.",
        "Normally I bleed heavily for about five days.",
        "I am on tranexamic acid for heavy bleeding; can I take it with ibuprofen?",
        "Can I take something to stop heavy bleeding after the i-pill?",
        "I started taking the pill but the bleeding did not stop.",
        "When she was 4 weeks old she had cramps and blood in her stool.",
        "When I went to the toilet, clear fluid came pouring out.",
        "My mother never took us to the doctor unless we were profusely bleeding.",
        "He had a subarachnoid hemorrhage in the crash and is in rehab now.",
        "Is it safe to mix bleach with dish soap for cleaning?",
        "I never mix bleach with other cleaners when I clean the bathroom.",
        "The pain in my neck shoots down my arm when I turn my head.",
        "Since yesterday my toddler throws up each time he drank juice or any kind of liquid.",
        "I am 25 year old and took antihistamine tablets for the itching, which helped for a while.",
        "I have an excessive heating back pain with headache and nausea.",
        "My 4 year old has an irritation in her mouth and the doctor gave her medicine for a throat infection.",
        "The doctor said I had bronchitis and gave me a week's worth of antibiotics.",
        "My ESR 1st hr is 32, is that bad?",
        "My husband is having generalized seizure disorder, which neurologist do you recommend?",
        "The pain is like a knife going in and out.",
        "I have had 75% of my thyroid removed.",
        "I was freezing and sick even with a heating pad on.",
        "Can I use a heating pad over my lidocaine patch? I get sleepy at night anyway.",
        "Three kids, two jobs and his appointments: we're drowning here.",
        "I choked on my coffee at work, it just went down the wrong hole. Can reflux cause that?",
        "I have painful cramps but I dont bleed that much, could I be pregnant?",
        "I have headaches and dizziness since the accident..I am seeing my neuro doctor tomorrow..They did CT scans to"
        " check for bleeding..What could this be?",
    ],
)
def test_history_general_questions_and_records_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "I had a stroke in 2018 and since about half an hour ago my face is drooping again.",
        "After my heart attack last year I'm now getting the same crushing chest pain.",
        "I was hospitalized for an overdose two years ago and I just swallowed all my pills again.",
        "My son was seen in your ER last month for seizures and he is seizing right now.",
        "I had surgery 3 weeks ago and the wound won't stop bleeding.",
        "My ECG at urgent care was normal yesterday but tonight the crushing pain in my chest is back.",
        "I'm on the pill and the bleeding won't stop, I've soaked through three pads in the last hour.",
        "Blood is pouring out of the cut on his hand.",
        "He had a brain hemorrhage this morning and is now very drowsy.",
    ],
)
def test_something_happening_now_is_flagged_even_beside_history(rules, text):
    assert triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # chest: other words for the chest, a band round the ribs, clutching the chest, jaw and arm with sweating
        ("there's a squeezing ache behind my sternum since I sat down to dinner", "chest-pain"),
        ("it feels like a belt being pulled tight around my rib cage", "chest-pain"),
        ("Grandpa keeps clutching his chest and won't sit still", "chest-pain"),
        ("my jaw and both arms ache and I'm drenched in sweat", "chest-pain"),
        ("my pulse is hammering and I almost passed out in the queue", "chest-pain"),
        ("i think im having a hart atack", "chest-pain"),
        # stroke: half the face, a limb gone floppy, one side of vision, speech not making sense, recent muddle
        ("half of her face has gone numb and droopy", "stroke-signs"),
        ("his left leg has gone sort of floppy and he keeps tripping", "stroke-signs"),
        ("I can't see anything out of the right side of my eyes", "stroke-signs"),
        ("Nan keeps trying to talk to us and the words aren't making any sense", "stroke-signs"),
        ("my uncle has been really disorientated since about an hour ago", "stroke-signs"),
        ("his face fell on one side while we were eating", "stroke-signs"),
        ("her vision suddenly went dark in one eye", "stroke-signs"),
        ("my voice went all slurry twenty minutes ago", "stroke-signs"),
        # breathing: air that will not go in, a straw, grunting, an inhaler that does nothing, pauses
        ("I can barely pull any air into my lungs", "breathing"),
        ("it's like trying to breathe through a drinking straw", "breathing"),
        ("the baby makes a little grunt with each breath", "breathing"),
        ("my asthma is awful and the blue puffer is doing nothing", "breathing"),
        ("his breathing keeps stopping for a few seconds at a time", "breathing"),
        ("she can only say two words before she has to stop", "breathing"),
        ("he has to sit up in the chair to get his breath", "breathing"),
        # suicidal: other people, habits, places, means and plans
        ("my brother says he wants to die and has locked his door", "suicidal-ideation"),
        ("I relapsed and started cutting again last night", "suicidal-ideation"),
        ("I noticed fresh cuts all up my son's forearms", "suicidal-ideation"),
        ("I'm sat on the edge of the railway bridge", "suicidal-ideation"),
        ("I've bought a rope and know where I'll go", "suicidal-ideation"),
        ("I'm scared I'll do something stupid to myself", "suicidal-ideation"),
        ("I've left notes for my children in the drawer", "suicidal-ideation"),
        ("there is no reason for him to go on, he keeps telling me", "suicidal-ideation"),
        ("I am done with living", "suicidal-ideation"),
        ("I've been planning to overdose once everyone is asleep", "suicidal-ideation"),
        # overdose and poisoning: counts after the tablets, strong sedatives, other people's medicines, products
        ("he swallowed his codeine tablets, about 25 of them", "overdose-poisoning"),
        ("my girlfriend took seven of her oxycodone", "overdose-poisoning"),
        ("my 3 year old was playing in granny's room and chewed up some of her heart tablets", "overdose-poisoning"),
        ("the carbon monoxide detector kept beeping all night", "overdose-poisoning"),
        ("we've all had headaches and felt queasy since the new boiler went in", "overdose-poisoning"),
        ("he is blind drunk and took a handful of his painkillers", "overdose-poisoning"),
        ("she finished her whole month's supply in one go", "overdose-poisoning"),
        ("my 2 year old drank aftershave from the bathroom shelf", "overdose-poisoning"),
        ("my dad drinks the cleaning liquid by mistake", "overdose-poisoning"),
        # bleeding: an artery, soaked cloths, pressure not working, pregnancy, with fainting
        ("blood is spurting from the gash on his thigh", "severe-bleeding"),
        ("we've soaked through four kitchen towels already", "severe-bleeding"),
        ("I've been pressing down on it for ages but it's still bleeding", "severe-bleeding"),
        ("the toilet is full of blood every time I go", "severe-bleeding"),
        ("his stools are black and tarry since yesterday", "severe-bleeding"),
        ("I'm 12 weeks pregnant and bleeding with strong cramps", "severe-bleeding"),
        ("the cut keeps bleeding and I feel really light headed", "severe-bleeding"),
        ("her stitches came apart and it's bleeding again", "severe-bleeding"),
        # anaphylaxis: a thick tongue, a funny throat after a food, hives with fainting
        ("my tongue has gone all thick and heavy", "anaphylaxis"),
        ("after the prawn curry my throat feels weird and scratchy", "anaphylaxis"),
        ("I'm covered in welts from the hornet and feel like I'm going to faint", "anaphylaxis"),
        ("his lips blew up after he tried a cashew", "anaphylaxis"),
        # unresponsive or seizure: lay accounts of a fit
        ("there's froth coming out of his mouth", "unresponsive-seizure"),
        ("she collapsed and started jerking on the kitchen floor", "unresponsive-seizure"),
        ("my niece went stiff and then shook all over", "unresponsive-seizure"),
        ("he had what looked like some kind of fit in the bath", "unresponsive-seizure"),
        ("he's been twitching for about four minutes now", "unresponsive-seizure"),
        ("Dad is breathing but is completely not responding to us", "unresponsive-seizure"),
        ("she can barely wake him for his tea", "unresponsive-seizure"),
        # head injury, infants, sepsis and meningitis, readings
        ("our boy banged his head on the tiles and has been sick twice", "head-injury"),
        ("Mum knocked her head getting out of the car and she is on apixaban", "head-injury"),
        ("the baby has had hardly any wet nappies and is extremely sleepy", "infant-danger"),
        ("our baby keeps vomiting green stuff", "infant-danger"),
        ("the spots on his legs didn't fade when I rolled a glass over them", "sepsis-meningitis"),
        ("she's having chemotherapy and tonight her temperature is 38.4", "sepsis-meningitis"),
        ("he has a high fever and is delirious", "sepsis-meningitis"),
        ("my son has a fever and says the light hurts his eyes", "sepsis-meningitis"),
        ("the home monitor says her pulse is 34", "critical-result"),
        ("his blood pressure just read 76/48 on the machine", "critical-result"),
        ("my sugar is 1.9 and I'm shaking", "critical-result"),
        ("the meter just says LO", "critical-result"),
        ("he's diabetic and is now slurring and very confused", "critical-result"),
        ("the out of hours doctor said to go straight to the emergency department", "critical-result"),
        # more ways of saying it: slang, empty packets, haemorrhage, a long lie, a young baby's age said loosely
        ("ngl i might just kms tonight", "suicidal-ideation"),
        ("we found him asleep holding an empty paracetamol packet", "overdose-poisoning"),
        ("my nephew got into the shed and ate some slug pellets", "overdose-poisoning"),
        ("she swallowed some of his tablets and we're not sure how many", "overdose-poisoning"),
        ("I think I'm haemorrhaging, it's everywhere", "severe-bleeding"),
        ("Grandma is lying on the floor in the hall and can't get up", "head-injury"),
        ("he is only 5 weeks and feels burning up", "infant-danger"),
        ("my toddler has a temperature and a rash like little bruises", "sepsis-meningitis"),
    ],
)
def test_general_lay_phrasings_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly the price of parking here is giving me a heart attack lol.",
        "What is the number for poison control? I'd like it on the fridge.",
        "Do antidepressants increase suicidal thoughts in young people?",
        "The heart attack leaflets in your waiting room are out of date.",
        "I fainted at work last spring and now I have an ambulance bill I don't understand.",
        "My husband had a seizure in 2020 and now he is doing well on his tablets.",
        "The chest pain I had on Monday has gone completely.",
        "My chest hurts a bit when I cough with this cold.",
        "Half my face is still numb from the dentist this morning.",
        "My arm went dead because I slept on it all night.",
        "I'm confused about the bill for my visit.",
        "My blood pressure usually runs about 88/58, is that too low?",
        "My pulse ox reads 97 at rest.",
        "I'm writing an essay on suicide prevention for my psychology class.",
        "How do I use an EpiPen correctly?",
        "What should we do if someone is choking at the party?",
        "I have anxiety and sometimes feel like I can't breathe during panic attacks.",
        "My 6 year old took his vitamins with breakfast.",
        "Mum's dementia makes her more muddled since the move.",
        "She had a fever during chemo last year and wants her notes.",
        "I've always bled a lot after minor operations, should I tell the surgeon?",
        "I ran 5 kms this morning and my legs ache.",
        "I read about people stockpiling medicines in the pandemic, is that allowed?",
        "I'm 8 weeks pregnant and would like to book my first scan.",
        "Our little boy ate his tea before sleeping.",
        "Our baby is only 6 weeks and has no fever, just a snuffly nose.",
        "The nurse said to go to the hospital lab for my blood test next Tuesday.",
        "My son's rash faded when I pressed a glass on it.",
    ],
)
def test_figures_of_speech_general_questions_and_resolved_events_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "I had a stroke in 2019 and since this morning my arm is weak again.",
        "I fainted at work last spring and now I can't get my breath.",
        "The pain went away on Monday but now it's back and my chest feels crushed.",
    ],
)
def test_history_does_not_hide_what_is_happening_now(rules, text):
    assert triage.red_flags(text, rules.red_flags)


def test_a_huge_message_without_punctuation_raises_no_flag(rules):
    # Its cost (the patterns' worst case) is measured by bench/triage.py.
    words = "please could you tell me about the bill for my appointment with the nurse and my insurance plan "
    text = (words * (100_000 // len(words) + 1))[:100_000]
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Grandad injected his insulin again by mistake after lunch. Now he is shaking and sweating a lot.",
         "overdose-poisoning"),
        ("The boiler has been making a strange noise all week. We all woke up dizzy with headaches.",
         "overdose-poisoning"),
        ("I've been keeping my sleeping tablets back. I've been putting them aside for a few weeks now.",
         "suicidal-ideation"),
    ],
)
def test_an_account_spread_over_two_sentences_raises_its_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("My 15 year old woke up with sudden agony in one testicle and has been sick.", "surgical-emergency"),
        ("Her belly is hard as a board and she screams if you touch it.", "surgical-emergency"),
        ("My foot suddenly went cold and white an hour ago and I can't feel my toes.", "surgical-emergency"),
        ("I'm 35 weeks pregnant with a terrible headache and flashing lights since this morning.", "pregnancy-danger"),
        ("My home blood pressure reading is 212/118 and my head is pounding.", "critical-result"),
        ("His headache came out of nowhere like being hit with a hammer.", "stroke-signs"),
        ("Everyone will be better off, I won't be a burden much longer.", "suicidal-ideation"),
        ("She has given away her dog and all her books this week.", "suicidal-ideation"),
        ("My son is bleeding through three towels from a cut on his leg.", "severe-bleeding"),
        ("We found dad on the bathroom floor and he only groans.", "unresponsive-seizure"),
        ("Grandpa hasn't peed since yesterday morning and his lower belly is hard.", "surgical-emergency"),
        ("The skin between my legs has gone numb and my back pain is worse.", "surgical-emergency"),
        ("He has been sick three times and now the vomit smells like poo.", "surgical-emergency"),
        ("Her fingers below the cast are white and cold and she can't move them.", "surgical-emergency"),
        ("33 weeks and I haven't felt the baby kick since last night.", "pregnancy-danger"),
        ("The rash has blisters now and her lips and mouth are raw.", "severe-skin-reaction"),
        ("My 7 month old has had no wet diaper since breakfast and cries with no tears.", "infant-danger"),
        ("The soft spot on his head looks sunken.", "infant-danger"),
        ("My poo is black like tar and I nearly fainted on the stairs.", "severe-bleeding"),
        ("My son (2) was chewing something from grandma's purse, I think one of her heart pills.",
         "overdose-poisoning"),
        ("I took my methotrexate every morning this week; the pharmacist says it is once a week.",
         "overdose-poisoning"),
        ("The headaches and sickness are better when we're out of the house.", "overdose-poisoning"),
        ("About an hour ago the vision in my left eye went black.", "stroke-signs"),
        ("Please cancel all my future appointments, I won't be needing them.", "suicidal-ideation"),
        ("Nobody would really miss me if I was gone.", "suicidal-ideation"),
        ("Since lunch my father says only wrong words, he wants water and says window.", "stroke-signs"),
        ("My wife says one side of my face looks like it is melting.", "stroke-signs"),
        ("Tea dribbled out the side of his mouth at breakfast.", "stroke-signs"),
        ("She has had one fit after another without coming round in between.", "unresponsive-seizure"),
        ("The fit has gone on for about 7 minutes now.", "unresponsive-seizure"),
        ("He drank some of the windshield washer fluid from a sports bottle.", "overdose-poisoning"),
        ("I doubled up my evening pills by mistake and I keep nodding off.", "overdose-poisoning"),
        ("Mum is shaky and sweaty and not making sense, and the juice isn't helping her sugar.", "overdose-poisoning"),
        ("I threw up bright red, a lot of it.", "severe-bleeding"),
        ("My son has type 1 and is breathing deep and fast and has vomited twice.", "critical-result"),
        ("I've had a painful erection for five hours that won't go away.", "surgical-emergency"),
        ("My calf is swollen and hot since the surgery and now I'm winded walking to the kitchen.",
         "surgical-emergency"),
        ("She says the baby has been swapped and isn't ours.", "acute-psychosis"),
        ("im 30 weeks pregnant and baby is moving way less than usual today.", "pregnancy-danger"),
        ("Watch your blood sugar, he said. Since last night I have memory problems and my count is 427.",
         "critical-result"),
    ],
)
def test_time_critical_conditions_beyond_the_classic_list_are_red_flags(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I feel low since the divorce but I'm not thinking about hurting myself, I'd like counselling.",
        "My daughter is doing her school project on strokes and has five questions for a nurse.",
        "The intake form asks if I have ever had suicidal thoughts; who can read that answer?",
        "I've had heartburn for years, the usual burning in my chest after coffee; please refill omeprazole.",
        "My brother overdosed in 2020 and has been sober for 3 years now; is naloxone covered?",
        "He blacked out from the heat at a festival two summers ago and has been fine since.",
        "I'm writing a novel where a character has a heart attack on a train.",
        "The spot where the IV was is swollen to the size of a golf ball.",
        "The amoxicillin rash is itchy; no lip or tongue swelling and I'm breathing fine.",
        "He had anaphylaxis when he was 3 and school needs his allergy action plan signed.",
        "The ER told me to carry an EpiPen and I was fine within a couple of hours last weekend.",
        "My husband passed away in August. I'm trying to get his affairs in order and found a bill from his stay.",
        "YOUR LAB LOST MY BLOOD SAMPLE AND NOW I HAVE TO COME BACK AND GET STUCK AGAIN.",
        "I took the rest of my antibiotics this morning and the ear feels better.",
        "My calf is a bit swollen after the long flight but my breathing is fine.",
        "today hives all over my body and itching. no swelling of my lips or throat, breathing fine.",
        "she runs and plays fine and has never fainted",
        "I have 1 pill of eliquis left and I am honestly scared of having a stroke without it.",
    ],
)
def test_denials_forms_projects_and_old_events_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_a_fever_with_an_appointment_days_away_is_not_a_feverish_newborn(rules):
    text = "My dad is 71. Tonight his temperature is 101.4; his post op appointment is 9 days away."
    assert "infant-danger" not in triage.red_flags(text, rules.red_flags)
    newborn = "She is only 9 days old and has a fever of 38.2."
    assert "infant-danger" in triage.red_flags(newborn, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("She grabbed her head and said it felt like an explosion inside, the worst headache she ever had.",
         "stroke-signs"),
        ("since an hour my father his mouth is going to the one side", "stroke-signs"),
        ("I think we gave mum her lantus twice tonight, 30 units each time.", "overdose-poisoning"),
        ("i take tylenol 2 pills every 3 hours day and night for the tooth. now i vomit and my eyes look yellow",
         "overdose-poisoning"),
        ("my 3 yo bit into a laundry pod and is coughing and drooling", "overdose-poisoning"),
        ("what dose would be too much, so i can just sleep and not wake up", "suicidal-ideation"),
        ("cant wake up my nan, i shook her and shouted and nothing", "unresponsive-seizure"),
        ("my son woke up with sudden pain in his privates on one side and threw up", "surgical-emergency"),
        ("I have a known ovarian cyst. An hour ago sudden stabbing pain on that side and I vomited 3 times.",
         "surgical-emergency"),
        ("the pain started round his belly button and has moved down low on the right, temp 101", "surgical-emergency"),
        ("he worked on the roof in the sun all day, now he has stopped sweating, skin hot and dry, and he is confused",
         "heat-stroke"),
    ],
)
def test_emergencies_written_as_library_questions_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I take my lantus twice a day and want to switch pharmacies.",
        "I take tylenol every 3 hours for my back; is there something stronger I can ask for?",
        "My wife had a hemorrhage after delivery in [DATE] and needed transfusions, she is fine now. Why this bill?",
        "I have old scars from self harm when I was a teenager; I'm 29 now and is laser treatment covered?",
        "My ovarian cyst was found on a scan and the gyn said to watch it; how often should it be checked?",
        "Is it dangerous to work on a roof in the sun all day?",
    ],
)
def test_routine_use_old_events_and_general_questions_stay_unflagged(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("bending down for the laundry a headache hit me like a gunshot to the back of my skull, the worst of my "
         "life", "stroke-signs"),
        ("my headache went from zero to 10/10 in a split second and I vomited", "stroke-signs"),
        ("My rifle is cleaned and loaded, tonight is it. Thank you for trying, doctor.", "suicidal-ideation"),
        ("I've made my peace with everything and I won't be coming to the appointment, tonight I go.",
         "suicidal-ideation"),
        ("since my wife left i am thinking to finish my life, every night", "suicidal-ideation"),
        ("woke at 4 with awful pain in my right ball, it looks higher than the other and i threw up",
         "surgical-emergency"),
        ("I have a PICC line for antibiotics and now I have chills and a temp of 101.9", "sepsis-meningitis"),
        ("the wound on his calf has black blisters and the skin crackles when you press it, fever 103",
         "sepsis-meningitis"),
        ("Since he woke up he doesn't know who I am and keeps talking to people who aren't there.", "acute-confusion"),
        ("Dad has had vomiting for three days and has hardly drunk anything. Now he is confused and his mouth is dry.",
         "acute-confusion"),
        ("my left eye is red and aching, I see rainbow circles around the lights and I threw up", "acute-eye"),
        ("I missed both my dialysis sessions this week and now my legs feel like jelly and my heart is skipping",
         "missed-dialysis"),
        ("his LVAD controller keeps beeping with a low flow alarm and he looks grey", "heart-pump-alarm"),
        ("Kidney transplant in March. Since last night I have chills and a temp of 101.5.", "sepsis-meningitis"),
    ],
)
def test_emergencies_in_portal_messages_and_replies_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I'm 6 weeks postpartum and teary; to be clear I have no thoughts of harming myself. Can I see someone?",
        "I'm 7 weeks pregnant with no pain and no bleeding, can I have an early scan anyway?",
        "My husband had a big heart attack in [MONTH], now he is recovering and does rehab twice a week. Please "
        "fill in the FMLA form.",
        "After the story on the news about a family with carbon monoxide poisoning, is a CO detector covered?",
        "If I ever go to the ER with chest pain and it turns out to be nothing, is it covered?",
        "My husband's LVAD clinic visit is on Monday; where do we park?",
        "I had a kidney transplant in 2019 and had a fever of 101 last week, all fine now. Can I get a flu shot?",
        "My dad had a heart attack in June and he is doing cardiac rehab now. Does the plan cover more sessions?",
        "The redness from my bug bite has spread past the pen line and I have a temp of 100.2, can I be seen today?",
    ],
)
def test_denials_placeholders_news_and_what_ifs_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("lol im gonna disappear for good tonight, its fine", "suicidal-ideation"),
        ("gave my dog to my neighbour and wrote the letters. thanks for everything doc", "suicidal-ideation"),
        ("found my 3 yr old with grandpas pill bottle open and some missing", "overdose-poisoning"),
        ("my mom is on lithium and has been throwing up since yesterday, now she is shaky and confused",
         "overdose-poisoning"),
        ("my daughter went under at the lake, they pulled her out, now she keeps coughing and is really sleepy",
         "breathing"),
        ("he crashed his bike, no helmet, threw up twice and keeps asking the same question", "head-injury"),
        ("got bleach in my eye cleaning the bathroom and it burns like crazy", "acute-eye"),
        ("fell off the roof and cant move his legs", "major-injury"),
        ("the bone is sticking out of his ankle", "major-injury"),
        ("my cousin just got stabbed outside the bar", "major-injury"),
        ("boiling water splashed on her face and her voice is going hoarse", "major-injury"),
        ("my brother says the radio is sending him secret messages and I locked myself in the bedroom",
         "danger-at-home"),
        ("7 wks pregnant, sharp pain on my left side and my shoulder hurts, I feel dizzy", "pregnancy-danger"),
        ("30 wks pregnant with the worst headache and sparkles in my vision, my hands are swollen", "pregnancy-danger"),
    ],
)
def test_emergencies_in_text_messages_and_chat_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "my 9 yr old has had 102 fever since this morning, motrin helps a bit. can she be seen today?",
        "my 10 month old has 100.2 after his shots, soft spot feels normal, he is eating fine",
        "dad is on warfarin and slipped in the shower yesterday, didnt hit his head, just a sore hip",
        "my friend overdosed last year and is doing good now. can I get narcan without a prescription?",
        "my son choked on a carrot at lunch, I did back blows and it came out. he is fine now, should he be seen?",
        "my toddler chewed on the vape pen case but didnt get any liquid, pod sealed, he is totally normal",
    ],
)
def test_fevers_with_doses_denials_and_resolved_chokes_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("the infection from my molar has spread under my chin and into my neck, I'm drooling and my voice is "
         "muffled", "breathing"),
        ("he texted that he will finish it tonight and he has his dad's pistol", "suicidal-ideation"),
        ("JV practice: a player made a tackle and now can't feel or move his legs", "major-injury"),
        ("Her pod failed three times and the meter says high. Now she is throwing up and breathing really deep.",
         "critical-result"),
        ("my water broke ten minutes ago and I can feel the cord coming out", "pregnancy-danger"),
    ],
)
def test_emergencies_in_voicemails_forms_and_staff_notes_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("found my uncle asleep in his truck after the snowstorm, he is ice cold and not shivering anymore, talking "
         "slow and mumbling", "hypothermia"),
        ("Out ice fishing all day, his toes went white and hard and he can't feel them", "hypothermia"),
        ("She has a cyst on her ovary. Just now she got sudden pain low on the left, the worst pain of her life, she "
         "is throwing up", "surgical-emergency"),
        ("On the phone mom suddenly started saying words that did not make sense and her voice sounded thick",
         "stroke-signs"),
        ("my grandparents picked wild mushrooms in the woods and cooked them, now both are vomiting",
         "overdose-poisoning"),
        ("she says everything looks yellow and she keeps throwing up since she started the new heart pill",
         "overdose-poisoning"),
        ("grandpa uses insulin, on facetime he was all sweaty and shaking and talking nonsense", "overdose-poisoning"),
        ("her pulse on the bp machine says 36 and she feels faint", "critical-result"),
        ("my brother hasnt slept for days and is holding a machete saying he has to protect us from the neighbours",
         "danger-at-home"),
        ("he thinks the government planted chips in our walls and says they are coming to kill us all tonight",
         "danger-at-home"),
        ("my son texted me 'I love you mom, this is goodbye' and now his phone is off", "suicidal-ideation"),
        ("she gave away her journal and her headphones and wrote goodbye on her wall", "suicidal-ideation"),
        ("I was cleaning the grill with degreaser and it splashed into my eye, burning bad", "acute-eye"),
        ("pool chlorine splashed into his left eye and he is screaming it burns", "acute-eye"),
        ("my husband works at the kiln, he is hot to touch, not making sense and he doesn't sweat at all",
         "heat-stroke"),
        ("Working in the field all afternoon my dad got dizzy and confused. We think heat stroke, what do we do?",
         "heat-stroke"),
    ],
)
def test_emergencies_told_by_relatives_far_away_or_in_plain_words_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "We went mushroom picking in the forest last weekend; is there a class on identifying them?",
        "My grandmother's digoxin was switched to a generic and the pills look yellow now, is it the same drug?",
        "I'm sorry for everything I said on the phone yesterday, thank you for your help.",
        "Goodbye and thanks, this is my last email before I switch plans.",
        "He cut his hand with a kitchen knife while cooking, does it need stitches?",
        "The security guard with a gun at the door was rude to my mother and I want to complain.",
        "The contact lens cleaning solution got in my eye and stung for a second.",
        "Childbirth was the worst pain of my life, can I book an epidural for next time?",
        "He was cold after the swim and not shivering now that he is wrapped up, playing happily.",
        "General question: for chest pain, when is urgent care enough and when is it the ER? Nobody is sick.",
        "Bill from chest pain visit",
        "Last [DATE] I brought my mother to your ER with chest pain and we waited five hours.",
        "Our 6 week old spits up after feeds, not green and not forceful, and she has lots of wet diapers.",
    ],
)
def test_foraging_apologies_kitchen_cuts_old_visits_and_general_questions_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Known 5mm kidney stone, now fever 102.6 and shaking chills, flank pain much worse", "sepsis-meningitis"),
        ("the sight in his right eye went totally dark a few minutes ago, no pain", "stroke-signs"),
        ("Pt c/o pressure-like CP x 30 min, diaphoretic, SOB, EMS called", "chest-pain"),
        ("ECG at the urgent care showed ST elevation, they are calling an ambulance", "chest-pain"),
        ("My daughter has Addison's and has been vomiting all day and now she is confused", "adrenal-crisis"),
    ],
)
def test_emergencies_in_staff_shorthand_and_formal_letters_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Pt hx STEMI s/p PCI, currently stable, requesting cardiac rehab authorisation.",
        "My 18 month old had a febrile seizure yesterday, fever is gone and he is playing, can we see his doctor?",
        "Barky cough tonight, no pulling in at the ribs, breathing quiet, can we do telehealth tomorrow?",
        "I had a kidney stone last year and want to know which urologist is in network.",
        "I have Addison's disease and need a refill of my hydrocortisone.",
    ],
)
def test_treated_heart_attacks_settled_fits_mild_croup_and_steroid_refills_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("she fell off the horse onto her head and now has pins and needles in both hands and her neck hurts",
         "major-injury"),
        ("got hit in the eye with a squash ball, now the pupil looks oval and bigger than the other", "acute-eye"),
        ("my 3 yo swallowed two of the small magnets off the fridge", "overdose-poisoning"),
        ("i think he swallowed the battery from my watch", "overdose-poisoning"),
        ("I coughed up some streaks of blood and I'm short of breath since my surgery", "severe-bleeding"),
    ],
)
def test_emergencies_asked_in_a_question_box_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "wasp sting on my hand this morning, swollen up to the wrist, no trouble breathing, what cream to use",
        "my newborn spat up milk with a streak of blood, my nipples are cracked. is that normal?",
        "my 4yo ate a few of my gummy vitamins, poison control said the amount was safe. should I call the doctor?",
    ],
)
def test_local_sting_swelling_a_streak_in_spit_up_and_cleared_ingestions_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_a_full_stop_after_a_title_does_not_split_an_account_in_two(rules):
    text = ("I'm 35 weeks pregnant, a patient of Dr. Alvarez. I have the worst headache and my blood pressure is "
            "170/112.")
    assert "pregnancy-danger" in triage.red_flags(text, rules.red_flags)


def test_a_stress_test_for_someone_who_never_had_chest_pain_is_not_a_red_flag(rules):
    text = "He's never had chest pain but his cardiologist ordered a stress test just to check."
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Also my nose has been pouring since half six. I've been pinching it but it won't stop.", "severe-bleeding"),
        ("My fingers are pale and numb and it kills when I try to straighten them. The forearm feels tight inside "
         "the cast like it's going to burst.", "surgical-emergency"),
        ("Sudden stabbing pain low on the left, it takes my breath away. I've thrown up 3 times.",
         "surgical-emergency"),
        ("Did a spin class yesterday, thighs swollen and hard, my pee is the colour of Coke", "rhabdomyolysis"),
        ("His neck is really sore and both hands are tingling like pins and needles", "major-injury"),
    ],
)
def test_emergencies_in_forum_posts_and_non_us_english_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Last year she told us she'd been having thoughts of self-harm, and she's in a good place now.",
        "EDIT: no numbness anywhere incl. the groin/saddle area, peeing normally, legs feel strong.",
        "4 weeks postpartum. Bleeding was heavy the first week, then gradually lighter.",
        "In the statement the diagnosis is written as 'gastrointestinal haemorrhage' but I had no bleeding.",
        "I have six years of trauma nursing experience, including massive haemorrhage protocols.",
        "No vomiting, no vision changes, not the worst headache ever or anything like that.",
        "I ran out of my Keppra yesterday and I'm really stressed about having a seizure at work.",
        "Dad had a fall at home last Tuesday and hit his head, we took him to ED because he's on blood thinners.",
    ],
)
def test_past_self_harm_denials_billing_codes_job_applications_and_fears_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Been getting the same headache as when my shunt blocked, sick 3 times this morning, now seeing double.",
         "stroke-signs"),
        ("My concentrator isn't working in the power cut, I'm on my last cylinder and getting more breathless.",
         "breathing"),
        ("I can't lie down and I keep coughing up frothy pinkish stuff", "breathing"),
        ("I had a fall in the bathroom and I haven't been able to get up, I've been on the floor all night.",
         "major-injury"),
        ("Cancer spread to my spine, my back is worse and since yesterday my legs feel weak and numb.",
         "surgical-emergency"),
        ("He's been sick 3 times today, the last one was brown and smelled like poo.", "surgical-emergency"),
        ("She takes apixaban and was found on the floor with a bump on her forehead.", "head-injury"),
    ],
)
def test_emergencies_in_people_with_a_lasting_condition_or_who_cannot_say_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I had an echo last year and it was normal. No dizziness, chest pain or fainting.",
        "Headache most afternoons, goes away with ibuprofen, it doesn't wake me up.",
        "His words get more jumbled after about 7pm, especially after busy days, and he gets frustrated.",
        "stroke??\nSat cross legged for an hour, stood up and my left foot was numb and tingly. It went back to "
        "normal in about 5 minutes. But one sided numbness is a stroke sign isn't it??",
        "Skin round the LVAD driveline is a bit pink, flows normal, no alarms, I feel well.",
        "He never goes blue or floppy, he feeds well and he's pink.",
        "My sats today are 88-89%, which is my normal with COPD.",
    ],
)
def test_denial_lists_usual_baselines_and_a_foot_gone_to_sleep_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_a_reply_subject_is_the_old_topic_and_raises_no_red_flag(rules):
    reply = triage.assess("Re: my daughter can't breathe!!", "Thank you, it was croup and she's sleeping fine now.",
                          rules)
    forward = triage.assess("Fwd: my daughter can't breathe!!", "Is this something?", rules)
    assert reply.classification.red_flags == []
    assert "breathing" in forward.classification.red_flags


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Since last night the swelling has gone from my jaw up to under my eye, I can only open my mouth a finger's "
         "width and I've got a fever of 102.5", "breathing"),
        ("He clashed heads with another kid. He was knocked out for 30 seconds.", "head-injury"),
        ("He's thrown up three times, is hard to keep awake, and one pupil looks bigger than the other", "head-injury"),
        ("He bought a handgun and has put his affairs in order", "suicidal-ideation"),
        ("I've been reading about how much amitriptyline it takes and I have that amount counted out",
         "suicidal-ideation"),
        ("Mom, I'm sorry for everything. I'm going to the bridge after my last exam.", "suicidal-ideation"),
        ("Found him in the closet with a belt around his neck tied to the rail", "suicidal-ideation"),
        ("She said soon she won't be a problem for us anymore", "suicidal-ideation"),
        ("She took a couple of something a friend gave her, heart rate is 160 and she's confused",
         "overdose-poisoning"),
        ("My wife is grey, sweating through her shirt, and the pain is getting worse", "chest-pain"),
        ("He is walking along the edge of the roof telling staff he can fly", "acute-psychosis"),
        ("The voices say the house has to be cleansed with fire and he has two gas cans on the porch",
         "danger-at-home"),
        ("His skin is red, hot and dry, he's stopped sweating.", "heat-stroke"),
        ("His meter reads 38 and he's sweaty, mumbling and can't swallow the juice", "critical-result"),
        ("The potassium from yesterday's extra draw is flagged 2.1 with a red critical low note", "critical-result"),
        ("heart rate 230 on my watch, feel like I'm about to faint", "critical-result"),
        ("Redness racing up my leg, past the pen mark from an hour ago. 104 fever", "sepsis-meningitis"),
        ("water broke at 31 weeks, contractions 4 min apart", "pregnancy-danger"),
        ("tje thing is my haand wont hold the cup rite and mouth feel fnny", "stroke-signs"),
        ("Since yesterday his legs have gotten weak and numb from about the waist down", "surgical-emergency"),
        ("Since this morning he has been spitting up bright green after every feeding", "surgical-emergency"),
        ("Been vomiting since 4am, can't keep the hydrocortisone down, so dizzy", "adrenal-crisis"),
        ("Leo was playing with the little remote and the round flat battery is gone.", "overdose-poisoning"),
        ("I fell getting out of the tub around 10 last night and cant get up.", "major-injury"),
        ("She's awake but can't get up, her right leg is turned out and the hip looks wrong", "surgical-emergency"),
        ("woke up 2 hours ago with really bad pain down below on the left side, throwing up", "surgical-emergency"),
    ],
)
def test_emergencies_told_by_third_parties_and_in_the_shapes_of_real_email_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "He has no headache, chest pain, vision changes or other symptoms and hasn't seen a doctor in years.",
        "I called Poison Control right away and they said it's non-toxic and to give her some water.",
        "Does your hospital use a standard anaphylaxis protocol or order set?",
        "F = Face drooping.",
        "Is it true you should take an aspirin if you think you're having a stroke?",
        "Principal diagnosis: Non-ST elevation myocardial infarction (NSTEMI)",
        "The ER nurse was wonderful when I came in with chest pain on Sunday night.",
        "I am writing again about the bills from my father's heart attack in March.",
        "On August 11 my mother was sent home from your ER despite a fever of 103 and a blood pressure of 88/50.",
        "- nitroglycerin spray as needed for chest pain (haven't needed it this year)",
        "The nurse who called back told us to go straight to the ER, which we did.",
        "my waters broke early at 35 weeks with my first, what are the chances it happens again",
    ],
)
def test_records_mnemonics_visits_that_are_over_and_advice_already_taken_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("there's a big bump on the back of her head. Since then she has thrown up twice and keeps wanting to sleep",
         "head-injury"),
        ("My 5 year old fell out of her bedroom window onto the patio about 30 minutes ago", "major-injury"),
        ("The skin is peeling off in big pieces and some of it is white and shiny", "major-injury"),
        ("li gen yon tèt fè mal toudenkou, like somebody hit her with a bat. kou li rèd and the light hurts her eyes",
         "stroke-signs"),
        ("The baby hasn't moved since about 10 last night", "pregnancy-danger"),
        ("For the last week I keep getting thoughts of putting a pillow over her face when she won't stop crying",
         "danger-at-home"),
        ("Daughter reports a minute of rhythmic jerking of all limbs with unresponsiveness", "unresponsive-seizure"),
        ("Pre-tx labs today: K 7.1, CO2 16.", "critical-result"),
        ("STAT BMP resulted Na 118. On visit: vomited x2, new confusion, unsteady gait.", "critical-result"),
        ("beta-hydroxybutyrate 6.2, bicarb 11, AG 24", "critical-result"),
        ("Since last night my abdomen is hard and swollen, fever 101.9 and my heart is racing", "surgical-emergency"),
        ("Now: oozing from PICC site, gum bleeding, hematuria, new severe headache", "severe-bleeding"),
        ("I think I just gave myself 44 units of my NovoLog instead of my Lantus", "overdose-poisoning"),
        ("Took Tylenol and NyQuil for days, now the whites of my eyes look yellow", "overdose-poisoning"),
        ("his spasms are far worse than ever, he's scratching himself raw, his temp is 102.6", "overdose-poisoning"),
    ],
)
def test_emergencies_in_children_pregnancy_staff_notes_and_medication_errors_raise_the_right_red_flag(rules, text,
                                                                                                       flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Home health visit: BP 158/94, HR 76. No HA, no vision changes, no CP/SOB.",
        "Urine ketone strips are negative, I'm eating and drinking okay, no vomiting. I have type 2 diabetes.",
        "I did the glass test on the red spots and they all faded completely under it",
        "At 33 weeks I get out of breath walking up two flights and have to stop at the top for a minute. At rest "
        "I'm fine - no chest pain, no racing heart, no leg swelling.",
        "Goose egg on his forehead. Since then he's been running around, no vomiting, not sleepy.",
        "I don't have any thoughts of hurting myself or her, I just cry at everything.",
        "stung by a bee, forearm swollen. no trouble breathing no lip or throat swelling no hives",
        "the soft spot on my 2 month old's head moves with his heartbeat. It's flat, not sunken or bulging.",
        "I got a sunburn last week and the skin is peeling off in big pieces",
    ],
)
def test_denied_symptoms_faded_rashes_negative_strips_and_old_sunburn_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("The label mentions hydrofluoric and the pain is getting deeper and deeper", "overdose-poisoning"),
        ("I think I gave her the 100 units instead of 10 with the new pen", "overdose-poisoning"),
        ("my 3 year old got into the bottle this morning, there might be up to 10 missing", "overdose-poisoning"),
        ("He drank most of a small bottle of redness-relief eye drops. Now he's very drowsy, his pulse is 44",
         "overdose-poisoning"),
        ("He's now drooling, sweating, twitching in the arms, his pupils are tiny", "overdose-poisoning"),
        ("A framing nail went into my coworker's chest, just left of center", "major-injury"),
        ("I took the tip of my finger off on the table saw", "major-injury"),
        ("He's talking but very pale, sweaty, his belly is getting bigger and hard.", "major-injury"),
        ("Since Tuesday fevers and shaking chills after I stopped the malaria tablets, and my eyes look yellow",
         "sepsis-meningitis"),
        ("He's staggering like he's drunk and getting sleepy. We're at about 14,000 ft.", "acute-confusion"),
        ("I drank loads of water after the race. Now I keep vomiting and I'm not making sense.", "acute-confusion"),
        ("A rattlesnake got my ankle on the ridge trail 40 minutes ago", "bites-and-lightning"),
        ("We think a scorpion stung her. She's drooling and can't stop thrashing her arms", "bites-and-lightning"),
        ("He has fern-shaped red marks on his arm and his heart feels like it's skipping", "bites-and-lightning"),
    ],
)
def test_emergencies_outdoors_at_work_and_on_the_farm_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "got bit by a tiny garter snake in my garden, like a scratch. no swelling",
        "watching greys and a guy got bit by a rattlesnake, is 20 vials of antivenom real?",
        "Lightning hit our house last night. No one was hurt and I need a note for work.",
        "To be clear, I'm not suicidal and I'm safe.",
        "I washed it off straight away and poison control said no treatment was needed.",
    ],
)
def test_harmless_snakes_tv_stories_near_misses_and_denials_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("a nagging headache by my temple and my jaw tires when I chew. The vision in my right eye disappeared",
         "stroke-signs"),
        ("My right ear went completely dead two hours ago, the room is spinning and I've thrown up twice",
         "stroke-signs"),
        ("A lump on the front of my neck that's grown fast. My breathing makes a high whistling sound.", "breathing"),
        ("The lab phoned to say my mother's calcium came back at 15.9", "critical-result"),
        ("She is hot and dry to the touch, isn't sweating and is rambling nonsense", "heat-stroke"),
        ("The erection hasn't gone down for 5 hours and it's getting very painful.", "surgical-emergency"),
        ("My scrotum has swelled up and is extremely painful, the redness is spreading onto my belly",
         "surgical-emergency"),
        ("That knee has become hot and very swollen and I cannot put any weight on it. Temperature of 103 overnight.",
         "surgical-emergency"),
        ("He has had a touch of indigestion since lunch, he is rather grey and damp and says his jaw aches",
         "chest-pain"),
    ],
)
def test_emergencies_hidden_in_admin_tasks_and_understated_by_the_very_old_raise_the_right_red_flag(rules, text,
                                                                                                     flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "In cold weather my fingers turn white then blue, then red and tingly once I warm up.",
        "My knee is a bit swollen after gardening, no fever, I can walk on it fine.",
    ],
)
def test_fingers_blue_in_the_cold_and_a_swollen_knee_without_fever_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("They pulled a back molar on Tuesday. The swelling was meant to go down but now it has spread under my jaw "
         "and into my neck, and swallowing is hard", "breathing"),
        ("My son sounds like he has a hot potato in his mouth and he can't open wide", "breathing"),
        ("Since this afternoon I've had to work hard to breathe", "breathing"),
        ("Thyroid surgery on Friday. My neck is swelling up under the bandage and it feels tight when I breathe",
         "breathing"),
        ("My cataract operation was on Monday. Today the eye is extremely painful and I can barely see the clock",
         "acute-eye"),
        ("I had lip and cheek filler this morning and now the vision in my right eye has gone blurry", "acute-eye"),
        ("My flatmate did ketamine with gin and is lying on the bathroom floor making a gurgling noise",
         "unresponsive-seizure"),
        ("The dressing on her hip is soaked and she has gone pale and clammy", "severe-bleeding"),
        ("Dad is shivering under three blankets and his BP on the home machine is 82/48", "sepsis-meningitis"),
        ("Gastric bypass eight days ago. Now my pulse is 134 and I'm shaking with chills", "sepsis-meningitis"),
        ("She has a fever of 104 and is so dizzy she had to crawl to the bathroom", "sepsis-meningitis"),
        ("Temperature 39.2 and he keeps talking strangely, he doesn't know who I am", "sepsis-meningitis"),
        ("His fingers are white and icy and he screams when I try to straighten them", "surgical-emergency"),
    ],
)
def test_emergencies_after_procedures_with_devices_and_on_drugs_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Three weeks after my op. No fever, no heavy bleeding.",
        "Her throat has thick white patches after the tonsillectomy, as the surgeon said it would.",
        "My incision leaks a little. No fever. I'm tired with a newborn at home.",
        "My nose piercing is 5 days old, a bit red round the stud, no fever.",
        "Baby gurgles happily after every feed.",
        "After the cataract op the eye is a bit gritty and slightly blurry, no pain.",
        "I had filler last month and was pleased with how it looks.",
        "My blood pressure runs low, 88/58 at my last check, and I feel fine.",
        "Is it normal to have a temperature of 99 and some shivers a week after a hernia repair?",
    ],
)
def test_normal_healing_and_denied_fevers_after_procedures_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I swallowed everything left in my sleeping pill bottle an hour ago", "overdose-poisoning"),
        ("Already picked the bridge. Just need to finish the cat's rehoming form first.", "suicidal-ideation"),
        ("I'm sitting in the garage holding my brother's shotgun tonight", "suicidal-ideation"),
        ("Quit drinking cold turkey on Sunday and now I keep seeing spiders on the ceiling that aren't there",
         "acute-confusion"),
        ("I've been taking laxatives every day to stay thin, my heart keeps skipping and my legs cramp up",
         "critical-result"),
        ("Egg retrieval on Monday and now my belly is swollen tight and I get short of breath", "pregnancy-danger"),
        ("Her tummy is rock hard and she has a fever of 39.4", "surgical-emergency"),
        ("It won't go down, it has been 6 hours and it is really painful", "surgical-emergency"),
        ("Heard a pop during sex and now it is swollen and purple", "surgical-emergency"),
        ("A metal ring is stuck on his finger and the tip has turned dark blue", "surgical-emergency"),
        ("Fever of 39.9, I keep throwing up and there is a red rash like sunburn all over my body",
         "sepsis-meningitis"),
        ("Fever of 39.7 and I keep losing track of what I'm saying", "sepsis-meningitis"),
        ("I was raped two hours ago and I don't know where to go", "major-injury"),
    ],
)
def test_private_embarrassing_and_hidden_emergencies_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My left testicle has been sore and a bit swollen for a week, it came on gradually. Mild fever.",
        "Where can I find resources on how to support someone who is suicidal?",
        "Drank too much on Saturday and blacked out for part of the night, feel fine now.",
        "I'd like help to quit drinking; I've read withdrawal can cause seizures.",
        "No pop, no swelling, just a little sore since last weekend.",
        "My wedding ring is stuck because my fingers swell in the heat.",
        "I was sexually assaulted years ago and would like a copy of my records from that time.",
    ],
)
def test_gradual_swelling_support_questions_memory_gaps_and_old_assaults_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("The pain in his stomach is the worst ever, yet his belly is soft and doesn't hurt when I press",
         "surgical-emergency"),
        ("My lower back is killing me and I can feel a heartbeat in my stomach", "surgical-emergency"),
        ("Mum has an aneurysm they are watching. Since an hour ago she has pain in her back and is pale and dizzy.",
         "surgical-emergency"),
        ("Pain in the top of my stomach going straight through to my back, I've vomited five times",
         "surgical-emergency"),
        ("My calcium came back at 3.2 and I keep vomiting", "critical-result"),
        ("He is terribly thirsty and today he is confused", "critical-result"),
        ("I have sickle cell and now a fever, a cough and pain across my chest", "breathing"),
        ("The oximeter says 85 and I am getting more breathless", "breathing"),
        ("My son swallowed 'a handful' of the paracetamol last night", "overdose-poisoning"),
        ("Since yesterday his legs are like jelly and his voice sounds weak", "stroke-signs"),
        ("Temperature 39 and she's saying weird stuff, she doesn't know what day it is", "sepsis-meningitis"),
        ("Tiny purple dots on her legs and she keeps repeating herself", "sepsis-meningitis"),
        ("Dad's sugars are reading 650 and he's barely making sense", "critical-result"),
        ("I think I'm getting acute chest again, same as last time, with a fever and I'm breathless",
         "breathing"),
    ],
)
def test_internal_medicine_and_childrens_emergencies_in_lay_words_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My calf has been a bit swollen since the flight. No chest pain, breathing's normal.",
        "Fainted at blood test this morning, came round straight away and feel fine.",
        "Sickle cell pain episode last week, no fever, no chest pain, breathing fine, and it's settled now.",
        "I can feel my pulse in my belly when I lie down, is that normal? I'm slim and have no pain.",
        "I had sickle cell crisis with acute chest syndrome back in 2019 and want my records.",
    ],
)
def test_denied_symptoms_vasovagal_faints_and_settled_sickle_pain_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Grandfather fell in kitchen, not get up, breathing strange", "unresponsive-seizure"),
        ("My daughter is very sleepy, hard to wake since she hit her head", "unresponsive-seizure"),
        ("My mother pressure went up, the machine say 218 / 126 and her head hurts", "critical-result"),
        ("He fell from the scaffold, he cannot feel both his legs", "major-injury"),
        ("Sudden strong pain in all the belly, the belly is hard like wood", "surgical-emergency"),
        ("My son woke at 6 am with pain in his private part, one side is swollen", "surgical-emergency"),
        ("I am 35 weeks pregnant and have a very strong headache, the tablets don't help", "pregnancy-danger"),
        ("He drank the insect killer from the shed", "overdose-poisoning"),
        ("His eyes are small small and there is much saliva and sweating", "overdose-poisoning"),
        ("She drank a tea of the root from her village. Now her mouth is numb and her heart is jumping irregular",
         "overdose-poisoning"),
        ("My cousin has cleaned his gun and says everything is ready", "suicidal-ideation"),
        ("My family will be happier without a burden like me", "suicidal-ideation"),
        ("I will not be here by then anyway, please cancel my appointments", "suicidal-ideation"),
        ("She says her work in this life is finished", "suicidal-ideation"),
        ("At dinner his left hand would not hold the fork, he never had trouble before", "stroke-signs"),
        ("Nana can't swallow and one side of her face looks weird", "stroke-signs"),
        ("I got a headache suddenly, worst I have ever had", "stroke-signs"),
        ("Fell in the hall. Can't get up.", "major-injury"),
        ("He fell at 4am. I can't lift him and he is still on the floor", "major-injury"),
        ("My hernia came out and won't go back in, it's hard and I've been sick", "surgical-emergency"),
        ("His belly is swollen like a drum and he keeps vomiting", "surgical-emergency"),
        ("Her pad has been dry all day and her lower belly is swollen and hard", "surgical-emergency"),
        ("His foot went suddenly painful this afternoon and now it's white and cold", "surgical-emergency"),
        ("Since this morning I'm short of breath, sweating through my shirt and I was sick", "chest-pain"),
        ("He takes spironolactone. Now his legs are weak and his heart keeps fluttering", "critical-result"),
        ("Mum is not herself today, she called me by my dad's name", "acute-confusion"),
        ("He has barely passed urine today and is so sleepy he can't answer", "acute-confusion"),
        ("Took my gliclazide twice and haven't eaten", "overdose-poisoning"),
        ("His pill organizer is empty, a whole week gone, and he is dizzy", "overdose-poisoning"),
        ("She bumped her head on Monday and now has a headache and keeps nodding off, not like her", "head-injury"),
        ("I have taken my digoxin and now everything has a yellow tint and I feel sick", "overdose-poisoning"),
        ("The vomit smelled like, well, poo", "surgical-emergency"),
        ("Her flat is 35 degrees, she is not sweating, very hot to the touch and muddled", "heat-stroke"),
    ],
)
def test_emergencies_in_non_native_english_and_in_the_very_old_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I am 14 weeks pregnant and saw a little pink blood on the paper, no pain, no cramps.",
        "My son ate silica gel. I read on the packet it is poison?",
        "Please send copies of my discharge letter from my heart attack to my new cardiologist.",
        "She was muddled at the weekend but has no temperature today and is much better.",
        "I cleaned my rifle, ready for hunting season.",
        "My grandmother says she feels tired and a little short of breath with her flu, and she is sweating.",
    ],
)
def test_spotting_label_warnings_records_and_settled_confusion_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I coughed up about half a cup of bright red blood", "severe-bleeding"),
        ("Kidney tx two years ago, now the graft is tender and my temp is 38.6", "sepsis-meningitis"),
        ("Found him sweaty, the meter read 1.8", "critical-result"),
        ("She is unrousable this morning", "unresponsive-seizure"),
        ("Her belly has blown right up, it's tender, and her heart rate is 126", "surgical-emergency"),
        ("On pembrolizumab. Diarrhoea 9 times today with blood in it and I can't keep water down", "severe-bleeding"),
        ("My ICD has fired three times since lunch", "chest-pain"),
        ("The cellulitis is spreading fast with blisters and I'm shivering", "sepsis-meningitis"),
        ("The PD bag is cloudy this morning and my belly hurts", "sepsis-meningitis"),
        ("My PICC arm is swollen and purple and I'm short of breath", "breathing"),
        ("I had a seizure about an hour ago and I'm still muddled", "unresponsive-seizure"),
        ("My son swallowed three of those tiny magnets", "surgical-emergency"),
        ("His thumb is almost off, hanging by skin", "major-injury"),
        ("I'm on warfarin and my thigh keeps getting bigger and I feel faint", "severe-bleeding"),
        ("Her face is puffing up and she's vomiting", "anaphylaxis"),
        ("He got 30 wasp stings", "anaphylaxis"),
        ("I keep thinking about taking all of my mom's pills", "suicidal-ideation"),
        ("The boiling water went over her and the skin is sliding off her arm", "major-injury"),
    ],
)
def test_complications_of_long_illness_and_seasonal_home_emergencies_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Slipped on ice and bruised my bottom, but no head bump, and I'm not on any blood thinners.",
        "My stools have gone black since starting iron tablets, no dizziness and my energy is fine.",
        "My oxygen was 89, and my respiratory team gave me a target of 88 to 92.",
        "She was holding a laundry pod, it was dry and intact, nothing in her mouth.",
        "I had a seizure in 2019 and have been seizure-free since.",
    ],
)
def test_denied_head_bumps_iron_stools_target_sats_and_untouched_pods_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Sam has a VP shunt. Since this morning he has a bad headache, has been sick twice and keeps falling asleep",
         "stroke-signs"),
        ("Husband face one side fall down, he sign messy", "stroke-signs"),
        ("T6 injury. Pounding headache, face flushed, BP 190/105", "critical-result"),
        ("She has Down syndrome, new stiff neck since the fall this morning and now tingling in both hands",
         "major-injury"),
        ("His leg is bent at a strange angle and the foot is white", "major-injury"),
        ("After the binge her stomach is swollen and hard and she keeps vomiting", "surgical-emergency"),
        ("He screamed when I touched low on the right, and he has vomited", "surgical-emergency"),
        ("He is clutching his left arm, pale and clammy", "chest-pain"),
        ("He has had fits since 7pm and doesn't come round properly in between", "unresponsive-seizure"),
        ("I have my pills saved and tonight I'm taking them all", "suicidal-ideation"),
        ("Warm liquid down my face, my shirt is soaked, getting dizzy", "severe-bleeding"),
        ("He is holding a knife and says the voices told him the neighbours must be punished", "acute-psychosis"),
        ("The voices say my daughter has to be punished", "acute-psychosis"),
        ("She has not slept for days, the ocean is calling her and she is walking in tonight", "acute-psychosis"),
        ("Client disclosed active SI w/ plan/intent/means today", "suicidal-ideation"),
        ("He is sitting in the car with the engine running in the garage", "suicidal-ideation"),
        ("I found a belt tied into a loop in his closet", "suicidal-ideation"),
        ("She texted 'I won't be around for it. Thanks for trying.'", "suicidal-ideation"),
        ("She says she took 'all 30' of her sleeping pills", "overdose-poisoning"),
        ("On lithium for years, now confused and she fell twice", "overdose-poisoning"),
        ("He is on clozapine and now has a fever of 39.2", "overdose-poisoning"),
        ("ECG shows QTc 540 and she fainted", "critical-result"),
        ("He has been staring at the wall for two days and won't eat or drink", "acute-confusion"),
        ("After the haloperidol injection his neck is twisted back and he can't swallow", "breathing"),
        ("I swallowed a razor blade an hour ago", "major-injury"),
    ],
)
def test_emergencies_of_disability_and_of_mental_health_in_shorthand_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My son has a shunt and gets his usual mild headache, no vomiting, no sleepiness.",
        "BP 84/50 this morning, that's normal for me since my injury.",
        "Her usual breath-holding spells, lips go a bit dusky for a few seconds, then she breathes.",
        "His catheter bag is cloudy and he has a temperature of 100.4 but is eating and chatting.",
        "I read the warning about suicidal thoughts on the leaflet and now I'm worried about starting it.",
        "Our church lost two young people to suicide this year; is there a grief group?",
        "There are stories of people swallowing needles without knowing it.",
        "I hear voices sometimes but they never tell me to hurt anyone.",
    ],
)
def test_baselines_drug_warnings_grief_groups_and_stories_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_a_sentence_ends_after_a_closing_quote(rules):
    text = "He texted: 'I won't be around for it. Thanks for trying.' Last week he was fine."
    assert "suicidal-ideation" in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("At lunch half her smile went flat", "stroke-signs"),
        ("My chest keeps clamping down and my arm is heavy", "chest-pain"),
        ("It feels like my bra is too tight and I'm sweaty", "chest-pain"),
        ("Ketones came up dark purple and I'm breathing hard", "critical-result"),
        ("Had my gallbladder out 5 days ago. Now chills and my heart rate is 130", "sepsis-meningitis"),
        ("Fell and hit the back of his head on the step, he was out for a minute", "head-injury"),
        ("I keep thinking about stepping off the bridge on my way home", "suicidal-ideation"),
        ("The kids will be better off with the money than with me", "suicidal-ideation"),
        ("My rifle is out on the table and I'm done", "suicidal-ideation"),
        ("Everyone in the house woke up with headaches this morning", "overdose-poisoning"),
        ("Got zapped by a 240v outlet, it threw me across the room", "major-injury"),
        ("Sharp pain low on my left side and pain at the tip of my shoulder, I feel lightheaded", "pregnancy-danger"),
        ("35 wks, headache all day and Tylenol not touching it", "pregnancy-danger"),
    ],
)
def test_common_emergencies_in_everyday_words_and_in_forms_and_transcripts_raise_the_right_red_flag(rules, text,
                                                                                                      flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I watched a show where a heart attack started with jaw pain, is that real?",
        "When I get anxious I feel like I can't get a full breath.",
        "Bumped my head two days ago, no headache, never blacked out.",
        "My sister went into anaphylactic shock at her wedding, she's fine now.",
        "During my asthma visit on 2/9 I was struggling to breathe and staff were rude.",
        "Common signs include face drooping, arm weakness and speech difficulty.",
        "Member denies suicidal ideation, plan or intent; new job is helping.",
    ],
)
def test_shows_anxiety_old_bumps_resolved_reactions_and_denials_in_notes_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize("text", ["Sí, I plan to come on Monday.", "We live in HI and plan to visit in June."])
def test_si_and_hi_outside_clinical_shorthand_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("For a short story: how many of my 50 mg tablets would be fatal for a small woman?", "suicidal-ideation"),
        ("How long does it take to bleed out from a wrist cut? theoretical.", "suicidal-ideation"),
        ("asking for a friend. the friend is me. the friend took like 30", "suicidal-ideation"),
        ('my friend posted "ctb tn dont try"', "suicidal-ideation"),
        ("Dr. K, none of this is on you. Please don't open my card until Monday.", "suicidal-ideation"),
        ("He emailed me all his passwords just in case and isn't answering", "suicidal-ideation"),
        ("I won't need the refill or anything else after this week. You can close my file.", "suicidal-ideation"),
        ("My ex texted 'tell the kids I'm sorry' with a photo of his handgun", "suicidal-ideation"),
        ("A charcoal smell from his flat and the door gap is taped from the inside", "overdose-poisoning"),
        ("Her boyfriend is screaming that he'll kill her and something just smashed", "danger-at-home"),
        ("He is yelling he'll burn the building down with everyone in it", "danger-at-home"),
        ("A resident intends to kill his supervisor tonight and showed me a gun", "acute-psychosis"),
    ],
)
def test_crises_reported_by_third_parties_and_oblique_goodbyes_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I'm moving to a retirement community and giving away most of my things.",
        "I'd like a grief counsellor who specialises in suicide loss.",
    ],
)
def test_downsizing_and_suicide_loss_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "assisted suicide\nphysician assisted suicide legal in any state? what if someone is dying and they really "
        "want to die with dignity before the disease ravages their mind?",
        "Is physician-assisted suicide allowed for someone with ALS?",
    ],
)
def test_questions_about_assisted_dying_laws_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "I want to die. I'm going to take all my pills tonight.",
        "my brother keeps saying he wants to die and he won't get out of bed",
        "I have been having suicidal thoughts every day this week.",
    ],
)
def test_a_wish_to_die_and_suicidal_thoughts_stay_red_flags(rules, text):
    assert "suicidal-ideation" in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "When I was about 10 I had anaphylaxis after a penicillin injection, had to be admitted. Now I'm 37 and my "
        "dentist wants to give amoxicillin.",
        "I had depression and suicidal thoughts back in university and started sertraline then.",
        "My father had a stroke in 2019, right side weakness, now he is walking with stick and talking well.",
        "We travel to Ghana next month. Which vaccines do we need, is yellow fever compulsory?",
        "hi um I've got a blood test next week and uh years ago I passed out once when they were drawing my blood "
        "I went right down um is there anything I should do so that doesn't happen again",
        "the pharmacy says my insurance is terminated. i need the insulin today i only have tonights dose. "
        "im confused and scared.",
    ],
)
def test_history_a_recovered_stroke_travel_vaccines_and_a_confused_writer_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("When I was about 10 I had anaphylaxis to penicillin. Now my lips are swelling and I can't breathe.",
         "anaphylaxis"),
        ("Back from Ghana last week, he has a fever with chills and his eyes have gone yellow.", "sepsis-meningitis"),
        ("Since this morning his right arm is weak and he can't lift it.", "stroke-signs"),
        ("His sugar is 35 and he is confused and sweating.", "critical-result"),
        ("Years ago he had seizures. It's happening again, he passed out and won't wake up.", "unresponsive-seizure"),
    ],
)
def test_the_same_conditions_happening_now_stay_red_flags(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Dull headaches most afternoons for 2 weeks. No vomiting, no vision changes, no numbness, not waking me up at "
        "night.",
        "No new floaters recently, no flashes of light, no curtain or shadow coming across my vision, vision is the "
        "same as always with my glasses.",
        "She spits up after every feed, lots of wet diapers, no projectile vomiting, nothing green or bloody.",
        "Deep-ish cut on my finger from a wine glass. Bled a lot, stopped with pressure after ~15 min, closed it with "
        "steri strips.",
    ],
)
def test_symptoms_listed_as_absent_and_bleeding_that_stopped_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "I'm a school nurse planning a staff training session on recognising self-harm and suicidal thoughts in "
        "teenagers.",
        "Our daughter's cast was put on so tight at your clinic that her fingers went purple and we had to come back "
        "the same night to have it cut off.",
    ],
)
def test_staff_training_and_fingers_purple_under_a_tight_cast_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("My husband won't wake up, I've been shaking him.", "unresponsive-seizure"),
        ("A dark curtain came down over the top of my right eye this morning.", "stroke-signs"),
        ("The baby is vomiting bright green since lunch.", "surgical-emergency"),
        ("His lips and fingers are going blue and he is struggling to breathe.", "breathing"),
        ("My son says he has been having suicidal thoughts since the training session.", "suicidal-ideation"),
        ("It bled a lot and hasn't stopped after 20 minutes of pressure.", "severe-bleeding"),
    ],
)
def test_the_same_signs_present_stay_red_flags(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("kms tonight fr. not joking this time. bye", "suicidal-ideation"),
        ('She told me she had "picked a date". Today is her birthday.', "suicidal-ideation"),
        ("She texted me all her passwords and said thank you for everything.", "suicidal-ideation"),
        ("He asked whether the beam in the barn would hold a grown man's weight.", "suicidal-ideation"),
        ('She has pills hidden in her room and says "tonight is when".', "suicidal-ideation"),
        ("He texted a photo of a loaded syringe.", "suicidal-ideation"),
        ("He posted a video saying this is my last video, I love you all.", "suicidal-ideation"),
        ("He told me he will join her on our anniversary, Sunday.", "suicidal-ideation"),
        ('He said he "won\'t be needing a return" ticket.', "suicidal-ideation"),
        ('He said "I\'ve got enough put by for what I need to do tonight."', "suicidal-ideation"),
        ('she took "about 30 or 40" extra strength because she "wanted everything to stop."', "overdose-poisoning"),
        ("i took all of grandpas heart pills", "overdose-poisoning"),
        ("He found a bag of fentanyl and locked himself in the bathroom. I'm scared.", "overdose-poisoning"),
        ("He took several loose tablets from a bag and swallowed them. He is now drowsy.", "overdose-poisoning"),
        ("I've been out of clonazepam for 3 days. I'm shaking nonstop and seeing shadows move.", "overdose-poisoning"),
        ("He drinks two bottles of vodka a day. He stopped yesterday. Now he's seeing spiders on the wall.",
         "acute-confusion"),
        ("A smell like charcoal grill smoke under his door and tape around the door frame.", "overdose-poisoning"),
        ("My boyfriend said he will kill me if I leave and he has a knife.", "danger-at-home"),
        ("He has a list of coworkers he intends to kill.", "danger-at-home"),
        ("He said he is coming down there with something for her.", "danger-at-home"),
        ("She has vomited twice and is very sleepy and hard to keep awake.", "unresponsive-seizure"),
        ("She has a swelling and bruising behind her left ear.", "head-injury"),
        ("He is standing in the median of the interstate saying the cars can't hurt him.", "acute-psychosis"),
        ("Chest pain both sides, SpO2 89%, says it feels like last year's ICU admission.", "breathing"),
    ],
)
def test_crises_in_overlooked_settings_and_pasted_goodbyes_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "We walked 5 kms tonight.",
        "See you on the other side of my surgery!",
        "My mom texted me all her passwords so I can pay her bills.",
        "I'll join her for lunch on Sunday.",
        "My claim was denied and I want to know why.",
        "No current thoughts of self-harm.",
        "Please send my records from my 2019 admission (self-harm, Unit 3B).",
        "Thesis data - farmer suicide",
        "Chest pain: N\nSOB: N\nSuicidal ideation: denies",
        "Lip/tongue swelling: N  Throat tightness: N  Trouble breathing: N",
        "Denies worst-headache-of-life, fever, stiff neck, weakness, vision loss.",
        "Passed the kidney stone at home, pain-free since, no fever.",
        "My grandma takes 10 pills a day.",
    ],
)
def test_negative_fields_denials_in_notes_records_and_research_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Do you have the body donation form? I'd like it settled before Saturday, which is the day I've picked.",
         "suicidal-ideation"),
        ("I want to be sure my kidneys and corneas go to someone useful by Sunday.", "suicidal-ideation"),
        ("I've got 74 of them put away in the drawer, enough to finally sleep for good.", "suicidal-ideation"),
        ("I've been keeping the extras aside and I'm at about 120 now, so it's certain this time.",
         "suicidal-ideation"),
        ("After this weekend there won't be anybody at this address to collect from. Goodbye.", "suicidal-ideation"),
        ("Neither of us will need it after tonight, I've decided I'm taking her with me.", "suicidal-ideation"),
        ("I've put my paperwork in order and my sister knows where everything is. Please don't send reminders.",
         "suicidal-ideation"),
        ("She will need the records afterwards to sort out the estate. I am doing it tonight.", "suicidal-ideation"),
        ("the tide is low my pockets full of stones", "suicidal-ideation"),
        ("im sitting on the railing of my balcony (9th floor)", "suicidal-ideation"),
        ("I burned my forearm over and over last night with a heated spoon.", "suicidal-ideation"),
        ("cut both wrists about 20 min ago", "suicidal-ideation"),
        ("i'm standing on the edge of the top level of the parking deck and the air is holding me up",
         "suicidal-ideation"),
        ("on the kitchen floor with a blade and its pooling under me", "severe-bleeding"),
        ("Haven't slept since Saturday, driving to Vegas right now doing like 110, typing this at the wheel",
         "acute-psychosis"),
        ("The radio said I have to stop them before midnight. My grandfather's rifle is loaded and by the door.",
         "acute-psychosis"),
        ("god told me I'm not supposed to eat or drink. this is day 5 and I can't pee.", "acute-psychosis"),
        ("my moms boyfriend has a knife and hes gonna kill me, hes banging on my door", "danger-at-home"),
        ("drunk driving back from the lake w my nephew in the back seat, cant really see the lines", "danger-at-home"),
        ("Last night I had the pillow over her face before I stopped myself.", "danger-at-home"),
        ("I take already all my amitriptyline tablets for this month, maybe 40 tablet.", "overdose-poisoning"),
        ("I am stop drinking the vodka since three day. Now I see small animals running on the floor.",
         "acute-confusion"),
        ("She has pain between her shoulder blades, nausea and she is sweating cold.", "chest-pain"),
        ("He got a shock from a 240v line and now his heart is skipping and fluttering.", "unresponsive-seizure"),
        ("She can't walk, her arms are weak and she can't count to 10 in one breath.", "breathing"),
    ],
)
def test_crises_written_obliquely_by_the_person_and_library_style_emergencies_raise_the_right_red_flag(
        rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Please cancel all my upcoming appointments, I won't be needing them - I'm moving to Denver.",
        "Cutting back on coffee, yesterday I honestly thought I was going to die lol.",
        "My new group life policy has a two-year suicide exclusion.",
        "How can I get training on recognizing suicide warning signs in students?",
        "I'm 88 and getting my affairs in order the way everyone my age should.",
        "I'm taking her with me to the appointment on Friday.",
        "I can fly to Denver next week.",
        "My mom is going to kill me when she sees this bill.",
        "I would like to register as an organ donor.",
    ],
)
def test_moves_figures_of_speech_policy_clauses_and_training_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Can you confirm whether my daughter stays covered if I'm gone. I will not go to prison.",
         "suicidal-ideation"),
        ("I have my insulin and I know how much it takes.", "suicidal-ideation"),
        ("How many does it take before it's too late for the hospital to fix it?", "suicidal-ideation"),
        ("I want to be sure I've waited long enough before anyone finds out.", "suicidal-ideation"),
        ("I just wanted one person to know it wasn't for lack of trying.", "suicidal-ideation"),
        ("I owe $60k on betting apps and I've made my decision.", "suicidal-ideation"),
        ("I left a letter for my son in the truck, so I won't be needing either appointment.", "suicidal-ideation"),
        ("Harold has been gone eleven months and I'm ready to go and be with him.", "suicidal-ideation"),
        ("i don't think i'm going to make it that long. the pills are lined up on my desk.", "suicidal-ideation"),
        ("half a bottle of vodka in, and the belt's already looped over the closet rail", "suicidal-ideation"),
        ("last night I put the barrel in my mouth", "suicidal-ideation"),
        ("I don't want my grandson to be the one who finds me.", "suicidal-ideation"),
        ("I have my roommate's lorazepam bottle in front of me", "suicidal-ideation"),
        ("He asked whether the life insurance pays out if someone dies in what looks like an accident.",
         "suicidal-ideation"),
        ("It has to be done before the afternoon, after that it won't matter.", "suicidal-ideation"),
        ("i'm at the train station. i keep thinking the 11:40 express would be quick.", "suicidal-ideation"),
        ("I keep picturing walking into the lake behind our house and not coming back.", "suicidal-ideation"),
        ("I've been sitting in the shop with a rope trying to work up the nerve.", "suicidal-ideation"),
        ("I've had them lined up on the counter all afternoon and I keep counting them.", "suicidal-ideation"),
        ("He handed out his tools and said 'won't need 'em.'", "suicidal-ideation"),
        ("He just texted me a photo taken from a bridge over the river.", "suicidal-ideation"),
        ("This will be the last thing I ask you for.", "suicidal-ideation"),
        ("I need to get to the roof level at 2 am without security bothering me.", "suicidal-ideation"),
        ("I already told my brother where the deed and the gun safe combination are.", "suicidal-ideation"),
        ("I need both tonight. It's not for the pain.", "suicidal-ideation"),
        ("I found a search on his laptop for how much Tylenol it takes to overdose.", "suicidal-ideation"),
        ("i have my moms pills in my room and i already took some", "suicidal-ideation"),
        ("I'm on the top level of the parking deck. I can't stop looking at the edge.", "suicidal-ideation"),
        ("a bottle of Jack and a note saying 'tell the guys I'm sorry'", "suicidal-ideation"),
        ("He said the insurance would cover the loan if something happened to him, and he gave his tools away.",
         "suicidal-ideation"),
        ("He'd rather be dead than move, and he has been collecting his heart pills.", "suicidal-ideation"),
        ("He said we'd all be better off with him dead.", "suicidal-ideation"),
        ("He has a kitchen knife and says there are people in the walls.", "acute-psychosis"),
        ("Sudden painless complete loss of vision in the left eye 40 minutes ago.", "acute-eye"),
        ("got bit on the ankle by a rattler about twenty minutes ago", "bites-and-lightning"),
        ("His fingers are swollen, pale and bluish, cold to the touch, and he can't move them.", "major-injury"),
        ("His heat has been out for two days and I found him ice cold, mumbling and confused.", "hypothermia"),
        ("38+2 weeks. Haven't felt her move at all today.", "pregnancy-danger"),
    ],
)
def test_plans_told_as_practical_questions_and_emergencies_in_a_busy_inbox_raise_the_right_red_flag(
        rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Opened my statement this morning and nearly had a heart attack.",
        "General question: if I ever do get chest pain, should I call 911 first?",
        "I'm not going to kill myself, my kids need me, but I need to talk to somebody.",
        "I've made my decision about which plan to switch to.",
        "I left a note for my daughter about her dentist appointment.",
        "I'd rather be dead than be seen in those shoes.",
        "My fingers go white and cold in winter.",
    ],
)
def test_bills_hypotheticals_denials_and_plain_decisions_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "burning myself with a lighter right now to calm down",
        "I've got the pills and I've got a date.",
        "sold my ps5, got my spot on the bridge picked out so im good",
        "I've got the rest lined up and this time I'll take enough.",
        "For the on-call doctor: the super has a spare key. I took everything in the cabinet.",
        "Nobody at your company will have to deal with me after this week.",
        "I've decided I'm not waiting around to find out how bad it is.",
        "How much of the liquid would be too much for someone about 110 pounds?",
        "I stopped the heart tablets and have been keeping them in a jar on the windowsill.",
        "The gun's loaded and in the nightstand and the kids are at their dad's for the week.",
        "I am old and only a burden now. This week I go to the river.",
        "HR should not send anyone round for a welfare check before the weekend.",
        "It needs to be done by Thursday. I've picked the date.",
        "cancel my therapy. tell dr reyes thanks for trying",
        "Esta noche me voy a tomar las pastillas que he ido guardando.",
        "It needs to be in place this week, after that I won't be here to sign for anything.",
        "Please don't set up auto-refill afterwards, there won't be a next time.",
        "There will be nobody at the house to look after her after this weekend.",
        "I didn't tell him about the bag of pills in the closet or that Sunday is the day.",
        "No resuscitation, expressly including where my death results from my own act.",
        "I've kept my old bottles and I'm taking all of it tonight after the recital.",
        "I've locked the guns in the safe except the one I'm keeping out.",
        "If someone isn't found at home until a day or so after death, can the corneas still be used?",
        "I have the cancer and I decide to die, quiet, with the pills from my husband.",
        "my roommate's adderall and my own lexapro lined up on the desk",
        "I need roughly sixty more than I have to be sure it's enough.",
        "I already bought what I need, so there's no point keeping the insurance going.",
        "I've left my wallet and phone at home for my roommate to find.",
        "I would rather he heard it from the record than from the coroner.",
        "They deserve a mom who isn't like this.",
        "I've already picked the day and it isn't far off.",
        "She did everything right and none of what happens next is on her.",
    ],
)
def test_plans_inside_errands_raise_a_suicide_red_flag(rules, text):
    assert "suicidal-ideation" in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I picked the date for my knee surgery.",
        "The rifle is sold and the buyer collected it.",
        "I'm keeping the leftover tablets in a jar to take back to the pharmacy.",
        "Nobody at your office will see me again because I'm moving to Ohio.",
        "Sunday is the day of my daughter's wedding.",
        "My books are lined up on the desk.",
        "I won't be here to sign for the delivery on Friday, can my neighbour?",
    ],
)
def test_ordinary_errands_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("How many tablets of amitriptyline would be dangerous? I have a box of 56 at home.", "suicidal-ideation"),
        ("The life insurance has to pay out to my son if anything happens to me this weekend.", "suicidal-ideation"),
        ("Please release my records to my brother. I've made my peace with it.", "suicidal-ideation"),
        ("I've sorted out my affairs and the dog has been rehomed with a friend.", "suicidal-ideation"),
        ("I'm sitting in the garage and the engine is running.", "suicidal-ideation"),
        ("i'm scared i'll actually go through with it this time", "suicidal-ideation"),
        ("You told me to text you if it got this bad.", "suicidal-ideation"),
        ("I spent the morning checking how high the overpass on 5th is.", "suicidal-ideation"),
        ("He told me to disappear for good and I think he's right.", "suicidal-ideation"),
        ("I need all of my sleeping pills by then, I have plans for Friday night.", "suicidal-ideation"),
        ("I stood on the platform for an hour letting the trains go by.", "suicidal-ideation"),
        ("Took the Remington out of the safe and cleaned it. It's sitting on the table loaded.", "suicidal-ideation"),
        ("It would be easier for everyone if I just wasn't around.", "suicidal-ideation"),
        ("Most days I'm not sure I want to wake up.", "suicidal-ideation"),
        ("The shotgun is in the truck and I'll be out at the lake tomorrow.", "suicidal-ideation"),
        ("I'm doing it tonight with a razor blade.", "suicidal-ideation"),
        ("I'm going to kill him if he shows up. I'm not joking.", "danger-at-home"),
        ("There's a tracker in my arm and I have to cut it out.", "acute-psychosis"),
        ("the voice keeps telling me i have to go in the river to wash it off", "acute-psychosis"),
        ("im going to make the jump to the next building", "acute-psychosis"),
        ("swallowed a big handful of my quetiapine an hour ago", "overdose-poisoning"),
        ("I've been taking 3 extra tablets every hour, on purpose.", "overdose-poisoning"),
        ("Used the GTN spray three times and it's not touching the pain.", "chest-pain"),
        ("I've given the cat to my neighbour and sorted out my will.", "suicidal-ideation"),
        ("Would 30 of my citalopram be enough to kill me?", "suicidal-ideation"),
        ("I counted them and there are enough.", "suicidal-ideation"),
        ("cant do this anymore, wrote my dad a letter", "suicidal-ideation"),
        ("I injected my whole insulin pen an hour ago.", "overdose-poisoning"),
        ("I ran out of Lantus on Sunday. Now I threw up and my breathing is weird.", "critical-result"),
        ("She hasn't had anything to eat or drink since Friday.", "critical-result"),
        ("The right side of her mouth is down.", "stroke-signs"),
        ("He cannot lift the right arm and speaks words that have no sense.", "stroke-signs"),
        ("havent slept in 4 days dont need to", "acute-psychosis"),
    ],
)
def test_crises_in_ordinary_words_to_a_known_care_team_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "He's getting help and he's never talked about suicide or anything.",
        "I want to be a good friend to her without smothering her.",
        "A couple of times a month she has an attack and says it feels like she's going to die.",
        "I had a panic attack on Saturday, felt like I couldn't get a full breath.",
        "Your ER sent a suicidal teenager home without a second thought.",
        "He was found wandering on the freeway and admitted to another hospital.",
        "She is now in outpatient care after a suicide attempt in August.",
        "I see a therapist monthly, no current thoughts of harming myself.",
        "I feel okay: no vomiting, not extra thirsty, no confusion.",
        "If I have to fill in one more insurance form I'm going to throw myself off the roof lol.",
        "I've made my peace with the diagnosis.",
        "The hunting rifle is in the truck for the season.",
        "I took my passport out of the safe.",
        "How many tablets of ibuprofen can I take in a day?",
        "I'm not sure I want to wake up early for the 7 am slot.",
        "I stopped taking my tablets on purpose because of the side effects.",
        "I've given the dog to my sister while we're on holiday.",
        "Is one tablet enough to kill the pain?",
        "I ran out of Lantus on Sunday, can you send the refill today?",
        "He cannot lift the right arm much after the shoulder surgery, no other problems.",
        "I haven't slept in 3 nights because of the baby.",
    ],
)
def test_denials_past_crises_panic_history_and_paperwork_jokes_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I have collected 40 tablets and decided that after Sunday I will not be a burden.", "suicidal-ideation"),
        ("every time a train comes in i think about stepping off", "suicidal-ideation"),
        ("I want the early refill so I can take everything at once.", "suicidal-ideation"),
        ("I wrote letters to both my boys and Dad's old revolver is out.", "suicidal-ideation"),
        ("My counsellor said I could message if things got bad. They have.", "suicidal-ideation"),
        ("I relapsed last month and I've been suicidal since.", "suicidal-ideation"),
        ("For the past few hours my legs keep jerking, I'm sweating and agitated.", "overdose-poisoning"),
        ("My roommate drank my take-home methadone by mistake.", "overdose-poisoning"),
        ("He took fentanyl. He's asleep and snoring loudly.", "overdose-poisoning"),
        ("my left ball started hurting out of nowhere", "surgical-emergency"),
        ("There's a crackly feeling under the skin around the cut.", "severe-skin-reaction"),
        ("I can only say a couple of words at a time.", "breathing"),
        ("Taken 20 puffs of the blue inhaler and it's barely helping.", "breathing"),
        ("Tonight I had a fit and my sister held my head.", "unresponsive-seizure"),
        ("He won't open his eyes even when I yell at him.", "unresponsive-seizure"),
        ("His diaper has red jelly in it.", "infant-danger"),
        ("The baby is 6 months old and vomited something greenish.", "infant-danger"),
        ("He locked himself in the bathroom with a kitchen knife.", "danger-at-home"),
        ("I stopped drinking on Monday and now I keep seeing little people standing in the hall.", "acute-confusion"),
        ("Shaking and sweating, and there are bugs crawling on the ceiling.", "acute-confusion"),
        ("Chest pain heavy since half hour and sweating, he had stents in 2018.", "chest-pain"),
        ("There's a tracking chip in his forearm he needs to cut out.", "acute-psychosis"),
    ],
)
def test_emergencies_on_ask_a_doctor_sites_and_in_drug_and_alcohol_use_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My son bumped his head at school. He didn't lose consciousness and hasn't been sick.",
        "Chest pain on pressing",
        "My mother had heart attack on Sunday, now she is in the cardiac ward and stable.",
        "Fever of 103 for three days. Breathing fine, drinking okay, no confusion.",
        "I've taken clonazepam for years, now mostly out of habit; stopping quickly can cause seizures.",
        "I've collected all my tablets in one box for the pharmacy to dispose of.",
        "My husband snores loudly every night.",
        "I had a seizure in 2015 and none since.",
        "I stopped drinking two years ago.",
        "I ran out of Keppra and I'm stressed about having a seizure at work today.",
        "I wrote thank-you cards to the nurses on the ward.",
    ],
)
def test_denied_symptoms_chest_wall_pain_patients_on_a_ward_and_taper_questions_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("something happened at a party and i didnt say yes. it was like 4 hours ago.", "major-injury"),
        ("pretty sure my drink got spiked, my clothes were messed up and im sore down there", "major-injury"),
        ("someone handed me a soda, i dont remember anything until waking up at a house", "major-injury"),
        ("got hit in the gut, now my left side and my left shoulder hurt and i go dizzy when i stand", "major-injury"),
        ("hit in the nuts an hour ago, its swollen and purple and getting worse", "surgical-emergency"),
        ("i have a plan and i dont trust myself tonight", "suicidal-ideation"),
        ("ive been cutting tonight and i cant stop", "suicidal-ideation"),
        ("cant do this anymore. bridge tonight.", "suicidal-ideation"),
        ("burned myself with a lighter a bunch tonight", "suicidal-ideation"),
        ("i took most of the bottle of my mom's sleeping pills an hour ago", "overdose-poisoning"),
        ("how many tylenol is too many. asking bc i took 24 around 9", "overdose-poisoning"),
        ("swallowed the rest of my lithium after the fight", "overdose-poisoning"),
        ("hit my head on the curb. i dont remember getting home", "head-injury"),
        ("He hit his head at practice and keeps puking.", "head-injury"),
    ],
)
def test_young_peoples_crises_in_their_own_words_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "my friend overdosed last month, shes in a treatment program now and living with her family.",
        "i want to die (not literally, relax).",
        "will vaping mess up my asthma? asking for a friend (the friend is me)",
        "I took the rest of my antibiotics yesterday.",
        "I didn't say yes to the party invite last night.",
        "I took 2 tylenol around 9.",
        "i dont trust myself to cook, can i get a dietitian referral",
    ],
)
def test_friends_in_treatment_words_taken_back_and_ordinary_doses_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I won't be needing the pills after this Sunday either.", "suicidal-ideation"),
        ("I will have no further use for mail after this weekend.", "suicidal-ideation"),
        ("I shan't be here past the 30th.", "suicidal-ideation"),
        ("The sleeping tablets I have been saving are on the nightstand for when I'm ready.", "suicidal-ideation"),
        ("By then I will have enough of my pills saved.", "suicidal-ideation"),
        ("I have what I need from the medicine cabinet.", "suicidal-ideation"),
        ("I need the last of my sleeping pills before Sunday, which is the day I've settled on.", "suicidal-ideation"),
        ("I am ninety-five and I have lived long enough.", "suicidal-ideation"),
        ("I have had enough of this quiet house.", "suicidal-ideation"),
        ("A woman has the right to choose her day.", "suicidal-ideation"),
        ("I stopped taking my heart tablets and I won't be starting them again.", "suicidal-ideation"),
        ("I stopped eating on Tuesday and I do not intend to start again.", "suicidal-ideation"),
        ("I want to know whether it matters how they went.", "suicidal-ideation"),
        ("I sat with the engine running, looking at the edge.", "suicidal-ideation"),
        ("I'll go once more on Saturday and I won't be driving back.", "suicidal-ideation"),
        ("I've bought a length of hose for the car.", "suicidal-ideation"),
        ("I have the means in the house.", "suicidal-ideation"),
        ("I'll see to it after the wedding, so as not to spoil the day.", "suicidal-ideation"),
        ("This morning I got my old shotgun down from the loft. The funeral home is paid.", "suicidal-ideation"),
        ("I am going to see Ruthie very soon, I've seen to that, it will be this weekend.", "suicidal-ideation"),
        ("Tuesday I'm going to walk into the lake and not walk out.", "suicidal-ideation"),
        ("I walked to the bridge and stood at the railing. This time I won't come home.", "suicidal-ideation"),
        ("I've been putting one by every night instead of taking it.", "suicidal-ideation"),
        ("I've decided this is my last week.", "suicidal-ideation"),
        ("There's a rope in the barn and I've picked out the beam.", "suicidal-ideation"),
        ("Would the heart simply stop? Would it be quick?", "suicidal-ideation"),
        ("You told me to let you know if the low feeling got worse. It has.", "suicidal-ideation"),
        ("I have ground up the pills, his and mine, in two cups of cocoa.", "danger-at-home"),
        ("He said he'd go in tomorrow and kill every last one of them. He owns three guns.", "danger-at-home"),
        ("For four days I haven't been able to pass wind and my belly is tight as a drum.", "surgical-emergency"),
        ("I'm so sleepy, and he says I'm breathing very slowly.", "overdose-poisoning"),
        ("I nearly went over when I stood up, and when I counted my pulse it was only 38.", "critical-result"),
        ("I gave my head a good crack on the cupboard and I'm on Eliquis.", "head-injury"),
    ],
)
def test_older_peoples_crises_told_politely_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I'm getting my affairs in order on my lawyer's advice while I'm still sharp enough.",
        "I haven't fallen or fainted.",
        "My left hand has stayed a bit weak since, with no change in years.",
        "I've saved enough for the deductible.",
        "I won't be needing the renewal, the doctor stopped that pill.",
        "I won't come home for Christmas this year.",
        "This is my last week at work before I retire.",
        "My pulse was 48 after my run and I felt fine.",
        "My watch says my heart rate dropped to 42 while sleeping; I run marathons, no dizziness or fainting.",
        "I crushed the pills into applesauce because she can't swallow them.",
    ],
)
def test_lawyers_advice_old_weakness_savings_and_ordinary_last_weeks_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("She opened the window, we are on the 12th floor, she tries to climb on the chair.", "suicidal-ideation"),
        ("I am standing on the balcony of the 9th floor.", "suicidal-ideation"),
        ("Tonight I decided, I will go to my mother in heaven soon.", "suicidal-ideation"),
        ("She keeps saying she will go find her husband now, he is waiting.", "suicidal-ideation"),
        ("I have counted the sleeping tablets, all 40, and I bought a good whisky.", "suicidal-ideation"),
        ("I ask Allah to forgive me and take me tonight.", "suicidal-ideation"),
        ("I am troubling everyone with my existence, so I decided to disappear quietly.", "suicidal-ideation"),
        ("The gun is in the drawer. I think tonight is the right time.", "suicidal-ideation"),
        ("The rope is already in the garage on the beam.", "suicidal-ideation"),
        ("I have the pills of my pressure and of the sugar together in a cup beside the bed.", "suicidal-ideation"),
        ("I do not want to live one day more without her.", "suicidal-ideation"),
        ("I've stopped taking my insulin on purpose.", "suicidal-ideation"),
        ("I haven't had any insulin for four days now.", "critical-result"),
        ("Grease fire: half my forearm has a patch that's white and leathery.", "major-injury"),
        ("Six days after surgery the incision leaks pus and tonight I'm at 103 with chills.", "sepsis-meningitis"),
        ("Two toes have gone black and I've got a fever.", "sepsis-meningitis"),
        ("I am now on the platform waiting for the express that does not stop here.", "suicidal-ideation"),
        ("He says every day he will go to meet his ancestors soon.", "suicidal-ideation"),
        ("He sharpened the big kitchen knife and locked himself in the altar room.", "suicidal-ideation"),
        ("I found her zolpidem bottle empty, it was new, 30 pills.", "overdose-poisoning"),
        ("She took her insulin; now she talks nonsense and cannot swallow the juice.", "critical-result"),
        ("He has a pistol and says the neighbours are the enemy.", "danger-at-home"),
        ("Tonight she said she must wash the demon out of him.", "acute-psychosis"),
        ("Voices tell her the baby is not our baby.", "acute-psychosis"),
        ("For 5 days he says jinn is inside the walls. Tonight he took the kitchen knife.", "acute-psychosis"),
        ("Her left hand and left foot cannot move.", "stroke-signs"),
        ("His chest and arms are blistering from the boiling water and some skin has peeled off.", "major-injury"),
        ("My husband had a seizure about ten minutes ago. He's never had one before.", "unresponsive-seizure"),
    ],
)
def test_crises_in_a_second_language_and_emergencies_told_to_save_money_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Me quiero morir de la vergüenza, I want to die from the shame, I forgot my appointment.",
        "I feel tired like I want to die, that is how we say it, it just means very tired.",
        "She had a stroke in 2018. Now she is stable, she walks with a cane, but her right hand is still weak.",
        "I live on the 9th floor and the lift is broken again.",
        "My sister will go to join her husband in Texas next month.",
        "I think now is the right time to switch plans.",
        "If the printer jams again I'll kill every last one of them, the printers I mean.",
        "The rope swing hangs from the branch in the yard.",
        "The shampoo bottle is empty, can you add it to the order?",
        "We meet his ancestors' village elders every summer.",
        "I haven't had any insulin-related problems for years.",
        "A burn the size of a quarter has gone white and leathery.",
        "The diabetic toe is turning black and smells bad.",
    ],
)
def test_idioms_of_shame_and_tiredness_old_strokes_and_ordinary_plans_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_a_sentence_ends_at_a_full_stop_typed_without_a_space(rules):
    text = ("I have an aneurysm (2.6cm)for the last 5yrs,last checked about a year ago.experiencing  pain,tighting in "
            "abdomen  and chest.should I be going to er.")
    assert "chest-pain" in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("see www.medlineplus.gov for more", 3),
        ("It helped a lot.I had a stroke (took 2 today).Since then", 3),
        ("Dr.Smith said so, e.g.this and 2.6cm", 1),
        ("worse day by day.sometimes he faints", 2),
    ],
)
def test_a_full_stop_without_a_space_ends_a_sentence_only_between_words(text, sentences):
    assert len(triage._SENTENCE_END.split(text)) == sentences


@pytest.mark.parametrize(
    "text",
    [
        "EYELID DROOP. Want to know if eyelid droop will go away.",
        "My daughter has bilateral severe hearing loss from birth; with the hearing aid trial she not respond, "
        "the doctor suggests a cochlear implant.",
        "By the time she got to the ICU just 2-3 hours later, she was unresponsive and put on life support.",
    ],
)
def test_a_drooping_eyelid_a_deaf_child_and_a_past_stay_in_intensive_care_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Her face is drooping on the left and her speech is slurred.", "stroke-signs"),
        ("He is not responding to us at all and his lips are blue.", "unresponsive-seizure"),
        ("He was put on life support an hour ago and now she is unresponsive too.", "unresponsive-seizure"),
    ],
)
def test_facial_droop_unresponsiveness_and_what_is_happening_now_stay_red_flags(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Tonight I took my wifes pills,all of them,around 9pm.", "overdose-poisoning"),
        ("is it normal for ur voice to go raspy after a bad fight w ur bf. it hurts to swallow and theres marks all "
         "around my neck.", "major-injury"),
        ("My ex came over Saturday night (so 2 days ago) and I didn't want to but he didn't stop.", "major-injury"),
        ("if someone's head hits a tile floor really hard during an argument and now they are seeing double and cant "
         "stop throwing up is that bad?", "head-injury"),
        ("i just want to not exist anymore. i have a razor in my room and i already started.", "suicidal-ideation"),
        ("Is it normal for myasthenia to get worse with a infection? today i cant swallow even water", "breathing"),
        ("my dad 79 since my mother passed in [DATE] he stopped eating,today on the phone he said he has no reason to "
         "stay anymore,he has his hunting gun on the table", "suicidal-ideation"),
        ("my son stopped his injection 3 months ago,today he locked himself in the room with the kitchen knifes",
         "danger-at-home"),
    ],
)
def test_emergencies_in_library_questions_and_after_violence_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "heart attack",
        "anaphylaxis",
        "Suicide prevention research",
        "can you suggest articles about anaphylaxis in children with food allergy, I want to read more.",
        "I am looking for studies about ketamine for suicidal thoughts in emergency departments.",
        "About 3 weeks ago my ex put his hands around my neck and my voice is still hoarse.",
        "I had a stroke in 2019 and today I want a copy of my records.",
        "My myasthenia is stable and I swallow fine, is there research on new drugs?",
    ],
)
def test_topic_subjects_reading_requests_old_assaults_and_stable_illness_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


SPANISH = "Buenas noches. Anoche mi esposo me apretó el cuello con las dos manos hasta que me desmayé. Tengo miedo."


def test_a_message_not_in_english_is_marked_and_the_model_is_consulted(rules):
    provider = FakeProvider(MODEL_SAYS_BILLING)
    result = assess(rules, SPANISH, subject="pregunta urgente", provider=provider)
    assert result.offline_confidence == 0.0
    assert triage.NOT_ENGLISH in result.mentions
    assert result.model_call is not None and provider.seen
    offline = assess(rules, SPANISH, subject="pregunta urgente")
    assert offline.classification.rationale.startswith("not in English; offline")


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("On tramadol and sertraline, since afternoon very agitated, legs jerking, temperature 39.5 and heart 130.",
         "overdose-poisoning"),
        ("Since this evening my right eye is very painful, I see halos around the lamps, bad headache and I vomited.",
         "acute-eye"),
        ("Baby is 9 days old and my BP cuff read 172/114 this morning.", "pregnancy-danger"),
        ("I've been sitting in the bathtub with my dad's razor for an hour.", "suicidal-ideation"),
        ("I've been going at my wrists with a razor every night and I can't stop.", "suicidal-ideation"),
        ("bought a length of rope at the hardware store last week and i've picked out the tree.", "suicidal-ideation"),
        ("Bought a bag of charcoal and some duct tape, I'm sealing up the bedroom Friday.", "suicidal-ideation"),
        ("I'm doing it tonight and I don't want anyone bringing me back.", "suicidal-ideation"),
        ("I want Dr. Rowe to write it in my chart so my kids will understand why I did it.", "suicidal-ideation"),
        ("I have a plan and it will be soon, while I can still use my hands.", "suicidal-ideation"),
        ("The policy pays out once it has been in force two years, this Friday. After Friday it won't matter.",
         "suicidal-ideation"),
        ("I want enough so I can go to sleep and not have to wake up again.", "suicidal-ideation"),
        ("i buy the paracetamol from many stores, 6 boxes. tonight i take all.", "suicidal-ideation"),
        ("i didn't go through with it but i'm going back tonight", "suicidal-ideation"),
        ("This weekend I'm going to stop feeling like this for good.", "suicidal-ideation"),
        ("It is the anniversary of when my mom passed and I've decided that's the day I go be with her.",
         "suicidal-ideation"),
        ("I picked up a handgun at the pawn shop Saturday and I've written letters to both my boys.",
         "suicidal-ideation"),
        ("That's when I'm taking my dad's old shotgun out to the lake.", "suicidal-ideation"),
        ("I've been giving the rest of my things away so my brother can take care of things after.",
         "suicidal-ideation"),
        ("I keep thinking he'd be better off with my mother and I wrote her a letter about his things.",
         "suicidal-ideation"),
        ("Last night I did my stomach too and it blistered up. I want to do more of it tonight.", "suicidal-ideation"),
        ("I stopped all of them last Sunday on purpose and I have no intention of starting again.",
         "suicidal-ideation"),
        ("My dad won't eat or drink anything and he's weak and very sleepy today.", "acute-confusion"),
        ("Since 2 hours I have sudden terrible pain on the right side, vomiting, can not stand up straight or walk.",
         "surgical-emergency"),
    ],
)
def test_crises_told_as_errands_and_less_familiar_emergencies_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I started sertraline last week and feel a bit shaky and sweaty, is that normal?",
        "After cataract surgery I see halos around lights at night, no pain at all.",
        "Baby is 3 weeks old and doing great, my blood pressure was 118/76 at the check.",
        "Please explain the bill: a charge for a poison control consult from last year.",
        "Bought charcoal for the barbecue and some rope for the tent.",
        "I have a plan for my diet and I hope to see results soon.",
        "We decided to go be with her family for the holidays this year.",
        "suicide and genetics",
        "It helped our family a lot.I had a stroke in 2019 and my left hand grip is weak still.",
    ],
)
def test_ordinary_side_effects_halos_bills_barbecues_and_old_strokes_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Every night I count out her heart pills and mine and think about how many it would take.",
         "suicidal-ideation"),
        ("I lined up my tablets on the table, how many would it take to not wake up", "suicidal-ideation"),
        ("his left testicle is swollen and the pain is really bad, he is 14", "surgical-emergency"),
    ],
)
def test_pills_counted_against_how_many_it_would_take_and_a_testicle_in_severe_pain_raise_the_right_red_flag(
        rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Our carbon monoxide alarm went off last weekend, the gas company fixed the leak and we are all fine now.",
        "My shoulder still isn't right after the rotator cuff repair, I can't lift my arm over my head.",
        "He snores like a train and I'm scared he's going to have a heart attack one day.",
        "Poison ivy all over my face and my eye is swelling shut, breathing is fine, it's just the skin.",
        "Vasectomy on Thursday, the left side of my scrotum is swollen and bruised, should it be checked?",
        "Left testicle swelling slowly over 3 days, tender, came on gradually, not sudden.",
        "Shingles: a blistering rash on his forehead since Tuesday and now his eyelid is swollen.",
    ],
)
def test_a_leak_already_fixed_a_stiff_shoulder_a_fear_for_later_and_local_swellings_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I am on fentanyl patches. Tonight I put on all 10 from the new box so I can sleep.", "overdose-poisoning"),
        ("The voices tell me to walk into traffic and I went to the overpass twice tonight.", "acute-psychosis"),
        ("He told me like Abraham I have to give up my son on the hill tonight.", "acute-psychosis"),
        ("the voice says she is not really mine and the bathtub would fix it", "acute-psychosis"),
        ("im sitting on the outside of the railing on the bridge by campus", "suicidal-ideation"),
        ("i burned it into my arm maybe 15 times tonight and i cant stop", "suicidal-ideation"),
        ("He sold his truck for nothing and posted 'thanks for everything everyone, it was a good run'.",
         "suicidal-ideation"),
        ("He called and said he's driving over tonight with his deer rifle to settle this.", "danger-at-home"),
        ("The note is written and the bottle of pills is on my nightstand.", "suicidal-ideation"),
        ("I'm in my truck with my service pistol in my lap.", "suicidal-ideation"),
        ("is it peaceful or will I be sick on the carpet for somebody to find", "suicidal-ideation"),
        ("My policy is past the 2 year clause and I have 80 of the klonopin.", "suicidal-ideation"),
        ("which sleep aids give a painless death? I'm doing it this weekend", "suicidal-ideation"),
        ("breath smells like nail polish, throwing up everything, breathing deep and fast", "critical-result"),
        ("I've written her a letter about the insurance and my hunting rifle is already in the trunk.",
         "suicidal-ideation"),
        ("the next person who comes up my steps is getting it in the head", "danger-at-home"),
    ],
)
def test_crises_of_the_mind_asked_as_questions_about_drugs_and_help_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Is it true that asking someone directly whether they're thinking of suicide can put the idea in their head?",
        "whats the best way to fade old self-harm scars? ive been clean 3 years",
        "My grandson is 3. Which of my pills would be most dangerous if he got into them? I want to lock them up.",
        "I have OCD with intrusive thoughts about harming my baby. I've never acted on them.",
        "On our tour of the tower we stood near the edge of the railing for photos of the view.",
        "Is euthanasia a painless death for a dog with cancer?",
        "My rifle is packed in the truck for hunting season, and I need a note for work.",
        "My patches: I put on one every three days as prescribed.",
    ],
)
def test_questions_about_asking_old_scars_locked_pills_intrusive_thoughts_and_trips_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_dengue_with_warning_signs_is_a_red_flag(rules):
    text = ("My sister has dengue diagnosed 4 days ago. Fever went down yesterday but today she is bleeding from gums,"
            " vomiting many times, hands and feet cold and severe stomach pain.")
    assert "sepsis-meningitis" in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Sir, what are the early warning signs of heart attack?",
        "chest pain",
        "My daughter had anaphylaxis to cashew last year and now carries two EpiPens.",
        "Dengue fever: how long does it take to recover, and is papaya leaf juice useful?",
    ],
)
def test_greeted_general_questions_topic_lines_and_an_allergy_plan_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("The cut on my shin is spreading up to my knee, I've been shivering all afternoon and my heart is racing.",
         "sepsis-meningitis"),
        ("My daughter says I've asked her the same question three times in ten minutes.", "acute-confusion"),
        ("My waters just went at 33 weeks and I can feel something in my vagina, like a loop, I can see it.",
         "pregnancy-danger"),
        ("I'm in my car on the top level of the multistorey and I keep looking at the edge.", "suicidal-ideation"),
        ("I don't think I'm safe tonight.", "suicidal-ideation"),
    ],
)
def test_emergencies_in_the_new_text_of_a_reply_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "The bleeding has settled to light spotting. The test is still faintly positive at two weeks, is that normal?",
        "I don't feel safe at home with my stepdad, can I talk to a counsellor about it?",
        "We parked on the top level of the car park and looked over the edge at the view of the harbour.",
    ],
)
def test_a_faint_line_on_a_test_unsafe_at_home_and_a_car_park_view_are_not_suicide_or_bleeding_flags(rules, text):
    assert not {"severe-bleeding", "suicidal-ideation"} & set(triage.red_flags(text, rules.red_flags))


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("My 4 month old grandson's head is bobbing up and down with every breath, he has been coughing all day.",
         "breathing"),
        ("He stops after every couple of sucks on the bottle to catch his breath.", "breathing"),
        ("The bulge in his groin has stayed out since this afternoon, it's hard and red and he vomited.",
         "surgical-emergency"),
        ("Tiny purple dots on her shins, I pressed a glass on them and they don't go white.", "sepsis-meningitis"),
        ("Our baby with a heart defect is greyish today, breathing fast and won't feed more than 20 ml.",
         "infant-danger"),
    ],
)
def test_childrens_emergencies_seen_not_named_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Our toddler cries so hard she stops breathing and goes blue for seconds; the doctor said breath-holding.",
        "I took the magnet balls away because they're dangerous if swallowed. He didn't swallow any, I counted them.",
        "dry drowning?",
        "I keep seeing articles about 'dry drowning' and can't stop worrying, she has been normal for 5 days.",
        "He was head bobbing to the music in the car all the way home.",
    ],
)
def test_breath_holding_spells_magnets_put_away_and_worries_about_dry_drowning_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Who collects the hospital bed? I won't be needing it after this weekend.", "suicidal-ideation"),
        ("Please close my file, I shan't be troubling you much longer.", "suicidal-ideation"),
        ("If the scan shows it's back I'll take all the morphine tonight.", "suicidal-ideation"),
        ("Saturday when the flat is empty I'm using every insulin pen I have at once.", "suicidal-ideation"),
        ("We're going on a trip tonight, just the two of us, and my pills are in the car.", "suicidal-ideation"),
        ("I'm walking into the sea after breakfast tomorrow.", "suicidal-ideation"),
        ("I'll run the car in the garage on Thursday while they're at school.", "suicidal-ideation"),
        ("How much of the oxycodone would it take for an adult who isn't used to it?", "suicidal-ideation"),
        ("How many potassium tablets would push it high enough to stop my heart?", "suicidal-ideation"),
        ("Eleven nights up with him on the ventilator and I no longer trust myself.", "suicidal-ideation"),
        ("I kept the two old bottles back and I'll have them with the whisky.", "suicidal-ideation"),
        ("If I just don't charge the LVAD batteries tonight and let them run down, how long is it?",
         "suicidal-ideation"),
        ("The voices say she isn't really my baby and that I should put her back in the water.", "acute-psychosis"),
        ("I can't stop shaking him when he cries and I held him over the balcony rail today.", "infant-danger"),
        ("He gets out Friday and I know where he lives. It won't end well for him.", "danger-at-home"),
        ("He held the kitchen knife to my throat asking where we hid his leg.", "danger-at-home"),
        ("I'm so tired of caring for him, I'm scared of what I might do.", "suicidal-ideation"),
    ],
)
def test_crises_of_the_mind_told_inside_illness_and_caring_raise_the_right_red_flag(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "Could you send me recent reviews on suicide risk in patients on long-term haemodialysis?",
        "Can I take all my morning pills at once or should I space them out?",
        "Who collects the hospital bed? We won't be needing it now that Dad is walking again.",
        "How long would it take for the swelling to go down?",
        "My rifle is locked in the gun safe and unloaded, the counsellor asked me to check.",
        "She isn't really my baby by blood, we adopted her at birth, and I'd like her records transferred.",
        "If I have to sit through one more loop of your hold music I'm going to walk into the sea.",
    ],
)
def test_research_requests_dose_questions_returned_equipment_and_adoption_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    "text",
    [
        "My husband snores like a freight train and sometimes he stops breathing for a few seconds then gasps.",
        "My mother in law (81) keeps repeating the same stories and asking the same question several times in an hour.",
        "heart attack vs cardiac arrest",
        "Since yesterday my calf is sore. No shortness of breath or chest pain.",
        "Two stitches came loose and the wound is gaping a bit. It's not bleeding much, just oozing.",
        "How do I donate my body to science? I'm 74 and perfectly healthy, just getting my affairs in order.",
    ],
)
def test_a_snorers_pauses_old_memory_trouble_a_topic_line_and_a_denial_list_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Without warning he collapsed and stopped breathing", "breathing"),
        ("My baby keeps stopping breathing in her sleep and turns blue.", "breathing"),
        ("The wound burst open and it is bleeding through the dressing.", "severe-bleeding"),
        ("Since this afternoon she keeps asking the same question over and over and doesn't know where she is.",
         "acute-confusion"),
    ],
)
def test_the_lookalike_guards_keep_the_emergencies_they_resemble(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)



@pytest.mark.parametrize(
    "text",
    [
        "Two weeks ago I had a sharp stabbing pain on the left side of my chest for maybe 5 seconds, then it was gone.",
        "I get burning behind my breastbone and a sour taste most nights after dinner. Been like this 6 months.",
        "For about 3 weeks there has been bright red blood on the paper after I strain. No pain. Is it piles?",
        "The cut on my shin is red and swollen. I'm really scared this is blood poisoning.",
        "I've gained 8 lbs, if anything I'm eating less. My face looks a bit puffy in the mornings.",
    ],
)
def test_a_twinge_of_seconds_heartburn_piles_a_fear_of_blood_poisoning_and_a_puffy_morning_face_are_not_red_flags(
        rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Crushing pain in the middle of my chest for the last 20 minutes, sweating.", "chest-pain"),
        ("I thought it was heartburn but the pain in my chest is spreading to my left arm.", "chest-pain"),
        ("I'm 12 weeks and bleeding heavily with cramps.", "severe-bleeding"),
        ("My toddler drank rat poison from the shed.", "overdose-poisoning"),
        ("Ten minutes after eating shrimp my face is swelling up and I feel wheezy.", "anaphylaxis"),
    ],
)
def test_the_chest_pain_pregnancy_poisoning_and_allergy_guards_keep_the_emergencies(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "if i have to listen to your hold music one more time im going to kill myself lol. why was i charged $75?",
        "My son overdosed last year and is now 10 months into recovery and doing really well.",
        "my mother have the heart attack last year and now she take clopidogrel every day. She have 2 tablets left.",
        "Question 14 asks 'Have you ever had thoughts of ending your life?' I did as a teenager. Do I tick yes?",
    ],
)
def test_hold_music_hyperbole_a_recovery_a_daily_tablet_after_an_old_attack_and_a_form_question_are_not_red_flags(
        rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Pulled over at the edge of the quarry. Thinking if I just put my foot down nobody would ever know it"
         " wasn't an accident. Kids would get the insurance.", "suicidal-ideation"),
        ("He overdosed last year and now he is not breathing properly and won't wake up.", "overdose-poisoning"),
        ("I keep having thoughts of ending it all tonight.", "suicidal-ideation"),
    ],
)
def test_a_crash_that_would_look_like_an_accident_and_what_happens_now_after_history_raise_the_right_red_flag(
        rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "My mum has had Alzheimer's for years. She asks the same question many times and gets restless in the evening.",
        "Since Monday my ankles are puffy, my urine is foamy and my blood pressure was 158/98 this morning.",
        "I asked him straight out if he's thinking of hurting himself and he said no, and I believe him.",
        "I have 2 days of insulin left and I've messaged the office twice today.",
        "Dry cough for 3 months, no fever, not short of breath. It's worse at night and when I talk a lot.",
    ],
)
def test_sundowning_foamy_urine_a_denied_self_harm_question_and_denied_breathlessness_are_not_red_flags(
        rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


def test_pink_frothy_sputum_is_still_a_breathing_red_flag(rules):
    assert "breathing" in triage.red_flags("He is coughing up pink frothy spit and can't lie flat.", rules.red_flags)


def test_an_insulin_given_twice_tonight_is_still_an_overdose_red_flag(rules):
    text = "we gave my dad his long acting insulin twice tonight, my sister forgot to write it down"
    assert "overdose-poisoning" in triage.red_flags(text, rules.red_flags)


def test_a_bruise_turning_purple_after_a_fall_is_not_a_breathing_red_flag(rules):
    text = "I fell from my bike 2 days ago, my wrist is still very swollen, i cant move it and it's turning purple."
    assert triage.red_flags(text, rules.red_flags) == []
    assert "breathing" in triage.red_flags("He fell asleep on the sofa and his lips are turning blue.", rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "i have a small lump in my neck for 3 years, doctor said lymph node. i cant sleep. am i going to die?",
        "vitamin D 14. doctor gave 60000 weekly for 8 weeks. is this dose too high?",
        "severe ear pain 2 days, now pus coming out and swelling behind the ear, ear is pushed forward.",
    ],
)
def test_a_fear_of_dying_a_weekly_vitamin_dose_and_a_swelling_behind_the_ear_without_a_blow_are_not_red_flags(
        rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I am going to die tonight, I have saved the pills.", "suicidal-ideation"),
        ("He fell off the ladder this morning and now there is bruising behind his left ear.", "head-injury"),
        ("She swallowed 30 of her sleeping tablets an hour ago.", "overdose-poisoning"),
    ],
)
def test_a_plan_to_die_a_bruise_behind_the_ear_after_a_fall_and_a_count_of_pills_stay_red_flags(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I have tried three antidepressants, but the depression is not responding. When can I switch?",
        "My mother is diabetic. She does not complain of chest pain but her ECG was abnormal.",
        "She does not complain of pain in chest, only tiredness.",
        "The MRI report says no mass, midline shift or hemorrhage. What do the sinus findings mean?",
        "For the pain I have taken extra strength acetaminophen, which helps a bit.",
        "I have taken many medicines like omeprazole, rifaximin and probiotics with no change.",
        "I have had over 100 blood tests for vitamins in two years.",
        "I only drink occasionally but I do vape nicotine. How should I dress this burn?",
        "My left lung partially collapsed after the accident and the chest tube came out last week.",
        "The health service is so collapsed they are not taking calls.",
        "I drink alcohol a few times a year. I am not sure how much I understand of what the surgeon said.",
        "I have had tinctures before. I don't know how much of this is connected but I keep feeling faint.",
        "When they realised I was not actively suicidal they sent me home, and now I have a bill.",
        "They told us he was in critical condition and was going to die very soon, but he is still alive on hospice.",
        "My son hears racial slurs at school and it upsets him.",
        "I get headaches. My glasses prescription changed suddenly last year.",
    ],
)
def test_treatment_not_working_denials_a_normal_scan_and_ordinary_medicine_lists_are_not_red_flags(rules, text):
    assert triage.red_flags(text, rules.red_flags) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("He is not responding when I shake him and his lips are blue.", "unresponsive-seizure"),
        ("She complains of chest pain spreading to her left arm right now.", "chest-pain"),
        ("The scan showed a brain hemorrhage and they are transferring him.", "severe-bleeding"),
        ("He has taken 40 of his pills and he is very drowsy.", "overdose-poisoning"),
        ("My toddler drank some nicotine vape juice ten minutes ago.", "overdose-poisoning"),
        ("He collapsed in the kitchen and is not waking up.", "unresponsive-seizure"),
        ("She took some of my pills, I don't know how many she swallowed.", "overdose-poisoning"),
        ("I am actively suicidal tonight.", "suicidal-ideation"),
        ("I told my sister I am going to die tonight and I have the pills ready.", "suicidal-ideation"),
        ("My mother is in hospice. Since this morning she slurs her words and makes no sense.", "stroke-signs"),
        ("Sharp headache above one eye today, and at my desk my field of vision shifted abruptly.", "stroke-signs"),
    ],
)
def test_the_treatment_denial_and_report_guards_keep_the_emergencies_they_resemble(rules, text, flag):
    assert flag in triage.red_flags(text, rules.red_flags)
