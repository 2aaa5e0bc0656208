"""Hardened loading of BPMN/DMN XML: the only way model bytes become an lxml tree.

Everything here runs before (or instead of) a general XML parser, so hostile input — DTDs, entity
expansion, external entities, odd encodings, huge or deeply nested documents — is refused with a
one-line message naming the file and the problem, never expanded or fetched.
"""
from __future__ import annotations

import codecs
import io
import re
from typing import Literal

from lxml import etree

from ..errors import ModelInvalid

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# The DMN namespaces SpiffWorkflow's DMN parser ships schemas for (1.1, 1.2, 1.3).
DMN_NAMESPACES = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
}
MAX_MODEL_BYTES = 5 * 1024 * 1024
# libxml2 itself stops at 256 without XML_PARSE_HUGE; real models nest < 30 deep.
MAX_DEPTH = 200
# A 5 MiB file of empty tags would be ~1M nodes; real models have a few thousand.
MAX_ELEMENTS = 200_000
MAX_ATTRIBUTES = 100

ModelKind = Literal["bpmn", "dmn"]

# Encodings we decode ourselves and can therefore scan; anything else (UTF-7, EBCDIC, ...) is refused
# because a DOCTYPE could hide in bytes our scan would not recognise.
_CHECKABLE_ENCODINGS = (
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii"}
    | {f"iso8859-{i}" for i in range(1, 17)}
    | {f"cp125{i}" for i in range(9)}
)
_WIDE_ENCODINGS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# BOM-less wide encodings, recognised by how '<' is laid out (XML 1.0 appendix F).
_WIDE_PATTERNS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']""")
_MARKUP = re.compile(r"<(!--|!\[CDATA\[|\?|!)")
_XML_DECL = re.compile(r"<\?xml[ \t\r\n]")


