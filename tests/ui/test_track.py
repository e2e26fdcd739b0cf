"""Pure helpers of ``tracker.ui.track`` checked on small frames."""

import pandas as pd

from tracker.ui import track


def test_named_like_counts_every_match_and_offers_the_first_pick_limit(monkeypatch):
    frame = pd.DataFrame({"id": [3, 1, 2, 4], "name": ["Acme AI", "acme labs", "Beta", "ACME"]})
    assert track.named_like(frame, " CME ") == (3, [3, 1, 4])  # any case, frame order
    assert track.named_like(frame, "zz") == (0, [])
    assert track.named_like(frame, "  ") == (0, [])
    monkeypatch.setattr(track, "PICK_LIMIT", 2)
    assert track.named_like(frame, "acme") == (3, [3, 1])
