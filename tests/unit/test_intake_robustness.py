"""Intake parsing against real public mail and against generated and mutated mail: never an unhandled error."""

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from careflow import mime, verdicts
from careflow.errors import LimitExceeded, Quarantine

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
MIME_CORPUS = sorted(p for p in (CORPORA / "mime").rglob("*") if p.is_file() and p.suffix not in (".md", ".tsv"))
NOW = datetime(2026, 11, 17, 18, 0, tzinfo=UTC)
SEED = (
    b"From: =?utf-8?q?Ren=C3=A9e?= <renee@example.com>\r\nTo: enquiries@example.org\r\nSubject: =?utf-8?b?w6k=?=\r\n"
    b"Message-ID: <seed@example.com>\r\nIn-Reply-To: <p@example.com>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    b'--b1\r\nContent-Type: multipart/alternative; boundary="b2"\r\n\r\n'
    b"--b2\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"caf=E9 refill please\r\n--b2\r\nContent-Type: text/html\r\n\r\n<p>caf&eacute;</p>\r\n--b2--\r\n"
    b"--b1\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
    b"--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@y\r\nSubject: fwd\r\n\r\ninner\r\n--b1--\r\n"
)


def parse_or_quarantine(raw: bytes) -> str:
    verdicts.read(raw)
    try:
        message = mime.parse(raw, bucket="b", key="k", received_at=NOW)
    except Quarantine:
        return "quarantined"
    for text in (message.subject, message.sender, message.sender_name or "", *message.recipients):
        assert "\r" not in text and "\n" not in text
    return "parsed"


@pytest.mark.skipif(not MIME_CORPUS, reason="shared corpora not present (a user's clone has no ../shared)")
def test_every_public_corpus_mail_is_parsed_or_quarantined():
    outcomes = {path.name: parse_or_quarantine(path.read_bytes()) for path in MIME_CORPUS}
    assert len(outcomes) == len(MIME_CORPUS) >= 150
    assert list(outcomes.values()).count("parsed") >= 140


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for position, delete, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + delete :]
    return data


INTERESTING = st.sampled_from(
    [b"\r\n", b"\n\n", b"--b1", b"--b2--", b"=?utf-8?b?", b"?=", b"charset=x-unknown", b"\xff\xfe", b"\x00",
     b"Content-Type: multipart/mixed; boundary=b1\r\n", b"Content-Transfer-Encoding: base64\r\n", b"=\r\n", b"<", b">",
     b"Content-Type: message/rfc822\r\n\r\n", b"\t", b": ", b"Subject: a\r\n b\r\n"]
)
EDITS = st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 40), INTERESTING | st.binary(max_size=30)), max_size=12)


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
@example(edits=[(0, 0, b"--b1"), (598, 15, b";\x01*")])  # IndexError inside email's Content-Type parser
@example(edits=[(263, 0, b"\x01" * 16), (305, 0, b"\x80")])  # non-ASCII boundary in a forwarded message
@example(edits=[(0, 28, b"--b1"), (0, 28, b"--b1"), (3595, 10, b"\x0b")])  # a header that cannot be folded again
def test_mutated_mail_never_raises_and_stays_fast(edits):
    raw = _mutate(SEED, edits)
    started = time.perf_counter()
    parse_or_quarantine(raw)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(raw):
    parse_or_quarantine(raw)


def test_deep_nesting_is_quarantined_naming_the_limit():
    raw = b"From: a@example.com\r\nSubject: deep\r\n"
    for level in range(40):
        raw += f'Content-Type: multipart/mixed; boundary="l{level}"\r\n\r\n--l{level}\r\n'.encode()
    raw += b"Content-Type: text/plain\r\n\r\nhi\r\n"
    with pytest.raises(LimitExceeded, match="nesting deeper than 20 levels"):
        mime.parse_bytes(raw)


def test_too_many_parts_is_quarantined_naming_the_limit():
    parts = b"".join(b"--x\r\nContent-Type: text/plain\r\n\r\npart\r\n" for _ in range(501))
    head = b'From: a@example.com\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n'
    raw = head + parts + b"--x--\r\n"
    with pytest.raises(LimitExceeded, match="more than 500 MIME parts"):
        mime.parse_bytes(raw)


def test_oversized_headers_and_content_are_quarantined_naming_the_limit():
    with pytest.raises(LimitExceeded, match="header block is .* over the 262144-byte limit"):
        mime.parse_bytes(b"From: a@example.com\r\nX-Pad: " + b"a" * 300_000 + b"\r\n\r\nbody")
    with pytest.raises(LimitExceeded, match="over the 100-byte limit"):
        mime.parse_bytes(b"From: a@example.com\r\n\r\n" + b"b" * 200, mime.Limits(raw_bytes=100))
    with pytest.raises(LimitExceeded, match="decoded content over the 10-byte limit"):
        mime.parse_bytes(b"From: a@example.com\r\n\r\n" + b"b" * 50, mime.Limits(decoded_bytes=10))
