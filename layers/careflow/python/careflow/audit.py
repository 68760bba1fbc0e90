"""Append-only, hash-chained audit trail per enquiry.

Each event stores the hash of the one before it; an event is written with a conditional put on
(enquiry_id, seq), so it is never overwritten, and any edit or deletion breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from careflow.errors import ConcurrentUpdate
from careflow.models import AuditEvent
from careflow.settings import settings
from careflow.store import is_conditional_failure, table

GENESIS = "0" * 64
_ATTEMPTS = 5


def append(
    enquiry_id: str,
    step: str,
    action: str,
    detail: dict[str, Any] | None = None,
    rule_version: str | None = None,
    rule_sha256: str | None = None,
) -> AuditEvent:
    audit = table(settings().audit_table)
    for _ in range(_ATTEMPTS):
        last = _last(enquiry_id)
        event = _seal(
            enquiry_id=enquiry_id,
            seq=last.seq + 1 if last else 1,
            step=step,
            action=action,
            at=datetime.now(UTC),
            detail=detail or {},
            rule_version=rule_version,
            rule_sha256=rule_sha256,
            prev_hash=last.hash if last else GENESIS,
        )
        try:
            audit.put_item(Item=_item(event), ConditionExpression="attribute_not_exists(seq)")
            return event
        except ClientError as error:
            if not is_conditional_failure(error):
                raise
    raise ConcurrentUpdate(f"audit append for {enquiry_id} lost {_ATTEMPTS} races")


def trail(enquiry_id: str) -> list[AuditEvent]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"KeyConditionExpression": Key("enquiry_id").eq(enquiry_id), "ConsistentRead": True}
    while True:
        page = table(settings().audit_table).query(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return [_event(item) for item in items]
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def verify(events: list[AuditEvent]) -> list[str]:
    """Problems found in a trail: gaps, broken links or altered events. Empty means intact."""
    problems = []
    prev_hash = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            problems.append(f"seq {event.seq}: expected {expected_seq}")
        if event.prev_hash != prev_hash:
            problems.append(f"seq {event.seq}: does not link to the event before it")
        if _digest(event.model_dump(mode="json", exclude={"hash"})) != event.hash:
            problems.append(f"seq {event.seq}: content does not match its hash")
        prev_hash = event.hash
    return problems


def _seal(**fields: Any) -> AuditEvent:
    unsealed = AuditEvent.model_construct(**fields)
    digest = _digest(unsealed.model_dump(mode="json", exclude={"hash"}))
    return AuditEvent.model_validate(fields | {"hash": digest})


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _last(enquiry_id: str) -> AuditEvent | None:
    page = table(settings().audit_table).query(
        KeyConditionExpression=Key("enquiry_id").eq(enquiry_id), ScanIndexForward=False, Limit=1, ConsistentRead=True
    )
    return _event(page["Items"][0]) if page["Items"] else None


def _item(event: AuditEvent) -> dict[str, Any]:
    item = event.model_dump(mode="json")
    item["detail"] = json.dumps(item["detail"], sort_keys=True)
    return {k: v for k, v in item.items() if v is not None}


def _event(item: dict[str, Any]) -> AuditEvent:
    return AuditEvent.model_validate(
        {**item, "seq": int(item["seq"]), "detail": json.loads(item["detail"]),
         "rule_version": item.get("rule_version")}
    )
