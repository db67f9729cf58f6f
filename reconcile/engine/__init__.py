"""How documents are scheduled: in this process, in worker processes (`--jobs`), or on Dask (`--engine dask`).

The stages are the same everywhere; only the scheduling differs, so the output is byte-identical.
"""
