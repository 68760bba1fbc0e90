"""Declarative rule sets: loaded from `rules/*.yaml`, validated with line numbers, versioned in DynamoDB."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from careflow.errors import RuleError
from careflow.expressions import Condition, escalation_condition
from careflow.models import Intent, LicenceScope, Shift, StateCode, Tier, Urgency

RULE_SET = "careflow"
ACTIVE = "active"
FILES = ("red_flags", "urgent_signs", "triage", "eligibility", "routing", "escalation", "sla")


@cache
def pattern(source: str) -> re.Pattern[str]:
    """A rule's regular expression, compiled once, matched case-insensitively. The rules hold more patterns than
    the re module's own cache (512), so leaving it to that cache recompiled every pattern on every search."""
    return re.compile(source, re.IGNORECASE)


def _compile_all(sources: Iterable[str]) -> None:
    """Rejects a rule set whose patterns do not compile; compiling them here also spares the first search."""
    for source in sources:
        try:
            pattern(source)
        except re.error as error:
            raise ValueError(f"pattern {source!r} does not compile: {error}") from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Flag(Strict):
    """A red flag or an urgent sign: any of its patterns matching a sentence raises it."""

    id: str
    description: str
    patterns: list[str]

    @model_validator(mode="after")
    def _compiles(self) -> Flag:
        _compile_all(self.patterns)
        return self


def _written_in(patterns: list[str], placeholder: str, value: str) -> list[str]:
    """The patterns with a rule file's shared piece (`value`) written in where `placeholder` ("{name}") stands."""
    if not value and any(placeholder in p for p in patterns):
        raise ValueError(f"a pattern uses {placeholder} but `{placeholder.strip('{}')}` is not set")
    return [p.replace(placeholder, value) for p in patterns]


def _flags_written_in(flags: list[Flag], placeholder: str, value: str) -> list[Flag]:
    """The flags with `value` written into their patterns where `placeholder` stands."""
    return [flag.model_copy(update={"patterns": _written_in(flag.patterns, placeholder, value)}) for flag in flags]


HAPPENING_NOW = "{happening_now}"
ALLERGY_TRIGGERS = "{allergy_triggers}"


class RedFlags(Strict):
    happening_now: str = ""  # the guard that several ignore patterns share, written in where HAPPENING_NOW stands
    allergy_triggers: str = ""  # the foods, stings and medicines several patterns share, where ALLERGY_TRIGGERS stands
    ignore_sentences_matching: list[str] = []
    flags: list[Flag]

    @model_validator(mode="after")
    def _patterns_compile(self) -> RedFlags:
        _compile_all(self.ignores)
        _compile_all(p for flag in self.flags_to_match for p in flag.patterns)
        return self

    @cached_property
    def ignores(self) -> list[str]:
        return _written_in(self.ignore_sentences_matching, HAPPENING_NOW, self.happening_now)

    @cached_property
    def flags_to_match(self) -> list[Flag]:
        return _flags_written_in(self.flags, ALLERGY_TRIGGERS, self.allergy_triggers)


Identifier = Literal["EMAIL", "MEMBER_ID", "SSN", "PHONE", "DATE", "ADDRESS", "ZIP", "NAME"]


class EmergencyModelAbove(Strict):
    """Above these chances the emergency model makes an urgent or a routine offline reading an emergency;
    above 1, never."""

    urgent: Annotated[float, Field(ge=0)]
    routine: Annotated[float, Field(ge=0)]


class Triage(Strict):
    model_threshold: Annotated[float, Field(ge=0, le=1)]
    # A reading nothing has made an emergency also goes to the model from this emergency chance; above 1, never.
    model_from_emergency_chance: Annotated[float, Field(ge=0)]
    emergency_model_above: EmergencyModelAbove
    # An urgent reading needs this chance of urgent; below it, it is routine.
    urgent_from: Annotated[float, Field(ge=0, le=1)]
    # A routine reading of a writer whose tone is negative becomes urgent from this chance of urgent.
    distressed_urgent_from: Annotated[float, Field(ge=0)]
    negative_below: Annotated[float, Field(ge=-1, le=0)]
    positive_above: Annotated[float, Field(ge=0, le=1)]
    # Identifiers removed before text goes to each provider; a provider not listed gets all of them removed.
    redact: dict[Literal["bedrock", "openai", "anthropic"], list[Identifier]] = {}


class Eligibility(Strict):
    service_categories: dict[Intent, str]
    service_states: list[StateCode]


class Route(Strict):
    scope: LicenceScope
    skill: str
    min_level: Annotated[int, Field(ge=1, le=5)]
    queue: str
    senior_only: bool = False


class Relaxation(Strict):
    after_minutes: Annotated[int, Field(gt=0)]
    relax: Literal["region", "skill_level"]  # licence, shift and capacity are never relaxed


class Routing(Strict):
    routes: dict[Intent, Route]
    emergency: Route
    unverified_queue: str
    ineligible_intent: Intent
    strategy: str = Field(pattern="^(least_active|most_available)$")
    care_team_first: bool = True
    senior_staff_last: bool = True
    tier_priority: dict[Tier, int]
    urgency_priority: dict[Urgency, int]
    relaxations: list[Relaxation] = []

    @model_validator(mode="after")
    def _one_relaxation_at_a_time(self) -> Routing:
        waits = [r.after_minutes for r in self.relaxations]
        if waits != sorted(set(waits)):
            raise ValueError("relaxations must come one at a time, in increasing after_minutes")
        if len({r.relax for r in self.relaxations}) != len(self.relaxations):
            raise ValueError("each constraint may be relaxed once")
        return self

    @model_validator(mode="after")
    def _every_intent_routed(self) -> Routing:
        missing = sorted(set(Intent) - set(self.routes))
        if missing:
            raise ValueError(f"no route for intents: {', '.join(missing)}")
        return self


