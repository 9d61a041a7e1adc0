#!/usr/bin/env bash
# Rebuild docs/annotated-docx.png: a short draft, `goalcheck annotate`, LibreOffice with the
# comments in the margin (Writer's print setting; the -nogui packages cannot draw them), pdftoppm.
# Needs: apt-get install libreoffice-writer poppler-utils; the venv with goalcheck[dev].
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PYTHONPATH=tests "$py" - "$work/draft.docx" <<'PY'
import sys
import word_fixtures as fx
doc = fx.Document()
doc.add_heading("Occupational Therapy: IEP Draft", level=0)
doc.add_paragraph("Student: Jordan P.    Age: 9    Grade: 3")
doc.add_heading("Annual Goals", level=1)
for goal in (fx.GOAL_WRITING, fx.GOAL_GRIP, fx.GOAL_INLINE_SDT):
    doc.add_paragraph(goal, style="List Number")
doc.add_heading("Goals by area", level=1)
fx.goal_table(doc, [("Handwriting", fx.GOAL_TABLE_1, "2 errors a line", "Work samples"),
                    ("Motor", fx.GOAL_TABLE_2, "Limited reach", "Goniometer")])
doc.save(sys.argv[1])
PY
"$py" -m goalcheck annotate "$work/draft.docx" -o "$work/annotated.docx"
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value></prop></item>
</oor:items>
XCU
soffice "-env:UserInstallation=file://$work/profile" --headless --norestore --convert-to pdf --outdir "$work" "$work/annotated.docx" >/dev/null
test -s "$work/annotated.pdf"  # LibreOffice exits 0 even when it wrote nothing
pdftoppm -png -r 100 -f 1 -l 1 -y 120 -H 800 -singlefile "$work/annotated.pdf" docs/annotated-docx
