"""consensus: a neutral brief of one story from several outlets, every statement with its support count."""

import os

# The semantic signal multiplies small per-sentence matrices: BLAS threads only add contention there (5x slower
# beside a busy llama.cpp server) and could make float sums depend on the thread count. Set before NumPy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
