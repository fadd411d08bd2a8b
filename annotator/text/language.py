"""Language of a document and of the paragraphs that are in another language.

What
    ``detect_languages(text)`` gives the document language and the paragraphs (the text split on
    ``"\\n"``, blank lines ignored, offsets of the stripped paragraph in code points) whose
    language differs from it, e.g. English tweets quoted in a Slovak article.
    ``detect_language(text)`` gives one language for a string; it is always the ``lang`` that
    ``detect_languages`` gives for the same text. Codes are ISO 639-1 as langdetect names them
    ("en", "sk", "no", "el", "zh-cn", ...), or ``"und"`` when there is too little text or it
    cannot be decided. Neither function raises.

Model
    langdetect's own model without its random sampling. The 55 profiles shipped with langdetect
    (character 1-3-gram frequencies), its character normalisation (``NGram.normalize``), its
    n-gram rules (an n-gram never spans a space, none is taken inside an all-capital word), its
    smoothing (``log(p(gram | lang) + 0.5 / 10000)``) and its cleaning (URLs and e-mail
    addresses ignored; Latin letters dropped from a paragraph written mostly in another script).
    langdetect multiplies the probabilities of n-grams drawn at random until one language wins;
    here the log-probabilities of *all* n-grams are summed (naive Bayes), in exact integer
    arithmetic, so the result is deterministic by construction: the same in every call, every
    process and every run, with no seed. Also ignored here: @handles and ``domain.tld/path``
    links such as ``pic.twitter.com/...``.

    Why not plain langdetect: its random sampling needs a fixed seed to be repeatable, and it
    costs ~10-20 ms per document, or 1-3 ms per paragraph, far too slow for every paragraph
    of 10,000 documents. Here the profiles are loaded once per process (~0.12 s of CPU after
    numpy's import) into a hash table of n-gram keys and a fixed-point (n-grams x languages)
    matrix, and one vectorised numpy pass scores all paragraphs of a document at once (in an
    import's worker, of its whole chunk of documents: ``detect_languages_of_many``), word by
    word: each word's scores are computed the first time it is seen and kept
    (``_Model._word_scores``), so a document of known words costs a look-up per word (about
    0.4 ms for a 5 KB, 30-paragraph article, 1.6 ms when every word is new:
    ``benchmarks/bench_language.py`` and its ``--cold``).

Rules
    Margins below are log-likelihood differences in nats divided by the paragraph's n-gram count
    plus ``PSEUDO_NGRAMS``: a per-n-gram margin does not grow with length the way a naive-Bayes
    posterior does (that is near 1 for any paragraph), and the pseudo-count makes short texts
    earn a larger margin per n-gram.

    Evidence is counted in letters of words that do not start with a capital letter (caseless
    scripts count in full): names, agencies, photo credits, bylines, datelines and capitalised
    headlines say little about a language ("Zdroj: SITA/Yevgeny Biyatov, Sputnik, Kremlin Pool
    Photo", "PRESIDENT: Kassym-Jomart Tokajev i Kasakhstan.", "January 6, 2022",
    "— NEXTA (@nexta_tv)"), running text does.

    1. Document language: the best language of the whole text (all paragraphs' scores summed).
       ``"und"`` when the text has fewer than ``MIN_TEXT_LETTERS`` letters of evidence, or when
       the winner beats the best language outside its family (rule 4) by less than
       ``MIN_TEXT_MARGIN``. When the document is ``"und"``, no paragraph is reported.
    2. Minimum evidence: a paragraph can be called different only with at least
       ``MIN_PARAGRAPH_LETTERS`` letters of evidence, about four ordinary words.
    3. The paragraph's best language must not be the document language...
    4. ...nor one of its close relatives. Detectors confuse closely related languages on
       paragraph-sized text (langdetect calls some Norwegian paragraphs Danish), so a paragraph
       detected as a relative of the document language is the document language. Families
       (``RELATIVES``): no/da/sv, cs/sk, hr/sr/bs/sl, ru/uk/be/bg/mk, id/ms, nl/af, es/ca/gl/pt,
       hi/mr/ne, fa/ur, zh-cn/zh-tw. The price: a Danish quote in a Norwegian article, or a
       Russian one in a Ukrainian article, is not reported.
    5. Confidence: the paragraph's best language must beat the document language by at least
       ``MIN_SWITCH_MARGIN`` and every language outside its own family by at least
       ``MIN_PARAGRAPH_MARGIN``; otherwise the paragraph is not reported.

    Sample: each paragraph is scored on its first ``PARAGRAPH_SAMPLE`` characters, or on its
    share of ``DOCUMENT_SAMPLE`` characters when the document has few paragraphs (a text of one
    long paragraph is scored on its first ``DOCUMENT_SAMPLE``); rules 1-5 see only the sample.
    Forty words say a paragraph's language as well as four hundred do: on every document of
    ``tests/data/*.jsonl`` that names its language, and on the seeds, every result (document
    language and differing paragraphs) is the same as when scoring every character, for a
    quarter less time (``tests/test_language.py``, ``benchmarks/bench_language.py``).

    The thresholds were set on the seed articles and on hand-written articles in about 25 other
    languages with English inside, scoring whole paragraphs and also every 3-14-word fragment
    of them: fragments of document-language paragraphs were not reported, whole English tweets
    and quotes were.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

UNDETERMINED = "und"

_log = logging.getLogger(__name__)

#: Rule 1: a text with fewer letters than this in non-capitalised words (see rule 2) is "und".
MIN_TEXT_LETTERS = 8
#: Rule 1: margin of the document language over the best language outside its family.
MIN_TEXT_MARGIN = 0.02
#: Rule 2: letters in non-capitalised words a paragraph needs before it can be called different.
MIN_PARAGRAPH_LETTERS = 20
#: Rule 5: margin of a paragraph's language over the document language.
MIN_SWITCH_MARGIN = 0.15
#: Rule 5: margin of a paragraph's language over every language outside its family.
MIN_PARAGRAPH_MARGIN = 0.03
#: Sample: characters of each paragraph scored, at least...
PARAGRAPH_SAMPLE = 200
#: ...and of the whole document, shared among its paragraphs when they are few.
DOCUMENT_SAMPLE = 4000
#: Margins are nats per n-gram, counting this many extra (pseudo) n-grams, so that short texts
#: need a larger margin per n-gram.
PSEUDO_NGRAMS = 50

#: Rule 4: families of languages that detectors confuse; a relative of the document language is
#: the document language. Codes missing from langdetect's profiles (sr, bs, be, ms, gl) are harmless.
RELATIVES: tuple[frozenset[str], ...] = (
    frozenset({"no", "da", "sv"}),
    frozenset({"cs", "sk"}),
    frozenset({"hr", "sr", "bs", "sl"}),
    frozenset({"ru", "uk", "be", "bg", "mk"}),
    frozenset({"id", "ms"}),
    frozenset({"nl", "af"}),
    frozenset({"es", "ca", "gl", "pt"}),
    frozenset({"hi", "mr", "ne"}),
    frozenset({"fa", "ur"}),
    frozenset({"zh-cn", "zh-tw"}),
)


@dataclass(frozen=True)
class ParagraphLanguage:
    """A paragraph whose language differs from the document's: ``text[start:end]`` is in ``lang``."""

    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class LanguageInfo:
    """The document language and only those paragraphs whose language differs from it."""

    lang: str
    paragraphs: tuple[ParagraphLanguage, ...]


