"""Which corpus a script runs: `--corpus DIR` (e.g. round2, with its own functions.py,
jax_rewrites.py and outputs), else the one beside the scripts. Imports nothing of gradlab."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus_dir() -> str:
    if "--corpus" in sys.argv[:-1]:
        return os.path.abspath(sys.argv[sys.argv.index("--corpus") + 1])
    return HERE
