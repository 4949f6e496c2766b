"""The day-by-day simulator: population, conduct, observation, score books, lists and the
daily tally, run in shards of whole districts in one process or on a Dask cluster. It neither
writes files nor renders."""
