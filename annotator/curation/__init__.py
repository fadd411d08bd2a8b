"""Curation: adjudicating the annotators' layers into the gold layer.

Domain code (no Textual, no Rich): conflicts between the layers done on a document
(``conflicts``), the merge of what they agree on (``merge``), a curator's decisions planned as
changes to gold (``decisions``), the curator's session over the conflict queue (``session``),
an annotator's layer against gold (``report``), and the provenance of gold spans
(``provenance``). ``loading`` reads and writes through ``Store``.
"""

from annotator.curation.conflicts import (
    Cluster,
    CurationDocument,
    clusters,
    conflicts,
    document_agreement,
    unresolved,
)
from annotator.curation.decisions import (
    DecisionError,
    GoldEdit,
    plan_edit,
    plan_majority,
    plan_reject,
    plan_take_layer,
)
from annotator.curation.loading import layer_report, load_documents, merge_into_gold
from annotator.curation.merge import MergePlan, MergeSummary, Strategy, plan_all, plan_merge
from annotator.curation.report import LayerReport, ReportDocument, compare_layer
from annotator.curation.session import CurationSession

__all__ = [
    "Cluster",
    "CurationDocument",
    "CurationSession",
    "DecisionError",
    "GoldEdit",
    "LayerReport",
    "MergePlan",
    "MergeSummary",
    "ReportDocument",
    "Strategy",
    "clusters",
    "compare_layer",
    "conflicts",
    "document_agreement",
    "layer_report",
    "load_documents",
    "merge_into_gold",
    "plan_all",
    "plan_edit",
    "plan_majority",
    "plan_merge",
    "plan_reject",
    "plan_take_layer",
    "unresolved",
]
