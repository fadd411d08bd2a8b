"""Imported once by the fork server of a worker pool (``annotator.model.workers``): builds what
every worker suggesting documents needs (the language model, the gazetteers, the towns, the
word lists: each loaded on first use), so that each worker, forked from the server, starts with
them instead of building them again (about 2.5 s of CPU per worker).

Only an optimisation: if building fails here, nothing is lost, each worker builds what it needs
itself (and reports its errors per document).
"""

import contextlib
import gc

_SAMPLE = ("Reuters reported from Almaty on Tuesday that 20,000 people gathered, the mayor said.\n"
           "Agentura TASS informovala, že v Almaty sa zhromaždilo 20 000 ľudí.")


def _warm() -> None:
    from annotator.suggest.suggester import DefaultSuggester
    from annotator.text.language import detect_languages

    detect_languages(_SAMPLE)
    for lang in ("en", "sk", "ru", "el"):
        DefaultSuggester().suggest(_SAMPLE, [lang])


with contextlib.suppress(Exception):  # the workers build what they need themselves
    _warm()
gc.freeze()  # what was built is not scanned by the workers' garbage collection (nor copied by it)
