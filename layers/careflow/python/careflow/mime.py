"""Turn the raw MIME that SES stores in S3 into an InboundMessage."""

from __future__ import annotations

import codecs
import hashlib
import re
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import html2text

from careflow.errors import NotAnEmail
from careflow.models import Attachment, InboundMessage

_IDENTIFYING_HEADERS = ("From", "To", "Subject", "Date", "Message-ID")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_QUOTE_HEADER = re.compile(
    r"^(On .{0,200}wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+|_{5,})\s*$", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^(-- ?|Sent from my \w+.*)$")


def parse_bytes(raw: bytes) -> EmailMessage:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    if b"\x00" in raw[:4096] or not any(_header(msg, name) for name in _IDENTIFYING_HEADERS):
        raise NotAnEmail("no RFC 5322 headers found")
    return msg


def parse(raw: bytes, *, bucket: str, key: str, received_at: datetime) -> InboundMessage:
    msg = parse_bytes(raw)
    defects = [type(d).__name__ for d in msg.defects]
    body_text, body_defects = _body_text(msg)
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    sender_name, sender = parseaddr(_header(msg, "From"))
    return InboundMessage(
        message_id=message_id(msg, raw_sha256),
        s3_bucket=bucket,
        s3_key=key,
        sender=sender.lower(),
        sender_name=sender_name or None,
        recipients=[addr.lower() for _, addr in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if addr],
        subject=_header(msg, "Subject"),
        body_text=body_text,
        new_text=new_text(body_text),
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


def new_text(body: str) -> str:
    """The text the sender wrote in this message: quoted history and signature removed."""
    kept: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if _QUOTE_HEADER.match(stripped) or _SIGNATURE.match(line.rstrip()):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, AttributeError):  # malformed header the policy could not parse
        value = msg.get_all(name, [""])[0] if hasattr(msg, "get_all") else ""
    return " ".join(str(value or "").split())


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
        codecs.lookup(charset)
    except LookupError:
        return payload.decode("utf-8", errors="replace"), [f"UnknownCharset:{charset[:40]}"]
    try:
        return payload.decode(charset), []
    except UnicodeDecodeError:
        return payload.decode(charset, errors="replace"), [f"UndecodableBytes:{charset[:40]}"]


def _attachments(msg: EmailMessage) -> list[Attachment]:
    found = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):  # message/rfc822 and other containers
            payload = part.as_bytes()
        found.append(
            Attachment(
                filename=part.get_filename(),
                content_type=part.get_content_type(),
                size=len(payload),
                sha256=hashlib.sha256(payload).hexdigest(),
            )
        )
    return found
