#!/usr/bin/env python3
"""Text from users and files never reaches the terminal as control sequences.

Usage: terminal_safe.py SALESIM TUTORIAL_YAML

1. Names, e-mails, external ids and group names with control characters, bidirectional overrides,
   over 200 characters or (e-mails) without the shape of an address are refused as they enter
   (`trainee add`, `group add`, `play --trainee`) with exit 2 and an error naming what is wrong;
   nothing is stored. Finnish names pass unchanged.
2. Names stored by another machine (written straight into the results database here) are shown
   escaped and on one line by `report`, `attempt list`, `trainee list`, `group list` and export
   warnings.
3. A scenario whose title and summary hold YAML escapes (\\e, \\a, \\u202E) is shown escaped by
   `play`, `list` and `explain`.
No output may hold a raw C0/C1 control (other than a line feed), DEL or a bidirectional control,
and every output must be valid UTF-8. Exits 1 with every finding otherwise.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

CHOICES = "2,1,2,2,3,3,3,1,1,5,4,1,2,2,2"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
failures = []


def run(exe, data, *args, rc=0, must=(), must_not=()):
    p = subprocess.run([exe, "--data-dir", data, *args], capture_output=True)
    what = "salesim " + " ".join(repr(a) for a in args)
    try:
        out = p.stdout.decode("utf-8") + p.stderr.decode("utf-8")
    except UnicodeDecodeError as e:
        failures.append(f"{what}: output is not valid UTF-8 ({e})")
        out = (p.stdout + p.stderr).decode("utf-8", "replace")
    if rc is not None and p.returncode != rc:
        failures.append(f"{what}: exit {p.returncode}, expected {rc}\n{out}")
    m = RAW.search(out)
    if m:
        failures.append(f"{what}: raw control character U+{ord(m.group()):04X} in the output: {out!r}")
    for text in must:
        if text not in out:
            failures.append(f"{what}: the output lacks {text!r}:\n{out}")
    for text in must_not:
        if text in out:
            failures.append(f"{what}: the output holds {text!r}:\n{out}")
    return out


def entry_checks(exe, data):
    help_line = "help: give a name of 1 to 200 characters on one line"
    run(exe, data, "trainee", "add", "\x1b[2J\x1b]0;pwned\x07", rc=2,
        must=["salesim: error: the trainee's name '\\e[2J\\e]0;pwned\\a' holds an escape character (U+001B) "
              "at character 1", help_line])
    run(exe, data, "trainee", "add", "Anna\u202eNiemi", rc=2,
        must=["'Anna\\u202ENiemi' holds a bidirectional-text control (U+202E) at character 5"])
    run(exe, data, "trainee", "add", "two\nlines", rc=2, must=["'two\\nlines' holds a line break (U+000A)"])
    run(exe, data, "trainee", "add", "x" * 201, rc=2, must=["is longer than 200 characters (201)"])
    run(exe, data, "trainee", "add", "Maija", "--email", "maija", rc=2,
        must=["--email 'maija' is not an e-mail address: it has no '@'", "help: write it as name@example.org"])
    run(exe, data, "trainee", "add", "Maija", "--email", "maija@localhost", rc=2,
        must=["has no dot in the domain"])
    run(exe, data, "trainee", "add", "Maija", "--external-id", "a\tb", rc=2,
        must=["--external-id 'a\\tb' holds a tab (U+0009) at character 2"])
    run(exe, data, "group", "add", "g\x1b[31m", rc=2, must=["the group's name 'g\\e[31m' holds an escape"])
    for name in ["\x1b]0;pwned\x07", "two\nlines", "Anna\u2066Niemi"]:
        run(exe, data, "play", "tutorial-first-sale", "--trainee", name, "--choices", CHOICES, rc=2,
            must=["salesim: error: the trainee's name"], must_not=["Debrief"])
    listed = run(exe, data, "trainee", "list", "--json")
    if json.loads(listed) != []:
        failures.append(f"refused names were stored: {listed}")
    # Finnish letters are text, not controls.
    run(exe, data, "trainee", "add", "Äijälä Öljynen", "--email", "aija@esimerkki.fi",
        must=["Äijälä Öljynen"])
    run(exe, data, "trainee", "list", must=["Äijälä Öljynen", "aija@esimerkki.fi"])


def stored_names(exe, data):
    run(exe, data, "trainee", "add", "Plain", "--email", "plain@x.y")
    run(exe, data, "group", "add", "Class")
    run(exe, data, "group", "join", "Class", "Plain")
    run(exe, data, "play", "tutorial-first-sale", "--trainee", "Plain", "--choices", CHOICES)
    # What another machine's file (or an older version) may have put in the store.
    db = sqlite3.connect(os.path.join(data, "results.db"))
    name = "\x1b[2J\x1b]0;pwned\x07two\nlines\u202e"
    db.execute("UPDATE trainees SET name = CAST(? || X'FF' AS TEXT), email = '', external_id = ?",
               (name, "\u009b31m"))
    db.execute("UPDATE groups SET name = ?", ("\x1b[31mred\u2067",))
    db.commit()
    db.close()
    shown = "\\e[2J\\e]0;pwned\\atwo\\nlines\\u202E\\xff"
    run(exe, data, "report", must=["Trainee " + shown + " (\\e[31mred\\u2067)\n", "Group \\e[31mred\\u2067 ("])
    run(exe, data, "attempt", "list", must=[shown])
    run(exe, data, "trainee", "list", must=[shown, "\\u009B31m", "\\e[31mred\\u2067"])
    run(exe, data, "group", "list", must=["\\e[31mred\\u2067 (1): " + shown + "\n"])
    run(exe, data, "export", "--format", "moodle", "--out", os.path.join(data, "m.csv"),
        must=["salesim: warning: trainee '" + shown + "' has no e-mail"])


def hostile_scenario(exe, data, tutorial):
    with open(tutorial, encoding="utf-8") as f:
        text = f.read()
    title = '  en: "Your first sale: an air purifier for a family home"'
    summary = '  en: "A gentle walk'
    if title not in text or summary not in text:
        failures.append(f"{tutorial} has changed: the test cannot find its title and summary")
        return
    text = text.replace(title, '  en: "\\e]0;pwned\\aYour first sale\\e[2J \\u202Eevil"', 1)
    text = text.replace(summary, '  en: "\\e[31mRed\\x9b walk', 1)
    folder = os.path.join(data, "scenarios")
    os.mkdir(folder)
    path = os.path.join(folder, "tutorial-first-sale.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out = run(exe, data, "play", path, "--choices", CHOICES, "--no-record", rc=None)
    if "Debrief" in out:  # it loads (the loader may one day refuse such a title; then it shows nothing)
        for want in ["\\e]0;pwned\\aYour first sale\\e[2J \\u202Eevil\n", "\\e[31mRed\\u009B walk"]:
            if want not in out:
                failures.append(f"play of the hostile scenario lacks {want!r}:\n{out}")
        run(exe, data, "list", folder, must=["\\e]0;pwned\\aYour first sale\\e[2J \\u202Eevil"])
        run(exe, data, "explain", path, must=["\\e]0;pwned\\aYour first sale\\e[2J \\u202Eevil"])


def main():
    exe, tutorial = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="salesim-terminal-safe-") as root:
        for name, check in [("entry", entry_checks), ("stored", stored_names)]:
            data = os.path.join(root, name)
            os.mkdir(data)
            check(exe, data)
        data = os.path.join(root, "scenario")
        os.mkdir(data)
        hostile_scenario(exe, data, tutorial)
    if failures:
        print("\n\n".join(failures))
        return 1
    print("nothing from users or files reached the terminal raw")
    return 0


if __name__ == "__main__":
    sys.exit(main())
