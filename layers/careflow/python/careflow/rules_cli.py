"""`careflow rules …`: validate, diff, simulate, push and roll back rule sets without code."""

from __future__ import annotations

import difflib
import getpass
import os
from pathlib import Path

import click
import yaml
from rich.console import Console

from careflow import paths
from careflow.errors import ConcurrentUpdate, RuleError
from careflow.rules import FILES, RuleSet, load_dir

RULES_DIR = click.argument("rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                           default=paths.RULES_DIR)
ENDPOINT = click.option("--endpoint-url", default=None,
                        help="A local stack (`careflow serve` prints its URL). Without it: the AWS account and "
                             "tables named by RULES_TABLE and the other *_TABLE variables.")
YES = click.option("--yes", is_flag=True, help="Do not ask for confirmation.")


@click.group()
def rules() -> None:
    """Rule sets: every change validated, diffed, simulated, versioned and reversible."""


@rules.command()
@RULES_DIR
def validate(rules_dir: Path) -> None:
    """Check every rule file; a rejected rule names its file, line and reason."""
    rule_set = _load(rules_dir)
    click.echo(f"{rules_dir}: valid — version {rule_set.version} (sha256 {rule_set.sha256})")
    click.echo(f"  {len(rule_set.red_flags.flags)} red flags, {len(rule_set.urgent_signs.signs)} urgent signs, "
               f"{len(rule_set.routing.routes)} routes, {len(rule_set.escalation.rules)} escalation rules")


@rules.command()
@RULES_DIR
@ENDPOINT
def diff(rules_dir: Path, endpoint_url: str | None) -> None:
    """Show what RULES_DIR changes against the active version."""
    proposed = _load(rules_dir)
    active = _active(endpoint_url)
    _print_diff(active, proposed)


@rules.command()
@RULES_DIR
@ENDPOINT
@YES
@click.option("--since", default=None, help="Simulate against enquiries created on or after this date (YYYY-MM-DD).")
def push(rules_dir: Path, endpoint_url: str | None, yes: bool, since: str | None) -> None:
    """Make RULES_DIR the active version, after a diff and a what-if simulation."""
    from careflow import rulestore, simulation

    proposed = _load(rules_dir)
    _connect(endpoint_url)
    revision = rulestore.pointer()["revision"]  # the push fails if anyone moves the pointer after this read
    active = rulestore.active_rules()
    if active.version == proposed.version:
        click.echo(f"{rules_dir} is already the active version {active.version}; nothing to push.")
        return
    _print_diff(active, proposed)
    simulation.print_report(simulation.compare(active, proposed, since=_date(since)), Console())
    if not yes:
        click.confirm(f"Make {proposed.version} the active rule set?", abort=True)
    try:
        moved = rulestore.push(proposed, expected_revision=revision, author=getpass.getuser())
    except ConcurrentUpdate as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"active rule set: {moved['from']} -> {moved['to']} (revision {moved['revision']})")


@rules.command()
@ENDPOINT
@YES
@click.option("--to", "to_version", default=None, help="Version to make active (default: the previous one).")
def rollback(endpoint_url: str | None, yes: bool, to_version: str | None) -> None:
    """Point the active rule set back at an earlier version."""
    from careflow import rulestore

    _connect(endpoint_url)
    current = rulestore.pointer()
    target = to_version or (current["history"][-1] if current["history"] else None)
    if target is None:
        raise click.ClickException("nothing to roll back to: the active version has no history")
    if not yes:
        click.confirm(f"Roll back the active rule set from {current['points_to']} to {target}?", abort=True)
    try:
        moved = rulestore.rollback(target, expected_revision=current["revision"], author=getpass.getuser())
    except (RuleError, ConcurrentUpdate) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"active rule set: {moved['from']} -> {moved['to']} (revision {moved['revision']})")


@rules.command()
@ENDPOINT
def history(endpoint_url: str | None) -> None:
    """The active version and the versions it replaced, newest first."""
    from careflow import rulestore

    _connect(endpoint_url)
    current = rulestore.pointer()
    click.echo(f"active: {current['points_to']} (revision {current['revision']})")
    for version in reversed(current["history"]):
        click.echo(f"  before: {version}")


@rules.command()
@RULES_DIR
@ENDPOINT
@click.option("--since", default=None, help="Replay enquiries created on or after this date (YYYY-MM-DD).")
def simulate(rules_dir: Path, endpoint_url: str | None, since: str | None) -> None:
    """Replay recorded enquiries against RULES_DIR and report what would change, before it goes live.

    With neither --endpoint-url nor RULES_TABLE set, the sample mail is recorded on the embedded local
    engine first and replayed.
    """
    from careflow import simulation

    proposed = _load(rules_dir)
    if endpoint_url or os.environ.get("RULES_TABLE"):
        _connect(endpoint_url)
        report = simulation.compare_active(proposed, since=_date(since))
    else:
        report = simulation.on_samples(proposed)
    simulation.print_report(report, Console())


def _load(rules_dir: Path) -> RuleSet:
    try:
        return load_dir(rules_dir)
    except RuleError as error:
        for problem in str(error).split("; "):
            click.echo(f"careflow: {problem}", err=True)
        raise SystemExit(1) from None


def _connect(endpoint_url: str | None) -> None:
    from careflow import store
    from careflow.local.engine import ENVIRONMENT

    if endpoint_url:
        os.environ.update(ENVIRONMENT | {"AWS_ENDPOINT_URL": endpoint_url})
    elif not os.environ.get("RULES_TABLE"):
        raise click.ClickException("no stack: give --endpoint-url for a local stack, or set RULES_TABLE and the "
                                   "other *_TABLE variables from the deployed stack's outputs")
    store.reset_clients()


def _active(endpoint_url: str | None) -> RuleSet:
    from careflow import rulestore

    _connect(endpoint_url)
    try:
        return rulestore.active_rules()
    except RuleError as error:
        raise click.ClickException(str(error)) from None


def _print_diff(active: RuleSet, proposed: RuleSet) -> None:
    if active.version == proposed.version:
        click.echo(f"no changes: both are version {active.version}")
        return
    click.echo(f"active {active.version} -> proposed {proposed.version}")
    for name in FILES:
        before = yaml.safe_dump(getattr(active, name).model_dump(mode="json"), sort_keys=False).splitlines()
        after = yaml.safe_dump(getattr(proposed, name).model_dump(mode="json"), sort_keys=False).splitlines()
        for line in difflib.unified_diff(before, after, f"active/{name}.yaml", f"proposed/{name}.yaml", lineterm=""):
            colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=colour)


def _date(value: str | None):
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None