class EscalationRule(Strict):
    id: str
    when: str  # a CEL condition over careflow.expressions.ESCALATION_SIGNALS
    level: Annotated[int, Field(ge=1, le=3)]
    target_queue: str
    reassign_to_senior: bool = False

    @field_validator("when")
    @classmethod
    def _compiles(cls, source: str, info: ValidationInfo) -> str:
        try:
            escalation_condition(source)
        except ValueError as error:
            raise ValueError(f"rule {info.data.get('id', '?')}: {error}") from None
        return source

    @cached_property
    def condition(self) -> Condition:
        return escalation_condition(self.when)


class Escalation(Strict):
    phrases: dict[str, list[str]] = {}
    rules: list[EscalationRule]

    @model_validator(mode="after")
    def _phrases_compile(self) -> Escalation:
        _compile_all(p for patterns in self.phrases.values() for p in patterns)
        return self


UNVERIFIED = "unverified"  # the SLA "tier" of a sender not matched to a member


class Sla(Strict):
    windows: dict[Urgency, dict[str, Annotated[float, Field(gt=0)]]]
    around_the_clock: list[Urgency] = [Urgency.EMERGENCY]
    checkpoints: list[Annotated[float, Field(gt=0, lt=1)]]
    business_hours: dict[str, Shift]
    holidays_country: str = "US"
    closures: list[date] = []

    @model_validator(mode="after")
    def _complete(self) -> Sla:
        tiers = {t.value for t in Tier} | {UNVERIFIED}
        for urgency in Urgency:
            missing = sorted(tiers - set(self.windows.get(urgency, {})))
            if missing:
                raise ValueError(f"no {urgency} window for: {', '.join(missing)}")
        if "default" not in self.business_hours:
            raise ValueError("business_hours needs a `default` entry")
        if self.checkpoints != sorted(self.checkpoints):
            raise ValueError("checkpoints must be in ascending order")
        return self


CRITICAL_MEDICINES = "{critical_medicines}"


class UrgentSigns(Strict):
    ignore_sentences_matching: list[str] = []  # read beside the red flags' own
    critical_medicines: str = ""  # the medicines that cannot be missed, written in where CRITICAL_MEDICINES stands
    signs: list[Flag]

    @model_validator(mode="after")
    def _patterns_compile(self) -> UrgentSigns:
        _compile_all(self.ignore_sentences_matching)
        _compile_all(p for sign in self.signs_to_match for p in sign.patterns)
        return self

    @cached_property
    def signs_to_match(self) -> list[Flag]:
        return _flags_written_in(self.signs, CRITICAL_MEDICINES, self.critical_medicines)


class RuleSet(Strict):
    red_flags: RedFlags
    urgent_signs: UrgentSigns
    triage: Triage
    eligibility: Eligibility
    routing: Routing
    escalation: Escalation
    sla: Sla

    @cached_property
    def sha256(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def version(self) -> str:
        return self.sha256[:12]


def load_dir(directory: Path) -> RuleSet:
    """Load and validate every rule file; the error names the file, line and reason."""
    documents = {name: _load_file(directory / f"{name}.yaml") for name in FILES}
    parsed = {}
    for name, (data, node) in documents.items():
        try:
            parsed[name] = RuleSet.model_fields[name].annotation.model_validate(data)  # type: ignore[union-attr]
        except ValidationError as error:
            raise RuleError(_describe(directory / f"{name}.yaml", node, error)) from None
    return RuleSet.model_validate(parsed)


def seed_items(directory: Path) -> list[dict[str, str]]:
    """The DynamoDB items that make `directory` the first active version (written where none exists)."""
    rule_set = load_dir(directory)
    return [version_item(rule_set), pointer_item(rule_set.version, 1, [])]


def version_item(rule_set: RuleSet) -> dict[str, str]:
    return {
        "rule_set": RULE_SET,
        "version": rule_set.version,
        "sha256": rule_set.sha256,
        "document": json.dumps(rule_set.model_dump(mode="json"), sort_keys=True),
    }


def pointer_item(version: str, revision: int, history: list[str]) -> dict[str, str]:
    return {"rule_set": RULE_SET, "version": ACTIVE, "points_to": version, "revision": str(revision),
            "history": json.dumps(history)}


def _load_file(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text()
    except OSError as error:
        raise RuleError(f"{path}: cannot read ({error.strerror})") from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise RuleError(f"{path}:{where}: YAML syntax error: {getattr(error, 'problem', error)}") from None


def _describe(path: Path, root: yaml.Node | None, error: ValidationError) -> str:
    problems = []
    for issue in error.errors():
        location = [part for part in issue["loc"] if not str(part).startswith("function-")]
        line = _line_of(root, location)
        field = ".".join(str(part) for part in location) or "(file)"
        problems.append(f"{path}:{line}: {field}: {issue['msg']}")
    return "; ".join(problems)


def _line_of(node: yaml.Node | None, location: list[Any]) -> int:
    """The 1-based line of the deepest YAML node on the error's path."""
    line = node.start_mark.line + 1 if node else 1
    for part in location:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
