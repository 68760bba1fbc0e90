"""Rule-set versions in DynamoDB: immutable version items and one `active` pointer.

The pointer moves only by a conditional write on its revision (optimistic concurrency). Every function
that loads the active version validates it: a version someone edited in place, or a pointer naming a
missing version, is never used — the newest valid version in the pointer's history is, and the
failure is logged, counted (the `RuleSetInvalid` metric is alarmed) and audited.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from botocore.exceptions import ClientError
from pydantic import ValidationError

from careflow import audit
from careflow.errors import ConcurrentUpdate, RuleError
from careflow.rules import ACTIVE, RULE_SET, RuleSet, pointer_item, version_item
from careflow.settings import settings
from careflow.store import is_conditional_failure, table

AUDIT_KEY = "RULES"  # rule-set changes and failures are audited under this key


def pointer() -> dict[str, Any]:
    item = _rules().get_item(Key={"rule_set": RULE_SET, "version": ACTIVE}, ConsistentRead=True).get("Item")
    if item is None:
        raise RuleError("no active rule set: push one with `careflow rules push`")
    return {"points_to": item["points_to"], "revision": int(item.get("revision", "1")),
            "history": json.loads(item.get("history", "[]"))}


def active_rules() -> RuleSet:
    """The active version if it is valid, else the newest valid version before it."""
    current = pointer()
    candidates = [current["points_to"], *reversed(current["history"])]
    for version in candidates:
        try:
            return load_version(version)
        except RuleError as error:
            _report_invalid(version, str(error))
    raise RuleError("no valid rule-set version in the active pointer's history")


def load_version(version: str) -> RuleSet:
    item = _rules().get_item(Key={"rule_set": RULE_SET, "version": version}).get("Item")
    if item is None:
        raise RuleError(f"version {version} does not exist")
    return _validated(version, item["document"], item.get("sha256", ""))


@lru_cache(maxsize=16)
def _validated(version: str, document: str, sha256: str) -> RuleSet:
    """Cached by content: an edited document is a new cache key and is validated again."""
    try:
        rule_set = RuleSet.model_validate_json(document)
    except ValidationError as error:
        raise RuleError(f"version {version} fails validation ({error.error_count()} errors)") from None
    if rule_set.sha256 != sha256 or rule_set.version != version:
        raise RuleError(f"version {version} was changed after it was pushed (hash mismatch)")
    return rule_set


def push(rule_set: RuleSet, expected_revision: int | None, author: str) -> dict[str, Any]:
    """Store the version and point `active` at it, if nobody moved the pointer meanwhile.

    A version's name is its content hash, so its content is never in doubt: the item is written when it
    is missing or when someone edited it in place, and left alone otherwise.
    """
    item = version_item(rule_set)
    try:
        _rules().put_item(Item=item, ConditionExpression="attribute_not_exists(version) OR document <> :document",
                          ExpressionAttributeValues={":document": item["document"]})
    except ClientError as error:
        if not is_conditional_failure(error):
            raise
    return _move(rule_set.version, expected_revision, author, action="pushed")


def rollback(to_version: str | None, expected_revision: int | None, author: str) -> dict[str, Any]:
    current = pointer()
    target = to_version or (current["history"][-1] if current["history"] else None)
    if target is None:
        raise RuleError("nothing to roll back to: the active version has no history")
    load_version(target)  # a rollback target must itself be valid
    return _move(target, expected_revision, author, action="rolled_back")


def _move(version: str, expected_revision: int | None, author: str, action: str) -> dict[str, Any]:
    current = pointer()
    if expected_revision is not None and expected_revision != current["revision"]:
        raise ConcurrentUpdate(f"the active rule set moved to revision {current['revision']}; reload and retry")
    history = [*current["history"], current["points_to"]][-50:]
    revision = current["revision"] + 1
    try:
        _rules().put_item(
            Item=pointer_item(version, revision, history),
            ConditionExpression="revision = :expected",
            ExpressionAttributeValues={":expected": str(current["revision"])},
        )
    except ClientError as error:
        if is_conditional_failure(error):
            raise ConcurrentUpdate("the active rule set moved meanwhile; reload and retry") from None
        raise
    audit.append(AUDIT_KEY, "rules", action, {"from": current["points_to"], "to": version, "revision": revision,
                                              "author_sha256": hashlib.sha256(author.encode()).hexdigest()},
                 rule_version=version)
    return {"from": current["points_to"], "to": version, "revision": revision,
            "at": datetime.now(UTC).isoformat()}


_reported: set[tuple[str, str]] = set()


def _report_invalid(version: str, reason: str) -> None:
    """Once per container and problem: the log line, the alarmed metric and an audit event."""
    from careflow.observability import logger, metrics

    if (version, reason) in _reported:
        return
    _reported.add((version, reason))
    logger.error("rule-set version rejected", version=version, reason=reason)
    metrics.add_metric(name="RuleSetInvalid", unit="Count", value=1)
    audit.append(AUDIT_KEY, "rules", "rejected", {"version": version, "reason": reason})


def _rules() -> Any:
    return table(settings().rules_table)
