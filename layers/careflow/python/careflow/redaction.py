"""Remove identifiers from text before it leaves for an external model provider.

Patterns cover what mail carries most: member ids, emails, phone numbers, dates (a date of birth is a
date), street addresses, US ZIP codes, SSNs, and names we know (the sender's display name and a greeting
or sign-off line). It is minimisation, not a guarantee: free-text names elsewhere may survive.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("MEMBER_ID", re.compile(r"\b(M-\d{6}|member (id|number|#)\s*:?\s*[A-Z0-9-]{5,})\b", re.IGNORECASE)),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("PHONE", re.compile(r"(\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b|\b\d{3}-\d{4}\b")),
    ("DATE", re.compile(
        r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
        r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4})\b",
        re.IGNORECASE)),
    ("ADDRESS", re.compile(
        r"\b\d{1,6} [A-Z][\w.]*( [A-Z][\w.]*){0,3} "
        r"(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl)\b\.?",
        re.IGNORECASE)),
    ("ZIP", re.compile(r"\b\d{5}(-\d{4})?\b")),
]
KINDS = (*(label for label, _ in _PATTERNS), "NAME")
_SIGN_OFF = re.compile(
    r"^(thanks|thank you|regards|best|sincerely|cheers|kind regards|best regards)[,!.]*\s*\n+\s*"
    r"([A-Z][\w'-]+( [A-Z][\w'-]+)?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_GREETING_NAME = re.compile(r"\b(my name is|this is|i am|i'm)\s+([A-Z][a-z]+( [A-Z][a-z]+)?)")


def redact(text: str, names: list[str] | None = None, kinds: Collection[str] = KINDS) -> str:
    """`names`: people known to be in the mail (the sender's display name, the member's name); `kinds`: which
    identifiers to remove (a provider under a BAA may be configured to see dates, say)."""
    for label, pattern in _PATTERNS:
        if label in kinds:
            text = pattern.sub(f"[{label}]", text)
    if "NAME" not in kinds:
        return text
    known = {part for name in names or [] for part in (name, *name.split()) if len(part) > 2}
    for name in sorted(known, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "[NAME]", text, flags=re.IGNORECASE)
    text = _SIGN_OFF.sub(lambda m: m.group(0).replace(m.group(2), "[NAME]"), text)
    return _GREETING_NAME.sub(lambda m: f"{m.group(1)} [NAME]", text)
