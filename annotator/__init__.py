"""annotator: a terminal tool that turns multilingual news articles into a gold-standard corpus."""

__version__ = "0.1.0"
