"""Policy Assistant: answers "may we do this?" from the AI services code of conduct."""

import os

# numpy's products here are small (a question's tokens against a few thousand of the clauses', bot/retrieval/late.py)
# and the model runs on onnxruntime's own threads: OpenBLAS's worker threads, which spin for a while after each
# product, only took the two cores from the model's next run (one thread: warm `ask` p95 -8 % on a busy machine,
# its CPU time -40 %; the same results to the bit). Read when numpy loads, so set first; a value already set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
