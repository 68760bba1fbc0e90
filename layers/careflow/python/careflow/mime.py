"""Turn the raw MIME that SES stores in S3 into an InboundMessage."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.errors import HeaderParseError, MessageError
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import html2text
from mailparser_reply import EmailMessage as ReplyThread

from careflow.errors import LimitExceeded, NotAnEmail, Quarantine
from careflow.models import Attachment, InboundMessage


@dataclass(frozen=True)
class Limits:
    raw_bytes: int = 40 * 1024 * 1024  # SES's own ceiling for a received mail
    header_bytes: int = 256 * 1024
    parts: int = 500
    depth: int = 20
    decoded_bytes: int = 32 * 1024 * 1024
    html_bytes: int = 2 * 1024 * 1024  # HTML beyond this is not converted to text (recorded as a defect)


LIMITS = Limits()
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_TYPE_LINE = re.compile(rb"^content-type:", re.IGNORECASE | re.MULTILINE)
_IDENTIFYING_HEADERS = ("From", "To", "Subject", "Date", "Message-ID")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_ANGLE_ADDRESS = re.compile(r"<([^<>\s@]+@[^<>\s@]+)>\s*$")
_QUOTE_HEADER = re.compile(
    r"^(On .{0,200}wrote:|.{0,200}(escribió|a écrit|schrieb|ha scritto|escreveu)\s?:|"
    r"-{2,}\s*Original Message\s*-{2,}|_{5,})\s*$",
    re.IGNORECASE,
)
# Outlook quotes history under "From: ..." followed by Sent/To/Subject lines; a "From: the school nurse" line
# on its own is the sender's own text.
_QUOTED_FROM = re.compile(r"^From: .+$", re.IGNORECASE)
_QUOTED_FIELD = re.compile(r"^(Sent|Date|To|Cc|Subject): ", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(-- ?|Sent from my \w+.*)$")
_FORWARDED = re.compile(r"^-{2,}\s*(Forwarded message|Begin forwarded message|Weitergeleitete Nachricht)", re.I | re.M)
# A writer who pastes someone's message under their own and points to it ("her roommate just sent me this",
# "please read the bottom part") has forwarded it by hand.
_POINTS_TO_QUOTE = re.compile(
    r"\b((just )?(sent|texted|forwarded|messaged|wrote) (me|us) this"
    r"|read (the )?(bottom|below|message below|text below)"
    r"|see (the |her |his |their )?(message|text|email) below|(pasted|copied) (it )?below)\b", re.I)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:\[[^\]]*\]\s*)?(fwd?|wg|tr|rv|enc)\s*:", re.I)
_REPLY_SUBJECT = re.compile(r"^\s*(?:\[[^\]]*\]\s*)?(re|aw|sv|antw)\s*:", re.I)
_REPLY_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "sv")


def parse_bytes(raw: bytes, limits: Limits = LIMITS) -> EmailMessage:
    """Parse within hard limits; raises LimitExceeded or NotAnEmail with a reason a human can read."""
    if len(raw) > limits.raw_bytes:
        raise LimitExceeded(f"message is {len(raw)} bytes, over the {limits.raw_bytes}-byte limit")
    header_end = _HEADER_END.search(raw)
    header_bytes = header_end.start() if header_end else len(raw)
    if header_bytes > limits.header_bytes:
        raise LimitExceeded(f"header block is {header_bytes} bytes, over the {limits.header_bytes}-byte limit")
    if len(_CONTENT_TYPE_LINE.findall(raw)) > limits.parts:
        raise LimitExceeded(f"more than {limits.parts} MIME parts")
    if b"\x00" in raw[:4096]:
        raise NotAnEmail("binary data, not a mail")
    with _library_faults():
        try:
            msg = BytesParser(policy=policy.default).parsebytes(raw)
        except RecursionError:
            raise LimitExceeded(f"MIME nesting deeper than {limits.depth} levels") from None
        if not any(_header(msg, name) for name in _IDENTIFYING_HEADERS):
            raise NotAnEmail("no RFC 5322 headers found")
        _check_structure(msg, limits)
    return msg


@contextmanager
def _library_faults() -> Iterator[None]:
    """The standard library's lazy header parser can fail deep inside on malformed input (seen in fuzzing:
    IndexError on a Content-Type parameter, AttributeError on an address group); such a mail is
    quarantined with the fault's name rather than crashing intake."""
    try:
        yield
    except (IndexError, AttributeError, TypeError, KeyError) as error:
        raise Quarantine(f"MIME structure the email library cannot read ({type(error).__name__})") from None


