"""Import progress through every phase (issue 17): one large JSONL file moves the bar while it is
read, and the suggestions report their own progress, by documents."""

from __future__ import annotations

import json

from annotator.formats.importing import import_paths
from annotator.store import Store
from annotator.suggest.runner import suggest_documents


def test_one_large_file_reports_progress_while_it_is_read_and_suggestions_after(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(300):
            handle.write(json.dumps({"id": f"d{i}", "text": f"Reuters said {i} people gathered in Almaty."}) + "\n")
    size = path.stat().st_size
    reading: list[tuple[int, int]] = []
    with Store.open(tmp_path / "p.sqlite") as store:
        summary = import_paths(store, [path], actor="test", progress=lambda done, total: reading.append((done, total)))
        assert len(summary.added_ids) == 300
        assert reading[-1] == (size, size)
        inside = [done for done, total in reading if 0 < done < total]
        assert len(inside) >= 3 and inside == sorted(inside)  # before the file was read to its end
        suggesting: list[tuple[int, int]] = []
        suggest_documents(store, summary.added_ids, progress=lambda done, total: suggesting.append((done, total)))
        assert suggesting[-1] == (300, 300) and len(suggesting) >= 2
