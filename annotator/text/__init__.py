"""Text processing: canonicalisation, tokenization, sentences and language identification."""

from annotator.text.canonical import canonicalize, fold, split_date_header
from annotator.text.sentences import split_sentences
from annotator.text.tokenize import Token, token_at, tokenize

__all__ = ["Token", "canonicalize", "fold", "split_date_header", "split_sentences", "token_at", "tokenize"]
