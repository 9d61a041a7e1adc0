"""Open a .docx safely: tell the common wrong files apart and refuse zip bombs.

Every problem becomes a :class:`goalcheck.readers.ReadError` with a one-line
reason, because users meet these files in the wild (a password-protected IEP, an
old .doc renamed .docx, a download that stopped half-way).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from goalcheck.readers import ReadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"

# A 16 MB .docx of text and pictures expands to well under this; a zip bomb does not.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5000
INSTALL_HINT = "the Word adapter needs python-docx: install goalcheck[word] (pip install 'goalcheck[word]')"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def require_lxml():
    """lxml, which python-docx brings; a one-line ReadError when the extra is missing."""
    try:
        from lxml import etree
    except ImportError:
        raise ReadError(INSTALL_HINT) from None
    return etree


def require_docx():
    try:
        import docx
    except ImportError:
        raise ReadError(INSTALL_HINT) from None
    return docx


@dataclass
class Package:
    """The opened zip and the names of the parts goalcheck reads."""

    zip: zipfile.ZipFile
    document: str  # zip member of the main document part, e.g. "word/document.xml"
    styles: str | None
    comments: str | None

    def xml(self, member: str):
        return parse_xml(_safe_read(self.zip, member), member)

    def read(self, member: str) -> bytes:
        return _safe_read(self.zip, member)


def open_package(data: bytes) -> Package:
    """The .docx in ``data``, checked; a ReadError names what the file really is."""
    _refuse_non_zip(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"not a valid .docx: the zip container is damaged ({exc})") from None
    _refuse_bomb(zf)
    names = set(zf.namelist())
    if "mimetype" in names and b"opendocument" in _safe_read(zf, "mimetype")[:100]:
        raise ReadError("an OpenDocument (.odt) file renamed .docx; save it as .docx (Word 2007 or later)")
    document = _main_part(zf, names)
    return Package(zf, document, _related(zf, document, STYLES, names), _related(zf, document, COMMENTS, names))


def _refuse_non_zip(data: bytes) -> None:
    if not data.strip():
        raise ReadError("file is empty")
    if data.startswith(_OLE_MAGIC):
        raise ReadError(_ole_reason(data))
    if data.lstrip()[:5] == b"{\\rtf":
        raise ReadError("an RTF file renamed .docx; open it in Word and save it as .docx")
    if not data.startswith(b"PK"):
        raise ReadError("not a .docx file (it is not a zip container); open it in Word and save it as .docx")


def _ole_reason(data: bytes) -> str:
    # Encrypted OOXML and Word 97-2003 files share the OLE container; the stream names differ.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return ("the document is password-protected; remove the password in Word "
                "(File > Info > Protect Document) and try again")
    return "an old Word 97-2003 (.doc) file, not .docx; open it in Word and save it as .docx"


def _refuse_bomb(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"not a plausible .docx: the zip holds {len(infos)} files (the limit is {MAX_MEMBERS})")
    expanded = sum(i.file_size for i in infos)
    if expanded > MAX_EXPANDED_BYTES:
        raise ReadError(f"refused: the zip would expand to {expanded / 1e6:.0f} MB "
                        f"(the limit is {MAX_EXPANDED_BYTES / 1e6:.0f} MB); it may be a zip bomb")


def _safe_read(zf: zipfile.ZipFile, member: str) -> bytes:
    try:
        return zf.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise ReadError(f"not a valid .docx: cannot read {member} from the zip ({exc})") from None
    except Exception as exc:  # zlib.error and friends: a damaged member
        raise ReadError(f"not a valid .docx: cannot read {member} from the zip ({type(exc).__name__}: {exc})") from None


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        for rel in parse_xml(_safe_read(zf, "_rels/.rels"), "_rels/.rels").iter(f"{{{PKG_RELS}}}Relationship"):
            if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise ReadError("an Excel or PowerPoint file renamed .docx, not a Word document")
    raise ReadError("a zip file but not a Word document (it has no main document part)")


def check_document_root(root) -> None:
    """A ReadError unless ``root`` is a transitional WordprocessingML ``w:document``."""
    if root.tag == w("document"):
        return
    if "purl.oclc.org/ooxml" in root.tag:
        raise ReadError("a Strict Open XML document; save it as a standard Word Document (.docx)")
    raise ReadError(f"not a Word document: its main part is <{root.tag}>, not <w:document>")


def rels_member(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _related(zf: zipfile.ZipFile, part: str, rel_type: str, names: set[str]) -> str | None:
    rels = rels_member(part)
    if rels not in names:
        return None
    for rel in parse_xml(_safe_read(zf, rels), rels).iter(f"{{{PKG_RELS}}}Relationship"):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                member = target.lstrip("/")
            else:
                member = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            return member if member in names else None
    return None


def parse_xml(data: bytes, member: str):
    """Parse one part without resolving entities or reaching the network (XXE, billion laughs)."""
    etree = require_lxml()
    # remove_blank_text as python-docx parses, so `check` and `annotate` see the same text.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not a valid .docx: {member} is not well-formed XML ({exc})") from None
    if root is None:
        raise ReadError(f"not a valid .docx: {member} is empty")
    return root