def refuse(filename: str, problem: str, line: int | None = None) -> ModelInvalid:
    """The ModelInvalid every safety refusal raises: one problem, no element id."""
    where = f" (line {line})" if line else ""
    return ModelInvalid(f"{filename}: {problem}{where}",
                        [{"element_id": None, "message": problem, "line": line}])


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _detect_encoding(raw: bytes, filename: str) -> tuple[str, int]:
    """(codec name, BOM length) for raw bytes, refusing encodings we cannot check."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, len(bom)
    for pattern, name in _WIDE_PATTERNS:
        if raw.startswith(pattern):
            return name, 0
    match = _DECLARED_ENCODING.match(raw)
    if not match:
        return "utf-8", 0  # the XML default when nothing is declared
    declared = match.group(1).decode("ascii")
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise refuse(filename, f"unknown character encoding {declared!r}", 1) from None
    if name in _WIDE_ENCODINGS:
        raise refuse(filename, f"declares encoding {declared!r} but its bytes are not {declared}", 1)
    if name not in _CHECKABLE_ENCODINGS:
        raise refuse(filename, f"character encoding {declared!r} is not accepted: use UTF-8 or UTF-16", 1)
    return name, 0


def decode_model(data: bytes | str, filename: str, max_bytes: int = MAX_MODEL_BYTES) -> str:
    """The model as text, after the size limit and the encoding checks (BOM removed).

    Useful to store a model as text exactly as it was checked (UTF-16 and Latin-1 files included).
    """
    if isinstance(data, str):
        # Cheap bound first: a str never has more characters than its UTF-8 bytes.
        if len(data) > max_bytes or len(data.encode("utf-8", "surrogatepass")) > max_bytes:
            raise refuse(filename, f"file is larger than the {max_bytes} byte limit")
        text = data
    else:
        if len(data) > max_bytes:
            raise refuse(filename, f"file is larger than the {max_bytes} byte limit")
        encoding, skip = _detect_encoding(bytes(data), filename)
        try:
            text = bytes(data[skip:]).decode(encoding)
        except UnicodeDecodeError as exc:
            prefix = bytes(data[skip:skip + exc.start]).decode(encoding, errors="replace")
            raise refuse(filename, f"not valid {encoding.upper()} text (byte offset {skip + exc.start})",
                         _line_at(prefix, len(prefix))) from None
    return text.removeprefix("\ufeff")


def _scan_markup(text: str, filename: str) -> None:
    """Refuse DTDs, entity declarations and processing instructions, outside comments and CDATA."""
    pos = 0
    while (match := _MARKUP.search(text, pos)) is not None:
        kind, start = match.group(1), match.start()
        if kind == "!--":
            end = text.find("-->", match.end())
            if end < 0:
                return  # unterminated: the parser reports it as malformed
            pos = end + 3
        elif kind == "![CDATA[":
            end = text.find("]]>", match.end())
            if end < 0:
                return
            pos = end + 3
        elif kind == "?":
            end = text.find("?>", match.end())
            if start == 0 and _XML_DECL.match(text):
                pos = len(text) if end < 0 else end + 2
                continue
            target = re.match(r"[^\s?>]*", text[match.end():match.end() + 60]).group(0)
            raise refuse(filename, f"processing instruction <?{target}> is not allowed",
                         _line_at(text, start))
        else:
            word = re.match(r"\s*([A-Za-z]*)", text[match.end():match.end() + 60]).group(1).upper()
            what = f"a <!{word} declaration" if word else "'<!' markup"
            raise refuse(filename, f"{what} is not allowed: DTDs and entity declarations are refused",
                         _line_at(text, start))


def _parse(text: str, filename: str) -> etree._ElementTree:
    """Parse with entity expansion, DTD loading and network access off, enforcing size limits."""
    events = etree.iterparse(
        io.BytesIO(text.encode("utf-8", "surrogatepass")), events=("start", "end"),
        encoding="utf-8",  # we decoded ourselves; the declaration must not re-decode the bytes
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
    )
    depth = count = 0
    try:
        for event, element in events:
            if event == "end":
                depth -= 1
                continue
            depth += 1
            count += 1
            if depth > MAX_DEPTH:
                raise refuse(filename, f"elements are nested more than {MAX_DEPTH} deep", element.sourceline)
            if count > MAX_ELEMENTS:
                raise refuse(filename, f"more than {MAX_ELEMENTS} elements", element.sourceline)
            if len(element.attrib) > MAX_ATTRIBUTES:
                raise refuse(filename, f"an element has more than {MAX_ATTRIBUTES} attributes",
                             element.sourceline)
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or str(exc)).split(", line ")[0].strip()
        if "Excessive depth" in message:
            message = f"elements are nested more than {MAX_DEPTH} deep"
        raise refuse(filename, f"malformed XML: {message}", exc.lineno or None) from None
    tree = events.root.getroottree()
    # Defence in depth: the scan should have refused these already.
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refuse(filename, "a DOCTYPE is not allowed", 1)
    return tree


def model_kind(tree: etree._ElementTree | etree._Element) -> ModelKind | None:
    """'bpmn' or 'dmn' by the root element, None when it is neither."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    qname = etree.QName(root)
    if qname.localname != "definitions":
        return None
    if qname.namespace == BPMN_NS:
        return "bpmn"
    if qname.namespace in DMN_NAMESPACES:
        return "dmn"
    return None


def load_model_xml(data: bytes | str, filename: str, max_bytes: int = MAX_MODEL_BYTES) -> etree._ElementTree:
    """Check and parse one BPMN or DMN file; raises ModelInvalid naming the file and the problem.

    The tree keeps source line numbers (`element.sourceline`); comments and processing instructions
    are dropped (SpiffWorkflow's parsers trip over comment nodes).
    """
    text = decode_model(data, filename, max_bytes)
    if not text.strip():
        raise refuse(filename, "file is empty")
    _scan_markup(text, filename)
    tree = _parse(text, filename)
    if model_kind(tree) is None:
        root = tree.getroot()
        qname = etree.QName(root)
        found = f"<{qname.localname}>" + (f" in namespace {qname.namespace}" if qname.namespace else
                                          " without a namespace")
        raise refuse(filename, f"root element is {found}, expected BPMN 2.0 <definitions> ({BPMN_NS}) "
                     "or DMN 1.1-1.3 <definitions>", root.sourceline)
    from .lenient import camunda_aliases  # lenient.py builds on this module

    return camunda_aliases(tree)
