import pytest

from careflow import classifier, evaluation, triage
from careflow.models import Intent, Urgency
from careflow.rules import UrgentSigns


def assess(rules, text, subject=""):
    return triage.assess(subject, text, rules, sleep=lambda s: None)


def routine_reading(subject, text):
    return classifier.Prediction(Intent.CLINICAL_SYMPTOM, Urgency.ROUTINE, 0.9, 0.0,
                                 emergency_probability=0.0, urgent_probability=0.0)


@pytest.fixture
def routine(monkeypatch):
    """The classifier reads every message as routine and calm, so only the urgent signs can raise it."""
    monkeypatch.setattr(classifier, "predict", routine_reading)


@pytest.mark.parametrize(("text", "sign"), [
    ("My 6 month old has had a fever of 103.5 since last night", "high-fever"),
    ("The redness around the cut is spreading up my arm", "spreading-infection"),
    ("I got cellulitis after the tetanus shot and now I'm covered in bruises", "spreading-infection"),
    ("Since my knee operation on Monday the wound is oozing and I have a fever", "after-a-procedure"),
    ("There is blood in my stool this morning", "bleeding"),
    ("My father faints from weakness and cannot digest food", "fainting"),
    ("I ran out of insulin yesterday and the pharmacy will not refill it", "critical-medication-running-out"),
    ("After giving my uncle his injection the needle accidentally pricked my finger", "exposure"),
    ("The condom broke last night, what should I do?", "exposure"),
    ("She has been vomiting since yesterday and can't keep anything down", "cannot-keep-fluids-down"),
    ("I'm 30 weeks pregnant and leaking fluid", "pregnancy-concern"),
    ("My little finger is fractured and now the whole foot is swelling", "injury"),
    ("I think I broke my wrist when I fell off my bike", "injury"),
    ("I broke out in hives after the new antibiotic", "allergic-reaction"),
    ("I have new floaters in my right eye since this morning", "eye-or-sight"),
    ("a ball hit my eye on Saturday and it still hurts, everything looks blurry", "eye-or-sight"),
    ("I've had a UTI for 3 months and it keeps coming back after cipro", "urinary-infection-spreading"),
    ("The pharmacy gave my mother the wrong dose of her heart pill", "medication-error-or-reaction"),
    ("My blood sugar is 420 and I feel awful", "blood-sugar-or-pressure-out-of-range"),
    ("The clinic nurse gave my son a second dosage of the flu vaccine by mistake", "medication-error-or-reaction"),
    ("My mum's pain is much worse since yesterday, she can barely stand", "worsening"),
    ("I am worse now as of this morning, the tingling has reached my hips", "worsening"),
    ("Since the new tablets my seizures have doubled, three this week", "worsening"),
    ("He has a urinary infection, third antibiotic course, and it still won't clear", "urinary-infection-spreading"),
    ("Grandad's big toe is turning black at the tip", "tissue-turning-black"),
    ("The nurse thinks the wound on her heel has gangrene", "tissue-turning-black"),
    ("Her hemoglobin came back at 5.8 and she is short of breath on the stairs", "very-low-blood-count"),
    ("My brother is being treated for sepsis and I want to know what to expect", "serious-infection"),
    ("My father has stopped eating since Monday and only takes a few sips of water", "not-eating"),
    ("In the past 3 days my grandmother has barely drunk anything and sleeps most of the day", "not-eating"),
    ("He barely gets out of bed, hardly eats and isn't showering", "not-eating"),
    ("Mum had a fall in the night and is refusing to walk this morning", "injury"),
    ("I'm diabetic with neuropathy and found a black spot beside my big toenail", "tissue-turning-black"),
    ("She slipped on the stairs this afternoon and now she can't put any weight on her right foot", "injury"),
    ("Since the fall in the kitchen the left leg looks a bit shorter and the foot is turned out", "injury"),
    ("My lamotrigine is at the old pharmacy and I only have 2 tablets left", "critical-medication-running-out"),
    ("Her blood pressure keeps dropping into the 80s and she is tired", "blood-sugar-or-pressure-out-of-range"),
    ("My blood pressure is most of the time lower, in the upper to mid 80's", "blood-sugar-or-pressure-out-of-range"),
    ("I am getting apears to be infection in bulging area where the mesh is", "spreading-infection"),
    ("Recently he is getting breathlessness walking to the car", "breathless-lately"),
    ("Over the past week she has got more and more short of breath on the stairs", "breathless-lately"),
    ("Since Tuesday my father has become muddled and forgets what he just said", "new-confusion"),
    ("On morphine for years, he now shows an inability to think or communicate", "new-confusion"),
    ("It was only shouting at first, but now my partner has slapped me twice.", "violence-at-home"),
    ("Whenever his mother complains about me my husband beats me up.", "violence-at-home"),
    ("Little toe has been fractured and i have applied a plaster on that toe. but now the leg is swelling.", "injury"),
    ("I'm 20 weeks pregnant and my nephew broke out in chickenpox yesterday. I never had it.", "exposure"),
    ("Cough and wheeze worse, using my blue inhaler every 3 hours now instead of once a day.", "worsening"),
    ("My portal shows INR 6.2 from this morning's draw. Normally I am 2 to 3. I'm on warfarin.", "inr-too-high"),
])
def test_an_urgent_sign_makes_a_routine_reading_urgent_and_says_which(rules, routine, text, sign):
    result = assess(rules, text).classification
    assert sign in result.urgent_signs
    assert result.urgency is Urgency.URGENT
    assert f"; urgent signs: {', '.join(result.urgent_signs)}" in result.rationale


