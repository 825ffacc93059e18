"""Documents the council sends out: Word (.docx), Excel (.xlsx) and PDF.

A report is built once as a list of blocks (``Heading``, ``Paragraph``, ``Table``), then written
as .docx with python-docx; the PDF is that .docx converted by LibreOffice, so the two always
match. Workbooks are written with openpyxl from named sheets of rows.
"""

from goldenthread.documents.blocks import Block, Heading, PageBreak, Paragraph, Table
from goldenthread.documents.pdf import DocumentError, docx_to_pdf, to_pdf
from goldenthread.documents.word import write_docx
from goldenthread.documents.workbook import Sheet, save_workbook, workbook_bytes, write_xlsx

__all__ = [
    "Block",
    "DocumentError",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Sheet",
    "Table",
    "docx_to_pdf",
    "save_workbook",
    "to_pdf",
    "workbook_bytes",
    "write_docx",
    "write_xlsx",
]
