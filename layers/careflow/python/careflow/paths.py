"""Where the repository's own files are: the ASL, the rules, the handlers and the samples."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("CAREFLOW_HOME") or Path(__file__).resolve().parents[4])
ASL_FILE = ROOT / "infra" / "statemachine" / "enquiry.asl.json"
RULES_DIR = ROOT / "rules"
FUNCTIONS_DIR = ROOT / "functions"
SAMPLES_DIR = ROOT / "samples"
