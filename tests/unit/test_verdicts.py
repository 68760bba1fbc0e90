from careflow import verdicts
from careflow.verdicts import Verdict

SES_HEADERS = (
    b"Received: from mail.example.com by inbound-smtp.us-east-1.amazonaws.com with SMTP id abc;\r\n"
    b" Tue, 17 Nov 2026 18:01:02 +0000 (UTC)\r\n"
    b"X-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: FAIL\r\n"
    b"Received-SPF: softfail (spfCheck: domain does not designate 1.2.3.4) client-ip=1.2.3.4;\r\n"
    b"Authentication-Results: amazonses.com;\r\n spf=softfail (spfCheck: x) smtp.mailfrom=a@example.com;\r\n"
    b" dkim=pass header.i=@example.com;\r\n dmarc=fail header.from=example.com;\r\n"
)


def test_ses_verdict_headers_are_read():
    found = verdicts.read(SES_HEADERS + b"From: a@example.com\r\n\r\nbody")
    assert (found.spam, found.virus, found.spf, found.dkim, found.dmarc) == (
        Verdict.PASS, Verdict.FAIL, Verdict.FAIL, Verdict.PASS, Verdict.FAIL
    )
    assert not found.sender_authenticated


def test_the_first_verdict_header_wins_over_a_forged_later_copy():
    raw = b"X-SES-Virus-Verdict: FAIL\r\nX-SES-Virus-Verdict: PASS\r\nFrom: a@example.com\r\n\r\n"
    assert verdicts.read(raw).virus is Verdict.FAIL


def test_verdict_headers_in_the_body_are_ignored():
    raw = b"From: a@example.com\r\n\r\nX-SES-Virus-Verdict: FAIL\r\n"
    assert verdicts.read(raw).virus is Verdict.NONE


def test_mail_without_ses_headers_is_unchecked_not_failed():
    found = verdicts.read(b"From: a@example.com\r\n\r\nhi")
    assert found.spam is Verdict.NONE and found.sender_authenticated
