"""The command palette (ctrl+p): every action of the annotation screen, by name, and the
curator's agreement report (the annotation app has none: annotators work blind)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from annotator.tui.keys import ALL_KEYS, Key, effective_keys


class AnnotatorCommands(Provider):
    """Every key of the key table as a command, with its key shown as help."""

    def _commands(self) -> list[tuple[str, Key]]:
        keymap = getattr(self.app, "keymap", {}) or {}
        result = []
        for key in ALL_KEYS:
            keys = effective_keys(key, keymap).split(",")[0]
            result.append((f"{key.help} ({keys})", key))
        return result

    async def _run(self, key: Key) -> None:
        run = getattr(self.screen, "run_key_action", None) or getattr(self.app.screen, "run_key_action", None)
        if run is not None:
            await run(key)

    async def discover(self) -> Hits:
        for text, key in self._commands():
            yield DiscoveryHit(text, partial(self._run, key), help=key.section)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, key in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, key), text=text, help=key.section)


def agreement_command(open_report: Callable[[], object]) -> SystemCommand:
    """The palette's "Agreement report": the agreement screen (an app's ``get_system_commands``)."""
    return SystemCommand(
        "Agreement report",
        "Agreement between the annotators' layers: span F1, Cohen's and Fleiss' kappa, Krippendorff's alpha",
        open_report,
    )
