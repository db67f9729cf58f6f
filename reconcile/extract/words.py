"""Word segmentation of short stretches of text (the clause around a figure), with jieba loaded on first use.

Only the few dozen characters around each figure are segmented, never the whole document, which keeps
extraction linear and several times faster than segmenting everything. jieba's dictionary cache goes to the
user's cache directory (platformdirs), not to the system temp directory, and jieba is imported only here (the
alignment stage's tokenizer, `plain_tokenizer`, is made here too, sharing the dictionary).

Reading jieba's 500,000-entry dictionary takes 0.15 s, more than segmenting a page: a process that segments a
page or two (the CI gate's check of a new page) looks its words up in a `_WordTable` on disk instead, and reads
the dictionary only once the lookups add up to what that costs (a run over an archive).
"""

from __future__ import annotations

from functools import lru_cache
from math import log
from typing import Any, Optional

from reconcile.extract.lexicon import cue, gazetteer


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    _with_our_words(jieba.dt, _cache_dir())
    return jieba


def _with_our_words(dt: Any, cache: str) -> None:
    """Initialise `dt` (extract's tokenizer) and add place names and cue words as words of their own, so a clause
    splits where our rules expect: on a `_WordTable` when this process has not read the dictionary (a page or two
    to extract: the few thousand lookups they take cost less than reading it), else on a copy of the dictionary."""
    table = _open_table(dt, cache)
    if table is None:
        _initialize(dt, cache)  # a copy of the dictionary: the words are added to it
    add = dt.add_word if table is None else table.add_word
    for name in gazetteer().names():
        add(name, freq=2000, tag="ns")
    for section in ("govern", "predicate", "scope"):
        for w in cue(section):
            if len(w) > 1:
                add(w, freq=1000)


@lru_cache(maxsize=1)
def plain_tokenizer() -> Any:
    """A jieba Tokenizer of jieba's default dictionary with no word of ours added (the alignment stage's: its
    tokens of a metric phrase must not depend on the gazetteer). It must never be given words.

    Its dictionary is the one `_jieba` reads, shared, when this process has read it (a page was extracted);
    otherwise a `_WordTable` over a file in the cache directory, which answers the few dozen lookups that cutting
    a few short phrases takes without reading the 500,000 entries (the gate's check of a page already in the
    ledger tokenizes one or two tier names), and reads them all once the lookups add up to what that costs."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return _plain_tokenizer(_cache_dir())


def _plain_tokenizer(cache: str) -> Any:
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = cache
    if _open_table(tk, cache) is None:
        _initialize(tk, cache, private=False)
    return tk


def _open_table(dt: Any, cache: str) -> Optional["_WordTable"]:
    """Give the uninitialised tokenizer `dt` of jieba's default dictionary a `_WordTable` as its dictionary, unless
    this process has read the dictionary already or the table cannot be had (None: the caller initialises `dt`)."""
    import jieba

    dt.tmp_dir = cache
    if cache in _LOADED or dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or dt.cache_file:
        return None
    table = _WordTable.open(cache, dt)
    if table is not None:
        with dt.lock:
            dt.FREQ, dt.total = table, table.total
            dt.initialized = True
    return table


def _cache_dir() -> str:
    """The user's cache directory for jieba's dictionary cache, not the system temp directory, which is shared
    with other users and cleaned at boot."""
    import os

    import platformdirs

    cache = platformdirs.user_cache_dir("reconcile")
    os.makedirs(cache, exist_ok=True)
    return cache


def _initialize(dt: Any, cache: str, *, private: bool = True) -> None:
    """`dt.initialize()` for a jieba Tokenizer of the default dictionary whose tmp_dir is `cache`, from the
    dictionary `_dictionary(cache)` read once per process: a copy of it when `private` (a tokenizer that will be
    given words of its own: copying is 10 ms), the table itself otherwise. Any other tokenizer (another
    dictionary, a cache file of its own, already initialised) is left to jieba."""
    import jieba

    if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or dt.cache_file:
        dt.initialize()
        return
    freq, total = _dictionary(cache)
    with dt.lock:
        dt.FREQ, dt.total = (dict(freq) if private else freq), total
        dt.initialized = True


_LOADED: dict[str, tuple[dict[str, int], int]] = {}  # cache directory -> its dictionary, read in this process


def _dictionary(cache: str) -> tuple[dict[str, int], int]:
    """jieba's default dictionary as its prefix table and total, read from the cache jieba writes in `cache` with
    marshal.loads of the whole file, once per process; never modified (see `_initialize`).

    jieba reads its cache with marshal.load on the open file, which reads it in small pieces: three times slower
    than one read and marshal.loads (measured 0.45 s against 0.15 s for its 500,000 entries), and that load is
    most of what checking one new page costs once the archive comes from the ledger. The entries are the same;
    when there is no cache yet, or it cannot be read, jieba builds it (and writes it for the next process)."""
    import marshal
    import os

    import jieba

    got = _LOADED.get(cache)
    if got is not None:
        return got
    path = os.path.join(cache, "jieba.cache")  # jieba's own name for the default dictionary's cache
    try:
        with open(path, "rb") as fh:
            freq, total = marshal.loads(fh.read())
        if not (isinstance(freq, dict) and isinstance(total, int)):
            raise ValueError(path)
    except Exception:  # absent, partial or foreign: jieba rebuilds it
        tk = jieba.Tokenizer()
        tk.tmp_dir = cache
        tk.initialize()
        freq, total = tk.FREQ, tk.total
    return _LOADED.setdefault(cache, (freq, total))


def read_whole_dictionary() -> None:
    """Read jieba's whole dictionary now, in a process that is about to extract many documents: such a run reads it
    anyway once its lookups add up (`_WordTable.LIMIT`), so reading it first costs nothing more, and the process'
    memory then does not step up by the dictionary's ~80 MB somewhere in the middle of the run."""
    cache = _cache_dir()
    _dictionary(cache)  # tokenizers made from now on are given it (`_open_table`)
    for table in _TABLES:  # and those made before switch to it
        table.switch()