# langdetect's smoothing: every n-gram contributes log(p(gram | lang) + ALPHA / BASE_FREQ).
_ALPHA = 0.5
_BASE_FREQ = 10000.0
_SCALE = 2048.0  # fixed-point log-probabilities: int16 units of 1/2048 nat (log(5e-5) * 2048 > -2**15)
_NO_KEY = np.uint64(0)  # real keys are >= 1 << 32 (the first character is never NUL)
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_ASTRAL = 0xFFFF  # characters beyond the BMP: in no profile, not letters, not spaces
_MAX_PARAGRAPH_CHARS = 10_000  # like langdetect's max_text_length: a paragraph is scored on its start
_BLOCK_CHARS = 1 << 16  # long documents are scored in blocks of paragraphs of about this size...
_MEMO_BATCH_CHARS = 1 << 14  # ...and new words in batches of about this many characters, to bound memory
_MEMO_WORDS = 1 << 15  # words whose scores a process keeps (two rows of int32 each: 14 MB)...
_MEMO_CHARS = 1 << 20  # ...and characters of those words at most

# Noise tokens: URLs, e-mail addresses, @handles and domain.tld/path links. Found from a few
# anchors ("@", "/", "www."), because a regular expression over the whole text costs more than
# scoring it.
_ANCHORS = ("@", "/", "www.")
_DOMAIN_PATH = re.compile(r"[^\s/]*\.[A-Za-z]{2,}/")


