"""Write the generated parts of docs/procedures.md from the clause registry and the shipped models.

    .venv/bin/python -m tools.procedures_doc          # rewrite docs/procedures.md
    .venv/bin/python -m tools.procedures_doc --check  # exit 1 if it is out of date

The document is hand-written prose with generated blocks between markers:
`<!-- BEGIN GENERATED: clauses -->` (every clause -> the elements citing it, or why it is no workflow)
and `<!-- BEGIN GENERATED: elements KEY -->` (each element of process KEY with its due date and clauses).
A shipped process whose section (`## KEY — …`) has no block gets one at the end of its section, one
without a section gets a section at the end; a block naming no shipped process is an error.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

from engine.bpmn import safety
from engine.bpmn.elements import BPMN_NS, CAMUNDA_NS
from engine.bpmn.validation import FLOW_NODES
from engine.clauses import Citation, Registry, citations, load_registry

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "procedures.md"
_BLOCK = re.compile(r"<!-- BEGIN GENERATED: (?P<what>[a-z_ ]+?) -->\n.*?<!-- END GENERATED: (?P=what) -->",
                    re.DOTALL)


def shipped(processes: Path = ROOT / "processes") -> list[tuple[str, etree._ElementTree]]:
    return [(p.name, safety.load_model_xml(p.read_bytes(), p.name)) for p in sorted(processes.glob("*.bpmn"))]


def _cell(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").replace("|", "\\|").strip()


def clause_table(registry: Registry, cited: list[Citation]) -> str:
    lines = ["| clause | gist | implemented by |", "|---|---|---|"]
    for clause in registry.clauses:
        by_process: dict[str, list[str]] = {}
        for c in cited:
            if clause.id in c.clauses:
                by_process.setdefault(c.process_id, []).append(f"`{c.element_id}`")
        if by_process:
            where = "; ".join(f"`{key}`: {', '.join(ids)}" for key, ids in sorted(by_process.items()))
        elif clause.reason:
            where = f"*not a workflow*: {_cell(clause.reason)}"
        else:
            where = "**nothing yet**"
        lines.append(f"| {clause.id} | {_cell(clause.gist)} | {where} |")
    return "\n".join(lines)


def _props(el: etree._Element) -> dict[str, str]:
    return {p.get("name"): p.get("value") or "" for p in
            el.iterfind(f"{{{BPMN_NS}}}extensionElements/{{{CAMUNDA_NS}}}properties/{{{CAMUNDA_NS}}}property")}


def element_table(process: etree._Element) -> str:
    lines = ["| element | name | kind | due | clauses |", "|---|---|---|---|---|"]
    for el in process.iter(f"{{{BPMN_NS}}}*"):
        kind = etree.QName(el).localname
        props = _props(el)
        if kind not in FLOW_NODES and "clause" not in props:
            continue
        due = el.get(f"{{{CAMUNDA_NS}}}dueDate") or props.get("dueDate") or ""
        if kind != "userTask" and not due:
            due_cell = ""
        else:
            due_cell = f"`{_cell(due)}`" if due else "—"
        lines.append(f"| `{el.get('id')}` | {_cell(el.get('name'))} | {kind} | {due_cell} | "
                     f"{_cell(props.get('clause')) or '—'} |")
    return "\n".join(lines)


def _processes(trees) -> dict[str, etree._Element]:
    return {p.get("id"): p for _, tree in trees for p in tree.getroot().iterfind(f"{{{BPMN_NS}}}process")}


def _block(what: str, body: str) -> str:
    return f"<!-- BEGIN GENERATED: {what} -->\n{body}\n<!-- END GENERATED: {what} -->"


def render(text: str, trees=None, registry: Registry | None = None) -> str:
    """`text` with every generated block rewritten (and sections added for processes that lack one)."""
    trees = shipped() if trees is None else trees
    registry = registry or load_registry()
    processes = _processes(trees)
    cited = citations(trees)
    seen: set[str] = set()

    def replace(match: re.Match) -> str:
        what = match.group("what")
        if what == "clauses":
            return _block(what, clause_table(registry, cited))
        key = what.removeprefix("elements ").strip()
        if not what.startswith("elements ") or key not in processes:
            raise SystemExit(f"docs/procedures.md: generated block {what!r} names no process in processes/")
        seen.add(key)
        return _block(what, element_table(processes[key]))

    out = _BLOCK.sub(replace, text)
    for key in sorted(set(processes) - seen):
        out = _add_block(out, key, processes[key])
    return out


def _add_block(text: str, key: str, process: etree._Element) -> str:
    block = _block(f"elements {key}", element_table(process))
    heading = re.search(rf"^## {re.escape(key)}\b.*$", text, re.MULTILINE)
    if heading is None:
        name = process.get("name") or key
        return text.rstrip("\n") + (f"\n\n## {key} — {name}\n\nDiagram: [processes/{key}.bpmn](../processes/"
                                    f"{key}.bpmn).\n\n{block}\n")
    following = re.compile(r"^## ", re.MULTILINE).search(text, heading.end())
    end = following.start() if following else len(text)
    section = text[:end].rstrip("\n")
    return f"{section}\n\n{block}\n" + ("\n" + text[end:] if following else "")


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print("docs/procedures.md is out of date: run .venv/bin/python -m tools.procedures_doc",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