_TABLES: list["_WordTable"] = []  # the word tables this process opened (one or two: extraction's, alignment's)

_PREFIX = -1  # in a _WordTable's added words: the prefix of an added word, "the dictionary's count, else 0"


class _WordTable:
    """jieba's default dictionary as a mapping over an SQLite file, for a tokenizer that cuts a few short stretches
    of text: what jieba's cut asks of its `FREQ` (`in`, `[]`, `get`), each word looked up once (6 µs), with the
    words the tokenizer was given (`add_word`) kept apart in memory.

    The file is made from `_dictionary` the first time (half a second, once per dictionary) and named by the
    size and time of jieba's cache it was made from, so a rebuilt cache makes a new one. Lookups stop being
    worth it when they add up to what reading the whole dictionary costs (`LIMIT`, about 0.15 s of them): the
    tokenizer is then given the whole dictionary (a copy with the added words, when it has some), so a long run
    pays at most twice the cheaper of the two.
    """

    LIMIT = 20_000

    def __init__(self, path: str, cache: str, owner: Any) -> None:
        import sqlite3
        import threading

        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, Optional[int]] = {}  # the file's answers
        self._added: dict[str, int] = {}  # words given to the tokenizer, and their prefixes (_PREFIX)
        self._switched = False  # the owner was given the whole dictionary
        self._cache = cache
        self._owner = owner
        row = self._conn.execute("SELECT total FROM meta").fetchone()
        self.total = int(row[0])

    @classmethod
    def open(cls, cache: str, owner: Any) -> Optional["_WordTable"]:
        """The table for the dictionary cache in `cache` (made if missing), or None when it cannot be had."""
        import os
        import sqlite3

        try:
            if not os.path.isfile(os.path.join(cache, "jieba.cache")):
                _dictionary(cache)  # jieba writes its cache
            path = cls.path(cache)
            if not os.path.isfile(path):
                _write_table(path, *_dictionary(cache))
            try:
                table = cls(path, cache, owner)
            except sqlite3.Error:  # a damaged file: made again, once
                _write_table(path, *_dictionary(cache))
                table = cls(path, cache, owner)
            _TABLES.append(table)
            return table
        except (OSError, sqlite3.Error, TypeError, ValueError):
            return None

    @staticmethod
    def path(cache: str) -> str:
        """The table's file for the dictionary cache in `cache` (which must exist)."""
        import os

        import jieba

        st = os.stat(os.path.join(cache, "jieba.cache"))
        return os.path.join(cache, f"jieba.words.{jieba.__version__}.{st.st_size}.{st.st_mtime_ns}.sqlite")

    def add_word(self, word: str, freq: int, tag: Optional[str] = None) -> None:
        """jieba's `Tokenizer.add_word(word, freq, tag)` for the owner, without a lookup: jieba sets a word's
        prefixes to 0 where the dictionary lacks them, which `get` works out when asked (_PREFIX)."""
        freq = int(freq)
        if freq == 0:
            from jieba import finalseg

            finalseg.add_force_split(word)
        owner = self._owner
        self._added[word] = freq
        owner.total += freq
        if tag:
            owner.user_word_tag_tab[word] = tag
        for i in range(1, len(word)):
            self._added.setdefault(word[:i], _PREFIX)

    def __setitem__(self, word: str, freq: int) -> None:  # jieba's own add_word and suggest_freq
        self._added[word] = int(freq)

    def get(self, word: str, default: Any = None) -> Any:
        added = self._added.get(word)
        if added is not None and added != _PREFIX:
            return added
        memo = self._memo
        if word in memo:
            freq = memo[word]
        else:
            freq = memo[word] = self._lookup(word)
        if freq is None:
            return default if added is None else 0
        return freq

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        freq = self.get(word)
        if freq is None:
            raise KeyError(word)
        return freq

    def whole(self) -> dict[str, int]:
        """The dictionary as jieba would hold it in memory: itself, or a copy with the added words."""
        freq, _ = _dictionary(self._cache)
        if not self._added:
            return freq
        out = dict(freq)
        for w, f in self._added.items():
            if f == _PREFIX:
                out.setdefault(w, 0)
            else:
                out[w] = f
        return out

    def switch(self) -> None:
        """Give the owner the whole dictionary now (its later cuts read it, not the file)."""
        if not self._switched:
            self._switched = True
            self._owner.FREQ = self.whole()

    def _lookup(self, word: str) -> Optional[int]:
        import sqlite3

        if len(self._memo) < self.LIMIT and not self._switched:
            try:
                with self._lock:
                    row = self._conn.execute("SELECT freq FROM words WHERE word=?", (word,)).fetchone()
                return None if row is None else int(row[0])
            except sqlite3.Error:
                pass  # the file went bad under us: the whole dictionary answers from now on
        self.switch()  # later cuts read the dictionary itself
        return _dictionary(self._cache)[0].get(word)


