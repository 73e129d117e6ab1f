"""Recalculates workbooks in LibreOffice (headless, one soffice for every workbook) and
dumps every cell's computed value as JSON, so a test can hold the formulas' results to the
engine's figures.

usage: recalc.py JOBS.json
JOBS.json: {"profile": "/tmp/dir", "jobs": [{"file": "a.xlsx", "out": "a.json",
            "set": {"defined_name": 2.5}}]}
"set" changes named input cells before the recalculation (the live-formula test).
Output per job: {"cells": {sheet: {"B5": value}}, "errors": ["Sheet!B5", ...]}.
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

ERROR = 4  # com.sun.star.sheet.FormulaResult.ERROR


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            if time.time() > deadline:
                raise
            time.sleep(0.25)


def dump(doc):
    cells, errors = {}, []
    sheets = doc.Sheets
    for i in range(sheets.Count):
        sheet = sheets.getByIndex(i)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.RangeAddress
        rng = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
        values = {}
        for r, row in enumerate(rng.getDataArray()):
            for c, v in enumerate(row):
                if v != "":
                    values["%s%d" % (col_name(c), r + 1)] = v
        cells[sheet.Name] = values
        for a in rng.queryFormulaCells(ERROR).RangeAddresses:
            for r in range(a.StartRow, a.EndRow + 1):
                for c in range(a.StartColumn, a.EndColumn + 1):
                    errors.append("%s!%s%d" % (sheet.Name, col_name(c), r + 1))
    return {"cells": cells, "errors": errors}


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    pipe = "breakeven_recalc_%d" % os.getpid()
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo",
        "--nodefault", "--nolockcheck",
        "-env:UserInstallation=file://" + spec["profile"],
        "--accept=pipe,name=%s;urp;" % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        for job in spec["jobs"]:
            url = uno.systemPathToFileUrl(os.path.abspath(job["file"]))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            try:
                for name, value in job.get("set", {}).items():
                    cell = doc.NamedRanges.getByName(name).ReferredCells.getCellByPosition(0, 0)
                    cell.setValue(value)
                doc.calculateAll()
                with open(job["out"], "w", encoding="utf-8") as f:
                    json.dump(dump(doc), f)
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as soffice exits
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
