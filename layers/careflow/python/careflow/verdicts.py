"""SES receipt verdicts, read from the headers SES writes on every mail it stores in S3.

SES prepends its own headers, so the first occurrence of each is the one SES wrote; a sender's forged
copy can only come after it.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel

_HEADER_BLOCK_END = re.compile(rb"\r?\n\r?\n")
_RESULT = re.compile(r"\b(spf|dkim|dmarc)=(\w+)", re.IGNORECASE)


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    GRAY = "gray"
    PROCESSING_FAILED = "processing_failed"
    NONE = "none"  # not checked, or no header (mail that did not come through SES)


class Verdicts(BaseModel):
    spam: Verdict = Verdict.NONE
    virus: Verdict = Verdict.NONE
    spf: Verdict = Verdict.NONE
    dkim: Verdict = Verdict.NONE
    dmarc: Verdict = Verdict.NONE

    @property
    def sender_authenticated(self) -> bool:
        """False when SPF or DMARC failed: the From address may be forged."""
        return Verdict.FAIL not in (self.spf, self.dmarc)


def read(raw: bytes) -> Verdicts:
    headers = _unfolded_headers(raw)
    found: dict[str, Verdict] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered == "x-ses-spam-verdict":
            found.setdefault("spam", _verdict(value))
        elif lowered == "x-ses-virus-verdict":
            found.setdefault("virus", _verdict(value))
        elif lowered == "received-spf":
            found.setdefault("spf", _verdict(value.split(None, 1)[0] if value.strip() else ""))
        elif lowered == "authentication-results" and "authentication-results" not in found:
            found["authentication-results"] = Verdict.NONE
            for method, result in _RESULT.findall(value):
                found.setdefault(method.lower(), _verdict(result))
    found.pop("authentication-results", None)
    return Verdicts(**found)


def _verdict(value: str) -> Verdict:
    word = value.strip().lower()
    if word in ("pass", "fail", "gray"):
        return Verdict(word)
    if word in ("softfail", "permerror", "hardfail"):
        return Verdict.FAIL
    if word in ("processing_failed", "temperror"):
        return Verdict.PROCESSING_FAILED
    return Verdict.NONE


def _unfolded_headers(raw: bytes) -> list[tuple[str, str]]:
    end = _HEADER_BLOCK_END.search(raw)
    block = raw[: end.start() if end else len(raw)].decode("ascii", errors="replace")
    headers: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line[:1] in (" ", "\t") and headers:
            headers[-1] = (headers[-1][0], headers[-1][1] + " " + line.strip())
        elif ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip(), value.strip()))
    return headers
