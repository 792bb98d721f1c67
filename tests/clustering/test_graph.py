import numpy as np

from ideabox.clustering.graph import _top_columns


def test_sampled_top_columns_match_a_full_partition():
    rng = np.random.default_rng(3)
    sims = rng.standard_normal((64, 5000)).astype(np.float32)
    sims /= np.abs(sims).max()
    top = _top_columns(sims, 40)
    full = np.argpartition(-sims, 39, axis=1)[:, :40]
    assert top.shape == (64, 40)
    assert all(set(a) == set(b) for a, b in zip(top, full))
    assert all(np.all(np.diff(sims[i, top[i]]) <= 0) for i in range(64))  # best first
