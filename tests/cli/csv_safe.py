#!/usr/bin/env python3
"""Gradebook exports open in a spreadsheet as text, never as formulas.

Usage: csv_safe.py SALESIM

Adds trainees whose names, e-mails and external ids (and a group whose name) start with a formula
character, plays once as each, writes every CSV-like export (csv, moodle by e-mail and by id
number, canvas) into a temporary data folder and reads each with Python's csv module: no cell may
start with =, +, -, @, a tab or a carriage return, unless it is a plain number. Exits 1 with what
it found otherwise.
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

CHOICES = "2,1,2,2,3,3,3,1,1,5,4,1,2,2,2"
FORMULA_START = "=+-@\t\r"
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
# name, e-mail, external id: each the start of a formula
HOSTILE = [
    ('=HYPERLINK("http://x","y")', "=1+1@x.y", "=cmd|'/C calc'!A1"),
    ("+SUM(1,2)", "+sum@x.y", "+cmd|'/C calc'!A1"),
    ("-2+3", "-minus@x.y", "-2+3"),
    ("@SUM(A1:A2)", "at@x.y", "@SUM(A1)"),
]
GROUP = '=HYPERLINK("http://x","group")'


def run(exe, data, *args):
    p = subprocess.run([exe, "--data-dir", data, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAILED: salesim {' '.join(args)} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


def main():
    exe = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="salesim-csv-safe-") as data:
        run(exe, data, "group", "add", "--", GROUP)
        for name, email, ext in HOSTILE:
            run(exe, data, "trainee", "add", f"--email={email}", f"--external-id={ext}", "--", name)
            run(exe, data, "group", "join", "--", GROUP, name)
            run(exe, data, "play", "tutorial-first-sale", f"--trainee={name}", "--choices", CHOICES)
        exports = {
            "csv": ["--format", "csv"],
            "moodle-email": ["--format", "moodle"],
            "moodle-idnumber": ["--format", "moodle", "--id", "idnumber"],
            "canvas": ["--format", "canvas"],
            "canvas-group": ["--format", "canvas", "--group", GROUP],
        }
        for label, args in exports.items():
            path = os.path.join(data, label + ".csv")
            run(exe, data, "export", *args, "--out", path)
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            cells = [c for row in rows for c in row]
            for r, row in enumerate(rows, 1):
                for c, cell in enumerate(row, 1):
                    if cell and cell[0] in FORMULA_START and not NUMBER.fullmatch(cell):
                        failures.append(f"{label}: row {r}, column {c} starts a formula: {cell!r}")
            # The hostile values are there, as text: the check above is not vacuous.
            expected = {
                "csv": [n for n, _, _ in HOSTILE] + [e for _, e, _ in HOSTILE] + [x for _, _, x in HOSTILE],
                "moodle-email": [e for _, e, _ in HOSTILE],
                "moodle-idnumber": [x for _, _, x in HOSTILE],
                "canvas": [n for n, _, _ in HOSTILE] + [GROUP],
                "canvas-group": [n for n, _, _ in HOSTILE] + [GROUP],
            }[label]
            for value in expected:
                shown = "'" + value if value[0] in FORMULA_START else value
                if shown not in cells:
                    failures.append(f"{label}: no cell {shown!r} (the value {value!r} made safe)")
    if failures:
        print("\n".join(failures))
        return 1
    print("every export is spreadsheet-safe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
