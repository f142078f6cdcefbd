"""Child process: pastes raw rows into the Score sheet of an exported scoring workbook with
openpyxl (as an analyst would paste them; formulas untouched) and saves a copy to recalculate.

Usage: xlsx_fill.py WORKBOOK ROWS_JSON OUT   (ROWS_JSON: [{column: raw value}, ...])
"""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheet = book["Score"]
with open(sys.argv[2]) as f:
    rows = json.load(f)
header = [c.value for c in sheet[1]]
for i, row in enumerate(rows):
    for name, value in row.items():
        if name in header and value is not None:
            sheet.cell(row=i + 2, column=header.index(name) + 1, value=value)
book.save(sys.argv[3])
