"""Word tokens of a metric phrase (jieba), cached: a corpus prints the same few thousand phrases many times.

jieba is imported on first use only, and its own tokenizer instance is used so that nothing else in the process
sees our settings; its start-up chatter on stderr is silenced, since library code never prints.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Any

_TOKENIZER: Any = None


def _tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        import platformdirs

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        # The dictionary cache in the user's cache directory, shared with extract's (reconcile.extract.words),
        # not in the system temp directory, which is shared with other users and cleaned at boot.
        tk.tmp_dir = platformdirs.user_cache_dir("reconcile")
        os.makedirs(tk.tmp_dir, exist_ok=True)
        tk.initialize()
        _TOKENIZER = tk
    return _TOKENIZER


@lru_cache(maxsize=65536)
def tokens(phrase: str) -> tuple[str, ...]:
    """jieba's tokens of `phrase` (precise mode, no HMM guessing of unknown words: stable across phrases)."""
    return tuple(t for t in _tokenizer().lcut(phrase, HMM=False) if t.strip())