def _strip_noise(text: str) -> str:
    """Replace tokens (between spaces or newlines) that are links, addresses or handles by a space."""
    if "@" not in text and "/" not in text and "www." not in text:
        return text
    pieces: list[str] = []
    last = 0
    scanned = -1
    for at in _anchors(text):
        if at < scanned:
            continue
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
        end = len(text)
        for stop in (text.find(" ", at), text.find("\n", at)):
            if 0 <= stop < end:
                end = stop
        token = text[start:end]
        if "@" in token or "://" in token or token.startswith("www.") or _DOMAIN_PATH.match(token):
            pieces.append(text[last:start])
            pieces.append(" ")
            last = end
        scanned = end
    pieces.append(text[last:])
    return "".join(pieces)


def _anchors(text: str) -> list[int]:
    """Where the ``_ANCHORS`` are in ``text``, in order (``str.find`` for each: a regular
    expression alternation scans the text ten times slower)."""
    found = []
    for anchor in _ANCHORS:
        at = text.find(anchor)
        while at >= 0:
            found.append(at)
            at = text.find(anchor, at + 1)
    return sorted(found)


@dataclass(frozen=True)
class _Scores:
    """Per paragraph: log-likelihoods in nats (P x L), n-gram count, letters of evidence."""

    loglik: np.ndarray
    ngrams: np.ndarray
    evidence: np.ndarray


@dataclass(frozen=True)
class _Block:
    """Paragraphs as langdetect reads them (see ``_Model._normalise``), joined: per position."""

    text: np.ndarray  # normalised characters (uint16): a space first, no two spaces in a row
    owner: np.ndarray  # the paragraph
    space: np.ndarray  # text == " "
    separator: np.ndarray  # the space that was a paragraph break: no n-gram may end on it
    evidence: np.ndarray  # per paragraph: letters of evidence (rules 1 and 2)


