from datetime import UTC, datetime

import pytest

from careflow import mime
from careflow.errors import NotAnEmail
from careflow.steps import received_at

RECEIVED = datetime(2026, 11, 17, 18, 0, tzinfo=UTC)


def parse(raw: bytes):
    return mime.parse(raw, bucket="b", key="inbound/k", received_at=RECEIVED)


def test_plain_mail_becomes_inbound_message_with_sender_and_ids():
    raw = (
        b"From: Ann Lee <Ann@Example.com>\r\nTo: enquiries@example.org\r\nSubject: Refill please\r\n"
        b"Date: Tue, 17 Nov 2026 10:15:00 -0800\r\nMessage-ID: <abc@example.com>\r\n"
        b"In-Reply-To: <parent@example.com>\r\nReferences: <root@example.com> <parent@example.com>\r\n\r\n"
        b"Please refill my inhaler.\r\n"
    )
    message = parse(raw)
    assert message.sender == "ann@example.com"
    assert message.sender_name == "Ann Lee"
    assert message.message_id == "abc@example.com"
    assert message.in_reply_to == "parent@example.com"
    assert message.references == ["root@example.com", "parent@example.com"]
    assert message.body_text == "Please refill my inhaler."
    assert message.sent_at == datetime(2026, 11, 17, 18, 15, tzinfo=UTC)


def test_encoded_subject_is_decoded():
    raw = b"From: a@example.com\nSubject: =?UTF-8?B?UmVuw6llIGFwcG9pbnRtZW50?=\nMessage-ID: <x@y>\n\nhi\n"
    assert parse(raw).subject == "Renée appointment"


def test_html_only_mail_is_turned_into_readable_text():
    raw = (
        b"From: a@example.com\nSubject: hi\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><body><p>I need my <b>test results</b>.</p><script>x()</script></body></html>\n"
    )
    text = parse(raw).body_text
    assert "I need my **test results**." in text
    assert "<p>" not in text


def test_unknown_charset_is_decoded_with_replacement_and_recorded_as_defect():
    raw = b"From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=x-no-such-charset\n\nhello \xff there\n"
    message = parse(raw)
    assert message.body_text.startswith("hello")
    assert "UnknownCharset:x-no-such-charset" in message.defects


def test_attachment_is_recorded_with_type_size_and_hash_not_content():
    raw = (
        b"From: a@example.com\nSubject: records\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\nsee attached\n'
        b'--XX\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="form.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--XX--\n"
    )
    message = parse(raw)
    assert message.body_text == "see attached"
    [attachment] = message.attachments
    assert (attachment.content_type, attachment.size, attachment.filename) == ("application/pdf", 9, "form.pdf")
    assert len(attachment.sha256) == 64


def test_bytes_without_mail_headers_are_not_an_email():
    with pytest.raises(NotAnEmail):
        parse(b"%PDF-1.4\n1 0 obj << >> endobj\n")


def test_missing_message_id_gets_a_stable_synthetic_one():
    raw = b"From: a@example.com\nSubject: hi\n\nbody\n"
    assert parse(raw).message_id == parse(raw).message_id
    assert parse(raw).message_id.endswith("@careflow.invalid")


def test_new_text_drops_quoted_history_and_signature():
    body = "Still waiting!\n\nOn Tue, 17 Nov 2026, Ann wrote:\n> old text\n> more"
    assert mime.new_text(body) == "Still waiting!"
    assert mime.new_text("Thanks\n-- \nAnn Lee\n555-0100") == "Thanks"
    assert mime.new_text("Top\n> quoted inline\nbottom") == "Top\nbottom"


def test_a_message_with_nothing_new_is_read_whole_rather_than_as_empty():
    only_quoted = "> my chest feels heavy and my left arm is numb\n> since this morning"
    assert mime.new_text(only_quoted) == only_quoted
    assert mime.new_text("-- \nAnn Lee") == "-- \nAnn Lee"


