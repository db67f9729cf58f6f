"""How documents are scheduled: in this process, in worker processes (`--jobs`), or on Dask (`--engine dask`).

The stages are the same everywhere; only the scheduling differs, so the output is byte-identical. What runs per
document (read, extract, each figure's alignment key parts, each page's passage sketches) goes to the workers;
what needs every document (alignment's merge, duplicate buckets and verification, the rules) runs here.
"""