class _Model:
    """langdetect's profiles as a hash table of n-gram keys and a log-probability matrix."""

    def __init__(self) -> None:
        import langdetect

        directory = Path(langdetect.__file__).parent / "profiles"
        files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
        langs: list[str] = []
        keys_parts: list[np.ndarray] = []
        lang_parts: list[np.ndarray] = []
        prob_parts: list[np.ndarray] = []
        for index, path in enumerate(files):
            profile = json.loads(path.read_text(encoding="utf-8"))
            langs.append(profile["name"])
            keys, lengths, counts = _profile_grams(profile["freq"])
            keys_parts.append(keys)
            lang_parts.append(np.full(len(keys), index))
            prob_parts.append(counts / np.asarray(profile["n_words"], dtype=np.float64)[lengths - 1])
        vocab, inverse = np.unique(np.concatenate(keys_parts), return_inverse=True)
        self.langs: tuple[str, ...] = tuple(langs)
        # Log-probabilities in fixed point (int16, 1/_SCALE nat): a quarter of the memory of float64,
        # and sums of integers are exact, so scores do not depend on summation order (nor on BLAS).
        smoothing = _ALPHA / _BASE_FREQ
        self.logq = np.full((len(vocab), len(langs)), _fixed(np.log(smoothing)), dtype=np.int16)
        self.logq[inverse, np.concatenate(lang_parts)] = _fixed(np.log(np.concatenate(prob_parts) + smoothing))
        self._build_hash(vocab)
        # Per-character tables over the BMP: langdetect's normalisation, upper case, letters.
        bmp = "".join(map(chr, range(0x10000)))
        self.norm = _normalisation_table()
        self.upper = np.fromiter(map(str.isupper, bmp), dtype=bool, count=0x10000)
        self.alpha = np.fromiter(map(str.isalpha, bmp), dtype=bool, count=0x10000)
        self.alpha[_ASTRAL] = False
        family = {lang: i for i, lang in enumerate(langs)}
        for group_id, group in enumerate(RELATIVES):
            for lang in group:
                if lang in family:
                    family[lang] = len(langs) + group_id
        self.family = np.array([family[lang] for lang in langs])
        # Words already scored (see ``_word_scores``): word -> its pair of rows in ``_memo_logq``.
        self._memo: dict[str, int] = {}
        self._memo_chars = 0
        self._memo_logq = np.zeros((2 * 1024, len(langs)), dtype=np.int32)
        self._memo_hits = np.zeros(2 * 1024, dtype=np.int64)
        self._memo_lock = threading.Lock()

    def _build_hash(self, vocab: np.ndarray) -> None:
        """Open addressing with linear probing, built and probed with vectorised rounds."""
        bits = max(10, int(len(vocab) * 3).bit_length())
        size = 1 << bits
        self._shift = np.uint64(64 - bits)
        self._mask = np.int64(size - 1)
        self._slot_keys = np.zeros(size, dtype=np.uint64)
        self._slot_rows = np.full(size, -1, dtype=np.int32)
        home = self._home(vocab)
        pending = np.arange(len(vocab))
        probe = 0
        while len(pending):
            slots = (home[pending] + probe) & self._mask
            free = self._slot_keys[slots] == _NO_KEY
            claimants, claimed = pending[free], slots[free]
            taken, first = np.unique(claimed, return_index=True)
            self._slot_keys[taken] = vocab[claimants[first]]
            self._slot_rows[taken] = claimants[first]
            placed = np.zeros(len(vocab), dtype=bool)
            placed[claimants[first]] = True
            pending = pending[~placed[pending]]
            probe += 1
        self._max_probe = probe

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _HASH_MULTIPLIER) >> self._shift).astype(np.int64)

    def _lookup(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key in ``logq``, or -1. Most keys are settled by their home slot (found,
        or the slot is empty), so that first probe is taken for all keys at once; only the
        others go on probing."""
        slots = self._home(keys) & self._mask
        stored = self._slot_keys.take(slots)
        found = stored == keys
        rows = np.where(found, self._slot_rows.take(slots), np.int32(-1))
        active = np.flatnonzero(~found & (stored != _NO_KEY))
        slots = slots[active]
        for _probe in range(1, self._max_probe):
            if not len(active):
                break
            slots = (slots + 1) & self._mask
            stored = self._slot_keys.take(slots)
            found = stored == keys[active]
            rows[active[found]] = self._slot_rows.take(slots[found])
            going_on = ~found & (stored != _NO_KEY)
            active, slots = active[going_on], slots[going_on]
        return rows

    def score(self, texts: list[str]) -> _Scores:
        """Score every text (paragraph) of a document, in blocks of about ``_BLOCK_CHARS``."""
        blocks: list[list[str]] = [[]]
        size = 0
        for text in (t[:_MAX_PARAGRAPH_CHARS] for t in texts):
            if size and size + len(text) > _BLOCK_CHARS:
                blocks.append([])
                size = 0
            blocks[-1].append(text)
            size += len(text) + 1
        if len(blocks) == 1:
            return self._score_block(blocks[0])
        parts = [self._score_block(block) for block in blocks]
        return _Scores(*(np.concatenate([getattr(part, f.name) for part in parts]) for f in fields(_Scores)))

    def _score_block(self, texts: list[str]) -> _Scores:
        """Score the texts (paragraphs) of one block in one vectorised pass."""
        n_par = len(texts)
        block = self._normalise(texts)
        if block is None:
            zeros = np.zeros(n_par, dtype=np.int64)
            return _Scores(np.zeros((n_par, len(self.langs))), zeros, zeros)
        loglik, ngrams = self._word_scores(block, n_par)
        return _Scores(loglik / _SCALE, ngrams, block.evidence)

    def _normalise(self, texts: list[str]) -> _Block | None:
        """The texts (paragraphs) of one block as langdetect reads them, or None if they have no
        letter at all."""
        n_par = len(texts)
        raw = np.frombuffer(_strip_noise("\n".join(texts)).encode("utf-32-le", "surrogatepass"), np.uint32)
        newline = raw == 10  # the separators joined in above: no n-gram may end on one
        para = np.cumsum(newline) - newline  # a separator belongs to the paragraph before it
        chars = np.minimum(raw, _ASTRAL).astype(np.uint16)

        # Evidence: letters of words that do not start with a capital letter.
        alpha = self.alpha[chars]
        if not alpha.any():
            return None
        first = alpha.copy()
        first[1:] &= ~alpha[:-1]
        capitalised = self.upper[chars[first]]
        plain = alpha & ~capitalised[np.cumsum(first) - 1]
        evidence = np.bincount(para[plain], minlength=n_par)

        # langdetect's cleaning: a paragraph mostly in another script loses its Latin letters.
        latin = (raw >= 0x41) & (raw <= 0x7A)
        other = (raw >= 0x300) & ((raw < 0x1E00) | (raw > 0x1EFF))
        drop = 2 * np.bincount(para[latin], minlength=n_par) < np.bincount(para[other], minlength=n_par)
        if drop.any():
            kept = ~(latin & drop[para])
            chars, para, newline = chars[kept], para[kept], newline[kept]

        # Normalise, start with a space (as langdetect's NGram does), collapse runs of spaces.
        text = np.concatenate(([32], self.norm[chars]))
        owner = np.concatenate(([0], para))
        separator = np.concatenate(([False], newline))
        space = text == 32
        kept = np.ones(len(text), dtype=bool)
        kept[1:] = ~(space[1:] & space[:-1])
        return _Block(text[kept], owner[kept], space[kept], separator[kept], evidence)

    def _ngram_rows(self, text: np.ndarray, space: np.ndarray, separator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ``logq`` row of each n-gram of the normalised ``text`` (a space first, no two spaces
        in a row) that is in the profiles, and the position where each ends, in text order.

        langdetect's rules: the 1-, 2- and 3-gram ending at each position, except a 1-gram that is
        a space, a 3-gram with a space in the middle, any n-gram ending on a ``separator`` (so each
        paragraph is scored as if alone) or on the second or later capital letter of a word. So
        every n-gram lies within one word and the space before it, or ends on the space after it."""
        n = len(text)
        wide = text.astype(np.uint64)
        upper = self.upper[text]
        in_capital_word = np.zeros(n, dtype=bool)
        in_capital_word[1:] = upper[1:] & upper[:-1]
        keys = np.zeros((n, 3), dtype=np.uint64)  # as integer keys (see ``_keys``)
        valid = np.zeros((n, 3), dtype=bool)
        keys[:, 0] = wide << np.uint64(32)
        valid[:, 0] = ~space
        keys[1:, 1] = (wide[:-1] << np.uint64(32)) | (wide[1:] << np.uint64(16))
        valid[1:, 1] = True
        keys[2:, 2] = (wide[:-2] << np.uint64(32)) | (wide[1:-1] << np.uint64(16)) | wide[2:]
        valid[2:, 2] = ~space[1:-1]
        valid &= ~(in_capital_word | separator)[:, None]
        at = np.flatnonzero(valid)  # n-gram k ends at position k // 3
        rows = self._lookup(keys.ravel().take(at))
        hit = rows >= 0
        return rows[hit], at[hit] // 3

    def _word_scores(self, block: _Block, n_par: int) -> tuple[np.ndarray, np.ndarray]:
        """Log-likelihoods (int64, paragraphs x languages, in units of 1/_SCALE nat) and n-gram
        counts of the ``n_par`` paragraphs of ``block``, summed word by word.

        As every n-gram lies within one word and the space before it or ends on the space after
        it (``_ngram_rows``), a paragraph's score is the sum of its words' scores, where a word
        followed by a space that is not a separator also scores the two n-grams ending on that
        space. Words repeat within and across documents, so each word's two scores are computed
        once (``_memoise``) and kept for the life of the process (up to ``_MEMO_WORDS`` words);
        a document then costs a dictionary look-up and a row per word instead of a hash look-up
        and a row per n-gram."""
        text, space = block.text, block.space
        n = len(text)
        starts = np.flatnonzero(space[:-1] & ~space[1:]) + 1
        ends = np.flatnonzero(~space[:-1] & space[1:]) + 1
        if len(ends) < len(starts):
            ends = np.append(ends, n)  # the last word runs to the end of the text
        trailing = ~block.separator.take(ends, mode="clip") & (ends < n)
        words = text.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass").split(" ")[1 : len(starts) + 1]
        with self._memo_lock:
            rows = 2 * self._word_ids(words) + trailing
            owners = block.owner.take(starts)
            counts = np.bincount(owners, minlength=n_par)
            ngrams = np.bincount(owners, weights=self._memo_hits.take(rows), minlength=n_par).astype(np.int64)
            return _segment_sums(self._memo_logq, rows, counts), ngrams

    def _word_ids(self, words: list[str]) -> np.ndarray:
        """The row pair of each word in ``_memo_logq``, scoring the words not memoised yet."""
        get = self._memo.get
        ids = [get(word, -1) for word in words]
        if -1 in ids:
            new = list(dict.fromkeys(word for word, i in zip(words, ids, strict=True) if i < 0))
            if len(self._memo) + len(new) > _MEMO_WORDS or self._memo_chars > _MEMO_CHARS:
                self._memo, self._memo_chars = {}, 0  # start again rather than grow without bound
                new = list(dict.fromkeys(words))
            batch: list[str] = []
            size = 0
            for word in new:
                batch.append(word)
                size += len(word) + 1
                if size >= _MEMO_BATCH_CHARS:
                    self._memoise(batch)
                    batch, size = [], 0
            if batch:
                self._memoise(batch)
            ids = list(map(self._memo.__getitem__, words))
        return np.array(ids, dtype=np.int64)

    def _memoise(self, words: list[str]) -> None:
        """Score ``words`` (normalised, without spaces) and keep their row pairs: row 2i is the
        sum of the n-grams of word i and the space before it, row 2i + 1 adds the two n-grams
        ending on a space after it. Scored all at once as the text " w1 w2 ... wk "."""
        n_lang = len(self.langs)
        first = len(self._memo)
        if 2 * (first + len(words)) > len(self._memo_logq):
            size = max(2 * (first + len(words)), min(2 * len(self._memo_logq), 2 * _MEMO_WORDS))
            self._memo_logq = np.resize(self._memo_logq, (size, n_lang))
            self._memo_hits = np.resize(self._memo_hits, size)
        joined = " " + " ".join(words) + " "
        text = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.uint16)
        space = text == 32
        spaces = np.cumsum(space)
        part = np.where(space, 2 * spaces - 3, 2 * spaces - 2)  # word i: 2i; the space after it: 2i + 1
        rows, at = self._ngram_rows(text, space, np.zeros(len(text), dtype=bool))
        owners = part.take(at)
        counts = np.bincount(owners, minlength=2 * len(words))
        sums = _segment_sums(self.logq, rows, counts).reshape(len(words), 2, n_lang)
        sums[:, 1] += sums[:, 0]
        hits = counts.reshape(len(words), 2)
        hits[:, 1] += hits[:, 0]
        self._memo_logq[2 * first : 2 * (first + len(words))] = sums.reshape(-1, n_lang)
        self._memo_hits[2 * first : 2 * (first + len(words))] = hits.ravel()
        self._memo.update(zip(words, range(first, first + len(words)), strict=True))
        self._memo_chars += len(joined)

    def margin_outside_family(self, loglik: np.ndarray, best: int) -> float:
        """Log-likelihood margin (nats) of ``best`` over the best language not in its family."""
        others = loglik[self.family != self.family[best]]
        return float(loglik[best] - others.max()) if len(others) else float("inf")


