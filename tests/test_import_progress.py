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


def test_the_command_shows_each_phase_on_a_terminal_and_the_suggestions_reach_their_end(tmp_path, monkeypatch):
    """`annotator import` on a terminal: a bar for reading and storing, then one for the
    suggestions, by documents, which reaches the last one (also when the import's workers
    computed them and this phase only writes them)."""
    import io
    import sys

    from annotator.cli import importing as command

    bars: list = []

    class Bar:
        def __init__(self, phase: str) -> None:
            self.phase, self.updates, self.closed = phase, [], False
            bars.append(self)

        def update(self, done: int, total: int) -> None:
            self.updates.append((done, total))

        def close(self) -> None:
            self.closed = True

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(command, "_progress_bar", Bar)
    monkeypatch.setattr(sys, "stderr", Terminal())
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Reuters said {i} people gathered in Almaty."}) + "\n"
                            for i in range(30)), encoding="utf-8")
    line, ok = command._import(tmp_path / "t.sqlite", (path,), replace=False, drop_layers=False, no_suggest=False,
                               stdin_format="auto", stdin_id=None, foreign=command.ImportOptions())
    assert ok and "suggestions in 30 document(s)" in line
    assert [bar.phase for bar in bars] == ["Reading, analysing and storing", "Computing suggestions"]
    assert all(bar.closed for bar in bars)
    assert bars[1].updates[-1] == (30, 30)