@pytest.mark.parametrize("text", [
    "No fever, no fainting, didn't black out, breathing fine.",
    "Got a few hives after shrimp, no lip or tongue swelling, took a Zyrtec.",
    "I had a high fever as a child and a broken arm in 2015.",
    "Can an abscessed tooth cause a heart attack",
    "If a 60 year old has high cobalt levels, can that cause blood in urine? thank you",
    "My mother's keloid is getting bigger day by day and treatments have not helped.",
    "My brother has had Hirayama's disease for 10 years and is in excruciating pain.",
    "I have a fractured nose, it has been broken for 3 years and I want it fixed.",
    "I eat small meals all day to avoid passing out.",
    "My 9-month-old has a little cough and stuffy nose, no fever, feeding well.",
    "I'm 12 weeks pregnant, some nausea and the occasional mild cramp, no bleeding.",
    "I've got a mildly itchy, faint pink rash on my forearms.",
    "I had a concussion 3 weeks ago in hockey and need my return to play form signed.",
    "My hemoglobin is 13.5 and my HbA1c is 5.6, are those normal?",
    "In 2015 his Hb was only 4 and he had a transfusion; he is well now.",
    "She wears black toe socks and her toenail polish is black.",
    "My arthritis has been getting worse over the years.",
    "He is not eating the meat at the hospital because it is not halal.",
    "I have not eaten breakfast for years, is that bad?",
    "In the past I had a fever of 104 with the flu, and I recovered fine.",
    "My son barely eats vegetables, how do I get him to try them?",
    "Since I was a teenager my left leg has been about 1 cm shorter than my right.",
    "BP 84/50 this morning, that's normal for me since my spinal injury. Need my midodrine renewed.",
    "Ok I read your reply but I am still confused, sorry. Is the $96 part of the $200?",
    "My mother with dementia is more confused in the evenings, is sundowning common?",
    "Is there a risk of infection at the incision site after a hernia repair?",
    "My tilt table test was for the fainting I used to get, when will the results be in the portal?",
    "She has been down since her boyfriend broke up with her two weeks ago, crying in her room since yesterday.",
    "I broke my 21-day fast three days ago with big meals and today I feel fine.",
    "His INR last week was 2.8. Next INR test is after 10 days.",
    "INR 3.6 today, target 2-3, no bleeding or bruising.",
    "My father hit me when I was a teenager and I still have nightmares about it.",
    "How do I help a friend whose boyfriend hits her?",
    "My brother hit me up last night about the family reunion, can I travel after my knee surgery?",
    "At 30 weeks she kicks me all night long, is that normal?",
])
def test_denied_past_chronic_and_general_mentions_are_not_urgent_signs(rules, routine, text):
    result = assess(rules, text).classification
    assert result.urgent_signs == []
    assert result.urgency is Urgency.ROUTINE


def test_a_red_flag_outranks_an_urgent_sign(rules, routine):
    result = assess(rules, "crushing chest pain spreading to my left arm, and a fever of 104").classification
    assert result.urgency is Urgency.EMERGENCY
    assert result.urgent_signs == []


def test_an_urgent_sign_never_lowers_an_emergency_model_reading(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: classifier.Prediction(
        Intent.CLINICAL_SYMPTOM, Urgency.URGENT, 0.9, 0.0, emergency_probability=0.99, urgent_probability=0.9))
    assert assess(rules, "fever of 103 since last night").classification.urgency is Urgency.EMERGENCY


def test_urgent_signs_come_from_the_rules(rules, routine):
    off = rules.model_copy(update={"urgent_signs": UrgentSigns(signs=[])})
    assert assess(off, "There is blood in my stool this morning").classification.urgency is Urgency.ROUTINE


@pytest.mark.parametrize("subject", ["fainting in teens", "info on cellulitis", "Re: fever of 104 in my baby"])
def test_a_subject_naming_a_topic_is_not_an_urgent_sign(rules, routine, subject):
    result = assess(rules, "Could you tell me more about this? Thanks", subject=subject)
    assert result.classification.urgency is Urgency.ROUTINE


def test_a_research_request_about_post_exposure_treatment_is_not_an_exposure(rules, routine):
    text = "Could you point me to recent studies on adverse reactions to rabies post-exposure prophylaxis?"
    assert assess(rules, text).classification.urgent_signs == []
    after_a_bat = assess(rules, "I was told I need post-exposure shots after the bat").classification
    assert "exposure" in after_a_bat.urgent_signs


def test_a_frightened_writer_with_an_urgent_sign_is_escalated(rules):
    example = evaluation.Example(
        id="x", subject="", body="I ran out of insulin yesterday and the pharmacy won't refill it. I'm scared,"
        " please help me, I don't know what to do.", intent="prescription_refill", urgency="urgent",
        sentiment="negative", needs_escalation=True)
    predicted = evaluation.predict(example, rules, None)
    assert predicted.urgency is Urgency.URGENT
    assert predicted.escalate


def test_an_urgent_reading_lists_its_signs_so_the_record_says_why(rules, monkeypatch):
    monkeypatch.setattr(classifier, "predict", lambda subject, text: classifier.Prediction(
        Intent.CLINICAL_SYMPTOM, Urgency.URGENT, 0.9, 0.0, emergency_probability=0.0, urgent_probability=0.9))
    result = assess(rules, "I ran out of insulin yesterday").classification
    assert result.urgency is Urgency.URGENT
    assert result.urgent_signs == ["critical-medication-running-out"]
