#!/usr/bin/env python3
"""CDK entry point (`npx cdk synth` from the repo root; see cdk.json)."""

from aws_cdk import App

from careflow_infra import build

app = App()
build(app)
app.synth()