def test_outlook_history_is_dropped_but_a_from_line_of_the_senders_own_is_kept():
    outlook = "Still waiting\n\nFrom: Ann Lee <ann@example.org>\nSent: Tuesday\nTo: Care\nSubject: x\n\nold text"
    assert mime.new_text(outlook) == "Still waiting"
    note = "From: Nurse's office, [SCHOOL]\n\nStudent vomited x3, BP 82/50, becoming confused."
    assert mime.new_text(note) == note
    assert mime.new_text(f"Hello,\n{note}") == f"Hello,\n{note}"


@pytest.mark.parametrize("subject", ["FW: texts from my dad", "Fwd: note", "[EXT] Fw: note", "WG: Befund", "RV: nota"])
def test_a_forward_keeps_its_quoted_lines_because_what_was_forwarded_is_the_enquiry(subject):
    body = "Forwarding texts my father sent me.\n\n> 'chest feels heavy like a brick on it'\n> 'coughing pink foam'"
    assert mime.new_text(body, subject) == body


def test_a_reply_to_a_forward_still_drops_its_quoted_history():
    assert mime.new_text("Thanks!\n> 'chest feels heavy'", "Re: FW: texts from my dad") == "Thanks!"


PASTED = ("Please read the bottom part. Her roommate just sent me this.\n\n> she said she doesn't want to be here"
          " anymore and went out with her sleeping pills\n\nWhat do I do?")


def test_a_message_pasted_under_words_pointing_to_it_is_kept_like_a_forward():
    assert mime.new_text(PASTED, "Daughter's roommate sent this") == PASTED


def test_a_reply_pointing_to_its_quote_still_drops_the_quoted_history():
    assert "sleeping pills" not in mime.new_text(PASTED, "Re: Daughter's roommate")


def test_received_time_comes_from_the_topmost_received_header_then_date():
    raw = (
        b"Received: from mx by inbound-smtp.us-east-1.amazonaws.com;\r\n Tue, 17 Nov 2026 18:01:02 +0000 (UTC)\r\n"
        b"Date: Mon, 16 Nov 2026 09:00:00 -0500\r\nFrom: a@example.com\r\n\r\nx"
    )
    assert received_at(raw) == datetime(2026, 11, 17, 18, 1, 2, tzinfo=UTC)
    dated = b"Date: Mon, 16 Nov 2026 09:00:00 -0500\nFrom: a@b\n\nx"
    assert received_at(dated) == datetime(2026, 11, 16, 14, 0, tzinfo=UTC)


def test_encoded_line_breaks_in_headers_are_never_re_emitted():
    raw = (b"From: =?utf-8?q?Eve=0D=0ABcc:_all@example.com?= <eve@example.com>\r\n"
           b"Subject: =?utf-8?q?hello=0D=0AX-Injected:_yes?=\r\nMessage-ID: <i@example.com>\r\n\r\nhi\r\n")
    message = parse(raw)
    for text in (message.subject, message.sender, message.sender_name):
        assert "\r" not in text and "\n" not in text
    assert message.subject == "hello X-Injected: yes"
    assert message.sender == "eve@example.com"


def test_a_codec_that_is_not_a_text_encoding_is_treated_as_an_unknown_charset():
    raw = b"From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=quoted-printable\n\nhello\n"
    message = parse(raw)
    assert message.body_text == "hello"
    assert "UnknownCharset:quoted-printable" in message.defects


def test_a_hyphen_list_is_kept_not_taken_for_a_signature():
    body = ("Please renew these:\n\n- Lisinopril 20 mg\n- Nitroglycerin: I've taken three and the pressure in my chest "
            "is still there\n\nThanks,\nWalter")
    assert "pressure in my chest is still there" in mime.new_text(body)


def test_only_a_re_subject_marks_a_reply():
    assert mime.is_reply("Re: my daughter can't breathe!!")
    assert mime.is_reply("[EXT] RE: RE: bill")
    assert not mime.is_reply("Fwd: texts from my dad")
    assert not mime.is_reply("Regarding my bill")
