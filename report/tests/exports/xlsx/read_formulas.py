"""Reads workbooks the way a spreadsheet program's file reader does (openpyxl) and dumps,
for each, the sheet names, every cell as stored (a formula's text, or its value) with its
number format, every formula's cached result, and the defined names, as JSON.

usage: read_formulas.py OUT.json WORKBOOK.xlsx [WORKBOOK.xlsx ...]
"""
import json
import sys

import openpyxl


def defined_names(wb):
    names = {}
    dn = wb.defined_names
    # openpyxl 3.0 keeps a list (.definedName); 3.1 a mapping.
    items = dn.definedName if hasattr(dn, "definedName") else dn.values()
    for d in items:
        names[d.name] = d.attr_text
    return names


def dump(path):
    wb = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    out = {"sheets": wb.sheetnames, "cells": {}, "cached": {}, "names": defined_names(wb)}
    for ws in wb.worksheets:
        cells = {}
        values = {}
        cws = cached[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value
                if not isinstance(v, (int, float, str, bool)):
                    v = str(v)
                cells[c.coordinate] = [v, c.number_format]
                values[c.coordinate] = cws[c.coordinate].value
        out["cells"][ws.title] = cells
        out["cached"][ws.title] = values
    return out


def main():
    out = {p: dump(p) for p in sys.argv[2:]}
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
