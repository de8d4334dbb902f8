"""``make bench``: the benchmark script that writes ``docs/benchmarks.md`` (not a test suite)."""
