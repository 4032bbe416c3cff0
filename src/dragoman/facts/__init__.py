"""Facts around an event: when (`dates`), where (`places`), how much (`figures`, `figure_units`) and which dated
commitments (`commitments`).

Each takes a parsed `Doc` (or a sentence span) and gives typed records: dates with their precision, `Place`s with
coordinates, normalised `Figure`s, `Commitment`s with their deadline.
"""
