"""Performance benchmark of the tracker (issue 9): bulk data generator and page timings.

- ``benchmarks.generate``: ``generate(url, applications)`` fills any SQLAlchemy database with a
  realistic cohort (rounds, feedback, stage events, red flags, offers, objectives, ranges) by
  bulk Core inserts, in seconds even at 100,000 applications.
- ``benchmarks.bench``: ``python -m benchmarks.bench --sizes 1000,10000`` times every page
  (AppTest), its SQL floor, the server's peak memory and the first paint in Chromium, prints
  Markdown tables and, with ``--write-md``, writes ``BENCHMARKS.md``.
"""
