"""A mail in a language careflow does not read, through the real ASL on the local engine."""

from careflow import audit, store


def spanish(subject: str, body: str) -> bytes:
    return (
        "From: Rosa Elena Diaz <rosa.diaz@example.net>\r\n"
        "To: enquiries@careflow-demo.example\r\n"
        f"Subject: {subject}\r\n"
        "Date: Sun, 06 Dec 2026 21:14:00 -0500\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@example.net>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{body}\r\n"
    ).encode()


def test_a_mail_not_in_english_is_escalated_to_language_services_and_audited(engine):
    run = engine.run(spanish("cita", "Buenas tardes. Quisiera cambiar mi cita del martes con la doctora a otro"
                                     " día, si es posible. Muchas gracias."))
    assert run["status"] == "SUCCEEDED"
    enquiry = store.find_enquiry(run["enquiry_id"])
    assert enquiry.classification.rationale.startswith("not in English")
    assert enquiry.escalation.escalated and "not-in-english" in enquiry.escalation.rules_matched
    assert enquiry.escalation.target_queue == "language_services"
    [triage] = [event for event in audit.trail(run["enquiry_id"]) if event.step == "triage"]
    assert triage.detail["mentions"] == ["not_english"] and triage.detail["offline_confidence"] == 0.0


def test_an_emergency_not_in_english_goes_to_senior_clinical_and_still_names_the_language(engine):
    run = engine.run(spanish("pregunta urgente", "Buenas noches. Anoche mi esposo me apretó el cuello con las dos"
                             " manos hasta que me desmayé. Hoy tengo la voz ronca y me cuesta tragar. ¿Tengo que ir al"
                             " hospital? Tengo mucho miedo."))
    enquiry = store.find_enquiry(run["enquiry_id"])
    assert enquiry.classification.urgency.value == "emergency"
    assert enquiry.escalation.rules_matched[:1] == ["clinical-red-flag"]
    assert "not-in-english" in enquiry.escalation.rules_matched
    assert enquiry.escalation.target_queue == "senior_clinical"
