"""samizdat's benchmark suite: synthetic origin sites and the scenarios that time them.

    python -m bench.run            # quick (small sizes, a few minutes at most)
    python -m bench.run --full     # the sizes of the performance targets

See bench/README.md.
"""
