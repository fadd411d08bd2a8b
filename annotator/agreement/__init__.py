"""Inter-annotator agreement: span F1, Cohen's/Fleiss' kappa and Krippendorff's alpha.

Domain code: it takes plain :class:`AgreementDocument` values (built by the caller from the
store), returns typed results (:class:`AgreementResult`, whose ``to_json()`` is the JSON output),
and renders Markdown; it never imports Textual or Rich.
The definitions are in docs/agreement.md.
"""

from annotator.agreement.compute import OUTSIDE, compute_agreement
from annotator.agreement.document import AgreementDocument
from annotator.agreement.markdown import render_markdown
from annotator.agreement.results import AgreementResult
from annotator.agreement.thresholds import check_thresholds

__all__ = ["OUTSIDE", "AgreementDocument", "AgreementResult", "check_thresholds", "compute_agreement", "render_markdown"]