def _write_table(path: str, freq: dict[str, int], total: int) -> None:
    """The SQLite file of `_WordTable`, written under a temporary name and renamed, so that a reader never sees
    half of it."""
    import os
    import sqlite3
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
            conn.executemany("INSERT INTO words VALUES (?, ?)", sorted(freq.items()))
            conn.execute("INSERT INTO meta VALUES (?)", (total,))
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@lru_cache(maxsize=65536)
def words(s: str) -> tuple[str, ...]:
    """The words of a short string: jieba's precise mode with HMM for unknown words (`jieba.lcut(s)`)."""
    if not s:
        return ()
    return tuple(_precise(s))


# log(frequency) - log(total) of the dictionary words met so far, for the total they were computed with.
_LOGP: dict[str, float] = {}
_LOGP_TOTAL: list[float] = [0.0]


def _precise(sentence: str) -> list[str]:
    """jieba's `Tokenizer.cut(sentence, HMM=True)`, word for word, with less interpretive overhead: the blocks
    of Han characters and alphanumerics are cut on the best route through the dictionary, computed right to
    left in one loop (jieba builds a DAG dict, then a route dict through a generator per position), with the
    log-probabilities of words memoised; runs of single characters not in the dictionary go to jieba's HMM.
    The arithmetic and the tie-breaking (the longer word) are jieba's, so the words are the same:
    tests/extract/test_words.py compares the two on the seeds and on random text."""
    jieba = _jieba()
    dt = jieba.dt
    if _LOGP_TOTAL[0] != dt.total:  # a word was added: the probabilities changed
        _LOGP.clear()
        _LOGP_TOTAL[0] = dt.total
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    out: list[str] = []
    for block in re_han.split(sentence):
        if not block:
            continue
        if re_han.match(block):
            _cut_block(block, dt.FREQ, log(dt.total), out)
        else:
            for x in re_skip.split(block):
                if re_skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def _cut_block(sentence: str, freq: dict[str, int], logtotal: float, out: list[str]) -> None:
    from jieba import finalseg

    n = len(sentence)
    route = [0] * n  # the end (inclusive) of the best first word from each position
    score = [0.0] * (n + 1)
    logp = _LOGP
    for k in range(n - 1, -1, -1):
        best: Optional[float] = None
        best_end = k
        i = k
        frag = sentence[k]
        while i < n:
            lp = logp.get(frag)  # a word met before: one lookup
            if lp is None:
                f = freq.get(frag)
                if f is None:
                    break  # not even the prefix of a word
                if f:
                    lp = logp[frag] = log(f) - logtotal
            if lp is not None:
                s = lp + score[i + 1]
                if best is None or s >= best:  # equal scores: the later end wins, as with jieba's max()
                    best, best_end = s, i
            i += 1
            frag = sentence[k:i + 1]
        score[k] = best if best is not None else 0.0 - logtotal + score[k + 1]
        route[k] = best_end
    x = 0
    buf = ""
    while x < n:
        y = route[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush(buf, freq, out, finalseg)
                buf = ""
            out.append(sentence[x:y])
        x = y
    if buf:
        _flush(buf, freq, out, finalseg)


def _flush(buf: str, freq: dict[str, int], out: list[str], finalseg: Any) -> None:
    """Single characters in a row: one word, jieba's HMM over an unknown run, else each character."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(_hmm(buf))
    else:
        out.extend(buf)


@lru_cache(maxsize=16384)
def _hmm(run: str) -> tuple[str, ...]:
    """jieba's HMM cut of a run of characters the dictionary does not join (a Viterbi pass in Python): the same
    run comes back in each fragment that holds it, so it is memoised."""
    from jieba import finalseg

    return tuple(finalseg.cut(run))


@lru_cache(maxsize=65536)
def tagged(s: str) -> tuple[tuple[str, str], ...]:
    """Words with jieba's part-of-speech tags (used by the 'pos' metric method)."""
    if not s:
        return ()
    return tuple((p.word, p.flag) for p in _posseg().cut(s))


@lru_cache(maxsize=1)
def _posseg() -> Any:
    """jieba.posseg over our jieba (`_jieba`), its table of dictionary tags read from a marshal cache.

    Importing jieba.posseg parses jieba's whole dict.txt, line by line in Python, for the word -> tag table
    (0.25 s, an eighth of the gate's budget for one page, for the one or two words per page whose tag decides).
    The table is a pure function of dict.txt, so it is kept beside jieba's own cache, keyed by the file's size,
    time and jieba's version, and the import is given an empty dictionary file to parse instead. The tags of our
    own words (`jieba.add_word(..., tag=)`) are merged by posseg itself on its first cut, as without the cache.
    """
    import io
    import marshal
    import os
    import sys

    jieba = _jieba()
    dt = jieba.dt
    if "jieba.posseg" in sys.modules or dt.dictionary != jieba.DEFAULT_DICT:
        import jieba.posseg as pseg  # already imported elsewhere, or another dictionary: as jieba does it

        return pseg
    source = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    st = os.stat(source)
    cache = os.path.join(_cache_dir(), f"jieba.postags.{jieba.__version__}.{st.st_size}.{st.st_mtime_ns}.marshal")
    table = None
    try:
        with open(cache, "rb") as fh:
            table = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    if not isinstance(table, dict):
        import jieba.posseg as pseg  # parses dict.txt; its table is then written for the next process

        _write_atomically(cache, marshal.dumps(pseg.dt.word_tag_tab))
        return pseg
    dt.get_dict_file = lambda: io.BytesIO()  # shadows the method during the import only
    try:
        import jieba.posseg as pseg
    finally:
        del dt.get_dict_file
    pseg.dt.word_tag_tab = table
    return pseg


def _write_atomically(path: str, data: bytes) -> None:
    """Write `path` through a temporary file and a rename, so that another process never reads half of it; a cache
    that cannot be written is only a slower start next time."""
    import os
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def segment_whole(text: str) -> list[str]:
    """Precise-mode segmentation of a whole text (for the benchmark's comparison only)."""
    return _jieba().lcut(text)