def _check_structure(msg: Message, limits: Limits) -> None:
    pending = [(msg, 1)]
    parts = decoded = 0
    while pending:
        part, depth = pending.pop()
        parts += 1
        if depth > limits.depth:
            raise LimitExceeded(f"MIME nesting deeper than {limits.depth} levels")
        if parts > limits.parts:
            raise LimitExceeded(f"more than {limits.parts} MIME parts")
        payload = part.get_payload()
        if isinstance(payload, list):
            pending.extend((child, depth + 1) for child in payload if isinstance(child, Message))
            continue
        decoded += len(part.get_payload(decode=True) or b"")
        if decoded > limits.decoded_bytes:
            raise LimitExceeded(f"decoded content over the {limits.decoded_bytes}-byte limit")


def parse(raw: bytes, *, bucket: str, key: str, received_at: datetime) -> InboundMessage:
    msg = parse_bytes(raw)
    with _library_faults():
        return _inbound(msg, raw, bucket=bucket, key=key, received_at=received_at)


def _inbound(msg: EmailMessage, raw: bytes, *, bucket: str, key: str, received_at: datetime) -> InboundMessage:
    defects = [type(d).__name__ for d in msg.defects]
    body_text, body_defects = _body_text(msg)
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    sender_name, sender = _sender(msg)
    subject = _header(msg, "Subject")
    return InboundMessage(
        message_id=message_id(msg, raw_sha256),
        s3_bucket=bucket,
        s3_key=key,
        sender=sender,
        sender_name=sender_name,
        recipients=[addr.lower() for _, addr in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if addr],
        subject=subject,
        body_text=body_text,
        new_text=new_text(body_text, subject),
        sent_at=_date(msg),
        received_at=received_at,
        in_reply_to=next(iter(_MSG_ID.findall(_header(msg, "In-Reply-To"))), None),
        references=_MSG_ID.findall(_header(msg, "References")),
        attachments=_attachments(msg),
        defects=defects + body_defects,
        raw_sha256=raw_sha256,
    )


def message_id(msg: Message, raw_sha256: str) -> str:
    found = _MSG_ID.findall(_header(msg, "Message-ID"))
    return found[0] if found else f"{raw_sha256[:32]}@careflow.invalid"


def new_text(body: str, subject: str = "") -> str:
    """The text the sender wrote in this message: quoted history and signature removed.

    A forwarded message is kept whole, '>' lines included: what was forwarded is the enquiry; so is a message
    that is not a reply and points to what it quotes ("she just sent me this"). When nothing
    new is left (a reply that only quotes, a note that opens with a divider), the whole body is the text."""
    if (_FORWARD_SUBJECT.match(subject) or _FORWARDED.search(body[:4096])
            or not is_reply(subject) and _POINTS_TO_QUOTE.search(body[:4096].split("\n>", 1)[0])):
        return body.strip()
    # keep_hyphen_lists: otherwise the parser takes the first "- item" of a list for a signature and drops the
    # rest of the mail (a renewal list lost the chest pain written under its fourth item).
    replies = ReplyThread(text=body, languages=list(_REPLY_LANGUAGES), keep_hyphen_lists=True).read().replies
    latest = replies[0].body if replies and replies[0].body.strip() else body
    kept: list[str] = []
    lines = latest.splitlines()
    for n, line in enumerate(lines):
        stripped = line.strip()
        if _QUOTE_HEADER.match(stripped) or _SIGNATURE.match(line.rstrip()) or _quoted_from(lines, n):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip() or body.strip()


