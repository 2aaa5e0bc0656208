"""Hand checked models to SpiffWorkflow's parser and turn its exceptions into model problems.

Runs after the static checks of validation.py, which keep SpiffWorkflow away from models that make it
fail badly (some loop forever); SpiffWorkflow's own refusals come back with element id and line.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..errors import ModelProblem
from .safety import model_kind
from .validation import Trees, _children, _is_executable, _root, blocking, validate_bpmn


def parse_with_spiff(trees: Trees, parser: Any = None, *, process_ids: Iterable[str] | None = None,
                     require_called: bool = True, data_stores: Collection[str] = ()) -> tuple[Any, list]:
    """Feed safe trees to a SpiffWorkflow parser and build the executable processes' specs.

    Returns (parser, problems); `parser` defaults to a new CamundaParser (pass the repository's own to
    reuse it), `process_ids` to every executable process in `trees`. When the static checks find blocking
    problems those are returned and SpiffWorkflow is not run, as some bad models make it loop forever.
    Files without an executable process are not added (SpiffWorkflow refuses some for nothing).
    """
    from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

    trees = list(trees)
    if parser is None:
        from .connector_task import PressdeskParser

        parser = PressdeskParser()
    static = blocking(validate_bpmn(trees, data_stores=data_stores))
    if static:
        return parser, static
    problems, owner = [], {}
    for name, tree in trees:
        executable = [p.get("id") for p in _children(_root(tree), "process") if _is_executable(p)]
        owner.update(dict.fromkeys(executable, name))
        try:
            if model_kind(tree) == "dmn":  # SpiffWorkflow's DMN parser reads nsmap, which only elements have
                if found := _dmn_expression_problems(tree, name):
                    problems.extend(found)
                    continue
                parser.add_dmn_xml(_root(tree), filename=name)
            elif executable:
                parser.add_bpmn_xml(tree, filename=name)
        except Exception as exc:  # noqa: BLE001 - any parser failure is a model problem, not a crash
            problems.append(spiff_problem(exc, trees, name))
    for pid in owner if process_ids is None else process_ids:
        try:
            parser.get_spec(pid)
            parser.get_subprocess_specs(pid, require_call_activity_specs=require_called)
        except ValidationException as exc:
            problems.append(spiff_problem(exc, trees, owner.get(pid)))
        except Exception as exc:  # noqa: BLE001
            problems.append(spiff_problem(exc, trees, owner.get(pid), pid))
    return parser, problems


def _dmn_expression_problems(tree: Any, filename: str) -> list[ModelProblem]:
    """FEEL entries of a DMN file that do not parse, with the entry's id, line and column."""
    from ..scripting.model_text import dmn_problems

    out = []
    for el, message in dmn_problems(tree):
        holder = el
        while holder is not None and not holder.get("id"):
            holder = holder.getparent()
        ident = holder.get("id") if holder is not None else None
        out.append(ModelProblem(message, ident, el.sourceline, filename, extra={
            "severity": "error", "code": "expression", "process_id": None, "executable": True}))
    return out


def spiff_problem(exc: Exception, trees: Trees = (), filename: str | None = None,
                  element_id: str | None = None) -> ModelProblem:
    """A SpiffWorkflow parser exception as a ModelProblem; the line is looked up by element id.

    ValidationException carries id and file name, but its line number is never filled in with lxml trees.
    """
    element_id = getattr(exc, "id", None) or element_id or None
    file = getattr(exc, "file_name", None) or filename
    message = str(exc.args[0]) if exc.args else ""
    if exc.__class__.__name__ != "ValidationException":
        message = f"{exc.__class__.__name__}: {message}"
    line = getattr(exc, "line_number", None)
    line = line if isinstance(line, int) and line > 0 else None
    for name, tree in trees if element_id and line is None else ():
        found = _root(tree).xpath("//*[@id=$ident]", ident=element_id) if name == file or not file else []
        if found:
            line, file = found[0].sourceline, name
            break
    return ModelProblem(f"SpiffWorkflow: {message.strip().rstrip('.')}", element_id, line, file,
                        extra={"severity": "error", "code": "spiff", "process_id": None, "executable": True})
