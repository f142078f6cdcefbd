"""Child process: the cached values of a recalculated workbook's Score sheet (openpyxl data_only).

Usage: xlsx_values.py WORKBOOK ROWS   → JSON {header: [...], rows: [[...], ...]}
"""
import json
import sys

import openpyxl

sheet = openpyxl.load_workbook(sys.argv[1], data_only=True)["Score"]
n = int(sys.argv[2])
values = [[c.value for c in r] for r in sheet.iter_rows(min_row=1, max_row=n + 1)]
print(json.dumps({"header": values[0], "rows": values[1:]}))
