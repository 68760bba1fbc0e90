"""What-if: replay recorded enquiries under a proposed rule set before it goes live."""

import io

from rich.console import Console

from careflow import rulestore, simulation
from careflow.rules import load_dir
from tests.integration.conftest import EMAILS, EXPECTED


def test_replay_reports_changed_decisions_moves_and_sla_risk_for_a_proposed_rule_set(engine, tmp_path):
    for path in EMAILS:
        engine.run(path.read_bytes())
    proposed_dir = tmp_path / "rules"
    proposed_dir.mkdir()
    for source in (EMAILS[0].parents[2] / "rules").glob("*.yaml"):
        (proposed_dir / source.name).write_text(source.read_text())
    routing = proposed_dir / "routing.yaml"
    # Most free slots instead of lowest load share: some work moves to bigger desks.
    routing.write_text(routing.read_text().replace("strategy: least_active", "strategy: most_available"))
    proposed = load_dir(proposed_dir)

    report = simulation.compare(rulestore.active_rules(), proposed)

    assert report["enquiries"] == sum(1 for e in EXPECTED.values() if not e.get("reply_to"))
    assert report["routing_changed"] >= 1 and report["eligibility_changed"] == 0
    assert report["moves"] and all(move["from"] != move["to"] for move in report["moves"])
    assert set(report["sla_risk"]) == {"active", "proposed"}
    unchanged = simulation.compare(rulestore.active_rules(), rulestore.active_rules())
    assert (unchanged["changed"], unchanged["moves"]) == (0, [])

    printed = io.StringIO()
    simulation.print_report(report, Console(file=printed, width=120))
    assert "where work would move" in printed.getvalue() and "projected SLA risk" in printed.getvalue()

