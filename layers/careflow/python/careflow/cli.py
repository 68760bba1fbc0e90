"""`careflow`: run mail through the real state machine on the embedded local engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from careflow import paths
from careflow.errors import CareflowError
from careflow.rules_cli import rules

_STATUS = {"new": "processed", "reply": "threaded", "duplicate": "duplicate", "quarantined": "quarantined",
           "parked": "parked"}


@click.group()
def main() -> None:
    """careflow: audited, rule-driven orchestration of healthcare enquiries."""


main.add_command(rules)


@main.command()
def demo() -> None:
    """Run the sample enquiries end to end on the local engine and show what happened to each."""
    files = sorted((paths.SAMPLES_DIR / "emails").glob("*.eml"))
    results, _ = _run(files, paths.SAMPLES_DIR / "members.yaml", paths.SAMPLES_DIR / "reps.yaml", quiet=False)
    _print_table(results)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per input mail.")
@click.option("--members", type=click.Path(exists=True, path_type=Path), default=paths.SAMPLES_DIR / "members.yaml",
              show_default=True, help="Member file (YAML) to match senders against.")
@click.option("--reps", type=click.Path(exists=True, path_type=Path), default=paths.SAMPLES_DIR / "reps.yaml",
              show_default=True, help="Rep/provider roster (YAML) to route to.")
def process(files: tuple[Path, ...], as_json: bool, members: Path, reps: Path) -> None:
    """Run your own .eml files through the local engine."""
    results, failed = _run(list(files), members, reps, quiet=as_json)
    if as_json:
        for result in results:
            click.echo(json.dumps(result, sort_keys=True))
    else:
        _print_table(results)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--smtp-port", default=2525, show_default=True, help="Port of the SMTP front door.")
@click.option("--aws-port", default=4566, show_default=True, help="Port of the local AWS endpoint.")
@click.option("--members", type=click.Path(exists=True, path_type=Path), default=paths.SAMPLES_DIR / "members.yaml",
              show_default=True)
@click.option("--reps", type=click.Path(exists=True, path_type=Path), default=paths.SAMPLES_DIR / "reps.yaml",
              show_default=True)
def serve(smtp_port: int, aws_port: int, members: Path, reps: Path) -> None:
    """Run the local stack with an SMTP front door standing in for SES inbound, until interrupted."""
    import signal
    import threading

    from careflow.local.engine import LocalEngine
    from careflow.local.smtp import smtp_server

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LocalEngine(port=aws_port) as engine:
        engine.seed_directory(members, reps)
        smtp = smtp_server(engine, "127.0.0.1", smtp_port)
        smtp.start()
        threading.Thread(target=_fire_timers_until, args=(engine, stop), daemon=True).start()
        click.echo(f"careflow: SMTP on 127.0.0.1:{smtp_port}, AWS endpoint {engine.endpoint_url}", err=True)
        click.echo(f"  aws --endpoint-url {engine.endpoint_url} dynamodb scan --table-name careflow-audit", err=True)
        click.echo(f"  careflow quarantine list --endpoint-url {engine.endpoint_url}", err=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            smtp.stop()


def _fire_timers_until(engine: Any, stop: Any) -> None:
    """SLA checkpoints fire on the wall clock, as EventBridge Scheduler fires them in AWS."""
    from datetime import UTC, datetime

    while not stop.wait(TIMER_POLL_SECONDS):
        try:
            engine.fire_timers(until=datetime.now(UTC))
        except Exception as error:  # keep serving mail; the timer stays armed and is retried
            click.echo(f"careflow: SLA timers: {type(error).__name__}", err=True)


TIMER_POLL_SECONDS = 10


@main.command("eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--provider", "provider_name", type=click.Choice(["offline", "bedrock", "openai", "anthropic"]),
              default="offline", show_default=True, help="Who is consulted when the offline classifier is unsure.")
@click.option("--model-id", default="", envvar="TRIAGE_MODEL_ID",
              help="Model id for --provider (e.g. a Bedrock model id).")
@click.option("--secret-arn", default=None, envvar="TRIAGE_SECRET_ARN",
              help="Secrets Manager secret holding the provider's API key.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def evaluate(dataset: Path, provider_name: str, model_id: str, secret_arn: str | None, as_json: bool) -> None:
    """Measure triage on labelled JSON Lines.

    Each line: {"id", "subject", "body", "intent", "urgency", "sentiment", "needs_escalation"}.
    """
    from careflow import evaluation, rules

    try:
        examples = evaluation.load(dataset)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    provider = None
    if provider_name != "offline":
        from botocore.exceptions import BotoCoreError, ClientError

        from careflow import providers

        try:
            provider = providers.build(provider_name, model_id, secret_arn)
        except (CareflowError, BotoCoreError, ClientError) as error:
            raise click.ClickException(f"cannot use --provider {provider_name}: {error}") from None
    report = evaluation.evaluate(examples, rules.load_dir(paths.RULES_DIR), provider)
    if as_json:
        click.echo(json.dumps(report, sort_keys=True))
    else:
        _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    console = Console()
    headline = Table(title=f"triage on {report['examples']} messages — {report['provider']}", title_justify="left")
    headline.add_column("metric")
    headline.add_column("value", justify="right")
    for key in ("intent_macro_f1", "intent_accuracy", "urgency_accuracy", "emergency_recall", "emergency_precision",
                "escalation_recall", "escalation_precision", "sentiment_accuracy", "model_call_rate",
                "fallback_rate", "below_threshold_rate", "model_wanted_rate", "input_tokens", "output_tokens"):
        headline.add_row(key, "n/a" if report[key] is None else str(report[key]))
    console.print(headline)
    for reason, count in report["fallback_reasons"].items():
        console.print(f"[bold red]{count} model call(s) {reason}[/]: those messages were scored by the offline "
                      "classifier, not by the model")
    for name in ("per_intent", "per_urgency"):
        table = Table(title=name.replace("_", " "), title_justify="left")
        for column in ("label", "precision", "recall", "f1", "support"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label, m in report[name].items():
            table.add_row(label, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}", str(m["support"]))
        console.print(table)
    predicted = sorted({p for row in report["intent_confusion"].values() for p in row})
    matrix = Table(title="intent confusion (rows: labelled, columns: predicted)", title_justify="left")
    matrix.add_column("")
    for label in predicted:
        matrix.add_column(label[:8], justify="right")
    for gold, row in report["intent_confusion"].items():
        matrix.add_row(gold, *(str(row.get(p, "")) for p in predicted))
    console.print(matrix)


@main.command()
@click.argument("enquiry_id")
@click.option("--endpoint-url", required=True, help="The stack to change: `careflow serve` prints its URL.")
@click.option("--reason", default="answered", show_default=True, help="Why it is closed (audited).")
def close(enquiry_id: str, endpoint_url: str, reason: str) -> None:
    """Close an enquiry: free its rep's capacity and give it to the queue (as Salesforce's Case close does)."""
    import os
    from datetime import UTC, datetime

    from careflow import steps, store
    from careflow.errors import EnquiryNotFound
    from careflow.local.engine import ENVIRONMENT

    os.environ.update(ENVIRONMENT | {"AWS_ENDPOINT_URL": endpoint_url})
    store.reset_clients()
    try:
        assigned = steps.close(enquiry_id, reason, datetime.now(UTC))
    except EnquiryNotFound:
        raise click.ClickException(f"no enquiry {enquiry_id}") from None
    click.echo(f"{enquiry_id} closed; assigned from the queue: {', '.join(assigned) or 'none'}")


@main.group()
def quarantine() -> None:
    """Mail that could not be processed safely, kept byte for byte with its reason."""


@quarantine.command("list")
@click.option("--endpoint-url", required=True, help="The stack to read: `careflow serve` prints its URL.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per quarantined mail.")
def quarantine_list(endpoint_url: str, as_json: bool) -> None:
    """List quarantined mail: reference, reason, size, when."""
    import os

    from careflow import store
    from careflow.local.engine import ENVIRONMENT

    os.environ.update(ENVIRONMENT | {"AWS_ENDPOINT_URL": endpoint_url})
    store.reset_clients()
    found = store.list_quarantine()
    if as_json:
        for item in found:
            click.echo(json.dumps(item, sort_keys=True))
        return
    table = Table(title=f"quarantine — {len(found)} mail", title_justify="left")
    for column in ("reference", "reason", "bytes", "quarantined at"):
        table.add_column(column)
    for item in found:
        table.add_row(item["ref"], item["reason"], str(item["size"]), item["quarantined_at"])
    Console().print(table)


def _run(files: list[Path], members: Path, reps: Path, *, quiet: bool) -> tuple[list[dict[str, Any]], bool]:
    from careflow.errors import NotAnEmail, Quarantine
    from careflow.local.engine import LocalEngine
    from careflow.mime import parse_bytes

    err = Console(stderr=True)
    results: list[dict[str, Any]] = []
    failed = False
    with LocalEngine() as engine:
        engine.seed_directory(members, reps)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True, disable=quiet and not err.is_terminal) as progress:
            task = progress.add_task("processing mail", total=len(files))
            for path in files:
                progress.update(task, description=f"processing {path.name}")
                progress.advance(task)
                try:
                    raw = path.read_bytes()
                except OSError as error:
                    click.echo(f"careflow: {path}: cannot read ({error.strerror})", err=True)
                    failed = True
                    continue
                try:
                    parse_bytes(raw)
                except NotAnEmail as error:
                    click.echo(f"careflow: {path}: not an email ({error})", err=True)
                    failed = True
                    continue
                except Quarantine:
                    pass  # a mail breaking a limit: intake quarantines it and the result says why
                results.append(summarise(path, engine.run(raw)))
    return results, failed


def summarise(path: Path, final: dict[str, Any]) -> dict[str, Any]:
    """What one mail became, read back from the enquiry and audit tables (ids and labels only)."""
    from careflow import audit, store

    outcome = final.get("outcome") or "unknown"
    summary: dict[str, Any] = {
        "file": path.name,
        "enquiry_id": final.get("enquiry_id"),
        "status": _STATUS.get(outcome, outcome) if final["status"] == "SUCCEEDED" else "failed",
        "audit_events": len(audit.trail(final["enquiry_id"])) if final.get("enquiry_id") else 0,
    }
    enquiry = store.find_enquiry(final["enquiry_id"]) if final.get("enquiry_id") else None
    if outcome == "quarantined":
        events = audit.trail(final["enquiry_id"])
        summary["reason"] = events[-1].detail.get("reason") if events else None
    if enquiry is None:
        return summary
    classification, routing, escalation = enquiry.classification, enquiry.routing, enquiry.escalation
    sentiment = enquiry.latest.sentiment
    summary |= {
        "intent": classification.intent.value if classification else None,
        "urgency": classification.urgency.value if classification else None,
        "sentiment": sentiment.label.value if sentiment else None,
        "sentiment_score": sentiment.score if sentiment else None,
        "eligible": enquiry.eligibility.eligible if enquiry.eligibility else None,
        "assignee": routing.assignee if routing else None,
        "queue": routing.queue if routing else None,
        "escalated": bool(escalation and escalation.escalated),
        "escalation_level": escalation.level if escalation else 0,
        "red_flags": classification.red_flags if classification else [],
        "thread_length": len(enquiry.thread),
    }
    if outcome == "parked":
        summary["reason"] = enquiry.parked_reason
    return summary


def _print_table(results: list[dict[str, Any]]) -> None:
    table = Table(title="careflow — enquiries on the local engine", title_justify="left")
    table.add_column("mail", no_wrap=True)
    for column in ("enquiry", "status", "intent", "urgency", "sentiment", "eligible", "assignee / queue",
                   "escalation", "audit"):
        table.add_column(column, overflow="fold")
    for r in results:
        urgency = r.get("urgency") or ""
        table.add_row(
            r["file"],
            r.get("enquiry_id") or "",
            r["status"] + (f" ({r['reason']})" if r.get("reason") else ""),
            r.get("intent") or "",
            f"[bold red]{urgency}[/]" if urgency == "emergency" else urgency,
            f"{r['sentiment']} {r['sentiment_score']:+.2f}" if r.get("sentiment") else "",
            {True: "yes", False: "no", None: ""}[r.get("eligible")],
            r.get("assignee") or (f"queue: {r['queue']}" if r.get("queue") else ""),
            f"[bold]level {r['escalation_level']}[/]" if r.get("escalated") else "",
            str(r["audit_events"]),
        )
    console = Console()
    if not console.is_terminal:  # piped or captured: don't squeeze the table into 80 columns
        console = Console(width=200)
    console.print(table)
