"""Text processing: canonicalisation, tokenization, sentences and language identification."""

from annotator.text.canonical import (
    CanonicalText,
    OffsetError,
    OffsetMap,
    canonical_text,
    canonicalize,
    fold,
    split_date_header,
)
from annotator.text.sentences import split_sentences
from annotator.text.tokenize import Token, token_at, tokenize

__all__ = ["CanonicalText", "OffsetError", "OffsetMap", "Token", "canonical_text", "canonicalize", "fold",
           "split_date_header", "split_sentences", "token_at", "tokenize"]
