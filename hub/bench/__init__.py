"""Benchmarks: commands that print JSON, measured as ratios within one run.

Never imported by tests; timings live here and in docs/performance.md.
"""