def _profile_grams(freq: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The key (``_keys``), length and count of each 1-, 2- or 3-gram of a profile's ``freq``, in
    its order: read from the n-grams joined into one string, cut at the NULs that separate them
    (no n-gram holds one), instead of a Python step per n-gram (185,000 over the profiles)."""
    flat = np.frombuffer("\0".join(freq).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.concatenate(([0] if freq else [], np.flatnonzero(flat == 0) + 1)).astype(np.int64)
    if len(starts) != len(freq):
        raise ValueError("a language profile's n-gram holds a NUL character")
    lengths = np.diff(np.append(starts, len(flat) + 1)) - 1
    counts = np.fromiter(freq.values(), dtype=np.float64, count=len(freq))
    kept = (lengths >= 1) & (lengths <= 3)
    starts, lengths, counts = starts[kept], lengths[kept], counts[kept]
    padded = np.append(flat, np.zeros(2, dtype=np.uint32))  # a last 1-gram's second and third
    chars = [np.where(lengths > k, padded.take(starts + k), 0) for k in range(3)]
    return _keys(*chars), lengths, counts


def _normalisation_table() -> np.ndarray:
    """langdetect's ``NGram.normalize`` of every BMP character, as a uint16 table: its rules
    applied block by block over the ranges of langdetect's own block table. Calling it on each of
    the 65,536 characters (a Python function and a bisection each) took half of the model's
    load; ``test_the_normalisation_table_is_langdetects`` compares the two."""
    from langdetect.utils import unicode_block as blocks
    from langdetect.utils.ngram import NGram

    table = np.arange(0x10000, dtype=np.uint32)
    ranges = {name: (start, end + 1) for name, start, end in blocks._unicode_blocks if start < 0x10000}

    def block(name: int) -> np.ndarray:
        start, stop = ranges[name]
        return table[start:stop]  # a view: assigning to it changes the table

    def chars(text: str) -> np.ndarray:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

    latin = block(blocks.UNICODE_BASIC_LATIN)
    latin[~(((latin >= 0x41) & (latin <= 0x5A)) | ((latin >= 0x61) & (latin <= 0x7A)))] = 0x20
    start, _ = ranges[blocks.UNICODE_LATIN_1_SUPPLEMENT]
    excluded = chars(NGram.LATIN1_EXCLUDED)
    block(blocks.UNICODE_LATIN_1_SUPPLEMENT)[excluded[excluded >= start] - start] = 0x20
    table[0x219], table[0x21B] = 0x15F, 0x163  # Latin Extended-B: Romanian comma below to cedilla
    block(blocks.UNICODE_GENERAL_PUNCTUATION)[:] = 0x20
    table[0x6CC] = 0x64A  # Arabic: Farsi yeh to Arabic yeh
    additional = block(blocks.UNICODE_LATIN_EXTENDED_ADDITIONAL)
    additional[additional >= 0x1EA0] = 0x1EC3
    block(blocks.UNICODE_HIRAGANA)[:] = 0x3042
    block(blocks.UNICODE_KATAKANA)[:] = 0x30A2
    block(blocks.UNICODE_BOPOMOFO)[:] = 0x3105
    block(blocks.UNICODE_BOPOMOFO_EXTENDED)[:] = 0x3105
    start, stop = ranges[blocks.UNICODE_CJK_UNIFIED_IDEOGRAPHS]
    kanji = chars("".join(NGram.CJK_MAP))
    mapped = chars("".join(NGram.CJK_MAP.values()))
    inside = (kanji >= start) & (kanji < stop)
    table[kanji[inside]] = mapped[inside]
    block(blocks.UNICODE_HANGUL_SYLLABLES)[:] = 0xAC00
    return table.astype(np.uint16)


def _segment_sums(matrix: np.ndarray, rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums (int64, segments x columns) of ``matrix``'s ``rows`` cut into segments, segment i
    being the next ``counts[i]`` rows (``reduceat`` over the starts of the segments that are not
    empty: an empty one would give the row at its start)."""
    sums = np.zeros((len(counts), matrix.shape[1]), dtype=np.int64)
    full = np.flatnonzero(counts)
    if len(full):
        starts = np.cumsum(counts) - counts
        sums[full] = np.add.reduceat(matrix.take(rows, axis=0), starts.take(full), axis=0, dtype=np.int64)
    return sums


def _fixed(log_probability: np.ndarray | float) -> np.ndarray:
    """Natural-log probabilities as int16 multiples of 1/_SCALE nat."""
    return np.round(np.asarray(log_probability) * _SCALE).astype(np.int16)


def _keys(first: np.ndarray, second: np.ndarray, third: np.ndarray) -> np.ndarray:
    """One integer per n-gram: three 16-bit characters, NUL-padded on the right (unique per length)."""
    first, second, third = (np.asarray(a, dtype=np.uint64) for a in (first, second, third))
    return (first << np.uint64(32)) | (second << np.uint64(16)) | third


_model: _Model | None = None
_model_lock = threading.Lock()


def _get_model() -> _Model:
    """The model, loaded on first use and cached for the life of the process."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = _Model()
    return _model


def _split_paragraphs(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines of ``text`` as (start, end, stripped line), offsets in code points."""
    out: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + len(line) - len(line.lstrip())
            out.append((start, start + len(stripped), stripped))
        offset += len(line) + 1
    return out


def _sample(paragraphs: list[tuple[int, int, str]]) -> list[str]:
    """The start of each paragraph that is scored (see "Sample" in the module docstring)."""
    size = max(PARAGRAPH_SAMPLE, DOCUMENT_SAMPLE // len(paragraphs))
    return [stripped[:size] for _, _, stripped in paragraphs]


def _per_ngram(margin: float, ngrams: int) -> float:
    """A log-likelihood margin per n-gram, shrunk for short texts by ``PSEUDO_NGRAMS``."""
    return margin / (ngrams + PSEUDO_NGRAMS)


def _document_language(model: _Model, scores: _Scores) -> int | None:
    """Rule 1: index of the document language, or None for "und"."""
    ngrams = int(scores.ngrams.sum())
    if int(scores.evidence.sum()) < MIN_TEXT_LETTERS or ngrams == 0:
        return None
    total = scores.loglik.sum(axis=0)
    best = int(np.argmax(total))
    if _per_ngram(model.margin_outside_family(total, best), ngrams) < MIN_TEXT_MARGIN:
        return None
    return best


def _differing_paragraphs(model: _Model, scores: _Scores, doc: int) -> list[tuple[int, int]]:
    """Rules 2-5: (paragraph index, language index) of paragraphs confidently not in ``doc``."""
    best = scores.loglik.argmax(axis=1)
    candidates = np.flatnonzero(
        (scores.evidence >= MIN_PARAGRAPH_LETTERS) & (model.family[best] != model.family[doc])
    )
    found = []
    for i in candidates.tolist():
        loglik, ngrams, lang = scores.loglik[i], int(scores.ngrams[i]), int(best[i])
        if _per_ngram(float(loglik[lang] - loglik[doc]), ngrams) < MIN_SWITCH_MARGIN:
            continue
        if _per_ngram(model.margin_outside_family(loglik, lang), ngrams) < MIN_PARAGRAPH_MARGIN:
            continue
        found.append((i, lang))
    return found


def _detect(text: str) -> LanguageInfo:
    """``detect_languages`` without the guard (tests call this to see any exception)."""
    return _detect_many([text])[0]


def _detect_many(texts: Sequence[str]) -> list[LanguageInfo]:
    """``detect_languages_of_many`` without the guard."""
    split = [_split_paragraphs(text) for text in texts]
    samples = [sample for paragraphs in split if paragraphs for sample in _sample(paragraphs)]
    if not samples:
        return [LanguageInfo(UNDETERMINED, ()) for _ in texts]
    model = _get_model()
    scores = model.score(samples)
    out = []
    first = 0
    for paragraphs in split:
        if not paragraphs:
            out.append(LanguageInfo(UNDETERMINED, ()))
            continue
        rows = slice(first, first + len(paragraphs))
        first = rows.stop
        out.append(_decided(model, paragraphs, _Scores(scores.loglik[rows], scores.ngrams[rows],
                                                       scores.evidence[rows])))
    return out


def _decided(model: _Model, paragraphs: list[tuple[int, int, str]], scores: _Scores) -> LanguageInfo:
    """The rules applied to the scores of a document's ``paragraphs``."""
    doc = _document_language(model, scores)
    if doc is None:
        return LanguageInfo(UNDETERMINED, ())
    differing = tuple(
        ParagraphLanguage(paragraphs[i][0], paragraphs[i][1], model.langs[lang])
        for i, lang in _differing_paragraphs(model, scores, doc)
    )
    return LanguageInfo(model.langs[doc], differing)


def detect_languages(text: str) -> LanguageInfo:
    """The document language and the paragraphs in another language (rules in the module docstring)."""
    try:
        return _detect(text)
    except Exception:  # an unexpected input must not break an import; log it and say "und"
        _log.exception("language identification failed")
        return LanguageInfo(UNDETERMINED, ())


def detect_languages_of_many(texts: Sequence[str]) -> list[LanguageInfo]:
    """``detect_languages`` of each text, the paragraphs of all of them scored in one vectorised
    pass: a pass has a fixed cost (about 0.15 ms, a third of a seed article's), paid once for
    an import worker's whole chunk of documents instead of once per document. The results are
    the same, since each paragraph is scored as if alone. Never raises: if the pass fails, each
    text is detected on its own (and one that fails alone is "und")."""
    try:
        return _detect_many(texts)
    except Exception:
        _log.exception("language identification of several texts at once failed")
        return [detect_languages(text) for text in texts]


def detect_language(text: str) -> str:
    """One language for ``text`` (rule 1: the ``lang`` of ``detect_languages``), else ``"und"``."""
    try:
        paragraphs = _split_paragraphs(text)
        if not paragraphs:
            return UNDETERMINED
        model = _get_model()
        doc = _document_language(model, model.score(_sample(paragraphs)))
        return UNDETERMINED if doc is None else model.langs[doc]
    except Exception:
        _log.exception("language identification failed")
        return UNDETERMINED
