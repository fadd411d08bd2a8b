"""The suggester's rule registry: every rule module is registered once, rules run by phase and
priority, and each rule's candidates carry its declared label where it declares one."""

import importlib
import pkgutil

import annotator.suggest.rules as rules_package
from annotator.model import LABELS, Label
from annotator.suggest.doc import DocView
from annotator.suggest.registry import RULES
from annotator.suggest.rules import Context, Phase, tokens_covered
from annotator.suggest.rules.gazetteers import default_gazetteer

TEXT = (
    "Agentúra TASR uviedla, že prezident Kasym-Žomart Tokajev na námestí Republiky v Almaty "
    "oznámil 20 tisíc zatknutých. Organizácie zmluvy o kolektívnej bezpečnosti (ODKB) pošle vojakov.\n"
    "Zdroj: SITA/Yevgeny Biyatov, Sputnik\n"
    "— Reuters Kazakhstan (@ReutersKZ) January 6, 2022"
)


def test_every_rule_module_is_registered_once():
    modules = [importlib.import_module(f"{rules_package.__name__}.{m.name}")
               for m in pkgutil.iter_modules(rules_package.__path__)]
    declared = {m.RULE for m in modules if hasattr(m, "RULE")}
    assert declared == set(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_rules_run_by_phase_then_priority():
    keys = [(r.phase, -r.priority, r.name) for r in RULES]
    assert keys == sorted(keys)
    assert {r.phase for r in RULES} == set(Phase)


def test_each_rule_proposes_its_label():
    doc = DocView(TEXT, ("sk",))
    context = Context(default_gazetteer(), None)
    for rule in RULES:
        if rule.phase == Phase.PATTERN and not context.blocked:
            context.blocked = tokens_covered(doc, context.anchors)
            context.person_tokens = [False] * doc.n
        found = rule.find(doc, context)
        if rule.phase == Phase.ANCHOR:
            context.anchors += found
        context.first += found
        assert all(type(c.label) is str and c.label in LABELS for c in found), rule.name
        if rule.label is not None and rule.name != "credit-lines":  # a credited person is an ACTOR
            assert all(c.label == rule.label for c in found), rule.name
    assert context.first


def test_a_built_gazetteer_is_immutable_and_pickles_as_it_is():
    """Built once: its indexes are read-only; a worker process gets it whole (the gold layer's
    forms go to the worker pool)."""
    import dataclasses
    import pickle

    import pytest

    from annotator.suggest.gazetteer import GazetteerBuilder

    builder = GazetteerBuilder()
    builder.add("Tokajev", Label.ACTOR, "gold:Tokajev", confidence=0.9, priority=70)
    gazetteer = builder.build(fuzzy=True)
    with pytest.raises(TypeError):
        gazetteer.exact["x"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer.size = 0  # type: ignore[misc]
    doc = DocView("Then Tokajeva spoke.", ("sk",))
    copy = pickle.loads(pickle.dumps(gazetteer))
    assert copy.matches(doc) == gazetteer.matches(doc) != []
    assert isinstance(copy.exact, type(gazetteer.exact))
