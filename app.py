#!/usr/bin/env python3
"""CDK entry point (`cdk synth/deploy` run this; `make synth` uses `python -m cdk_app.synth`)."""

from cdk_app.app import build_app

if __name__ == "__main__":
    app, _ = build_app()
    app.synth()
