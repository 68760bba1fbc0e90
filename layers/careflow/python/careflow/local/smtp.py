"""A local SMTP listener standing in for SES inbound: each accepted mail is stored as the SES S3 action
stores it (raw MIME under inbound/, with a Received header on top) and started as EventBridge would."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from email.utils import format_datetime

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from careflow.local.engine import LocalEngine


class InboundHandler:
    def __init__(self, engine: LocalEngine) -> None:
        self._engine = engine

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        smtp_id = secrets.token_hex(16)
        received = (
            f"Received: from {session.host_name or 'unknown'} ({session.peer[0] if session.peer else 'unknown'})\r\n"
            f" by careflow-local with SMTP id {smtp_id}\r\n"
            f" for {', '.join(envelope.rcpt_tos)};\r\n"
            f" {format_datetime(datetime.now(UTC))}\r\n"
        ).encode()
        content = envelope.original_content or envelope.content or b""
        raw = received + (content if isinstance(content, bytes) else content.encode())
        self._engine.deliver(raw, key=f"inbound/{smtp_id}")
        return "250 OK: queued as " + smtp_id


def smtp_server(engine: LocalEngine, host: str, port: int) -> Controller:
    """Started and stopped by the caller (`start()` / `stop()`)."""
    return Controller(InboundHandler(engine), hostname=host, port=port, data_size_limit=40 * 1024 * 1024)