def is_reply(subject: str) -> bool:
    """A "Re:" subject repeats the topic of an earlier message, which was triaged when it arrived."""
    return bool(_REPLY_SUBJECT.match(subject))


def _quoted_from(lines: list[str], n: int) -> bool:
    return bool(_QUOTED_FROM.match(lines[n].strip())) and any(
        _QUOTED_FIELD.match(line.strip()) for line in lines[n + 1:n + 4])


def _sender(msg: Message) -> tuple[str | None, str]:
    """Display name and lower-cased address; a trailing <addr-spec> wins over a confused parse."""
    value = _header(msg, "From")
    name, address = parseaddr(value)
    angle = _ANGLE_ADDRESS.search(value)
    if angle and address != angle.group(1):
        name, address = value[: angle.start()].strip(' "'), angle.group(1)
    return name or None, address.lower()


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, AttributeError, TypeError, MessageError):  # a header the policy cannot parse
        value = _raw_header(msg, name)
    try:
        text = str(value or "")
    except (ValueError, IndexError, AttributeError, TypeError, MessageError):
        text = _raw_header(msg, name)
    return " ".join(text.split())  # unfolds, and no CR/LF can survive into anything we emit


def _raw_header(msg: Message, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return str(value).encode("ascii", errors="replace").decode("ascii")
    return ""


def _date(msg: Message) -> datetime | None:
    try:
        sent = parsedate_to_datetime(_header(msg, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return sent if sent.tzinfo else None


def _body_text(msg: EmailMessage) -> tuple[str, list[str]]:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", []
    text, defects = _decode(part)
    if part.get_content_subtype() == "html":
        if len(text) > LIMITS.html_bytes:
            text = text[: LIMITS.html_bytes]
            defects.append("HtmlTruncated")
        converter = html2text.HTML2Text()
        converter.ignore_images = True
        converter.ignore_links = True
        converter.body_width = 0
        text = converter.handle(text)
    return text.strip(), defects


def _decode(part: Message) -> tuple[str, list[str]]:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return payload.decode(charset), []
    except LookupError:  # unknown, or a codec that is not a text encoding ("quoted-printable", "zip")
        return payload.decode("utf-8", errors="replace"), [f"UnknownCharset:{charset[:40]}"]
    except UnicodeDecodeError:
        return payload.decode(charset, errors="replace"), [f"UndecodableBytes:{charset[:40]}"]


def _serialised(part: Message) -> bytes:
    try:
        try:
            return part.as_bytes(policy=policy.compat32)  # raw headers: re-folding can fail on malformed ones
        except UnicodeEncodeError:  # a boundary decoded with U+FFFD cannot be written back as ASCII
            return part.as_string(policy=policy.compat32).encode("utf-8", "surrogateescape")
    except HeaderParseError:  # a header value holding a line that looks like another header cannot be folded
        headers = "".join(f"{name}: {value}\n" for name, value in part.raw_items()).encode("utf-8", "surrogateescape")
        body = part.get_payload()
        if isinstance(body, list):
            return headers + b"\n" + b"".join(_serialised(inner) for inner in body)
        return headers + b"\n" + str(body).encode("utf-8", "surrogateescape")


def _attachments(msg: EmailMessage) -> list[Attachment]:
    found = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):  # message/rfc822 and other containers
            payload = _serialised(part)
        found.append(
            Attachment(
                filename=part.get_filename(),
                content_type=part.get_content_type(),
                size=len(payload),
                sha256=hashlib.sha256(payload).hexdigest(),
            )
        )
    return found
