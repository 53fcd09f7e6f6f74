#!/usr/bin/env python3
"""Fails on a user-facing string literal in the C++ sources that is not in the string tables.

Every word a user reads comes from assets/strings/LANG.yaml or from the rule book and scenarios.
This scans src/, app/, results/, classroom/ and engine/ for string literals that look like words for people
(two words with a space between them, a capitalised word, or a letter outside ASCII) and fails on
each one that scripts/strings_allow.txt does not list for that file.

Usage: check_strings.py [SOURCE_DIR]          check, exit 1 on a finding
       check_strings.py [SOURCE_DIR] --list   print every finding as allow-list lines
"""
import os
import re
import sys

FOLDERS = ["src", "app", "results", "engine", "classroom"]
# Lines whose literals are for developers or machines, never shown as prose to a user.
TECHNICAL_LINE = re.compile(
    r"^\s*#\s*(include|error|pragma)|logic_error|static_assert|\bassert\(|extern \"C\"")
# Literals that are technical whatever line they are on.
TECHNICAL_LITERAL = [
    re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|BEGIN|COMMIT|ROLLBACK|WITH|"
               r"FROM|WHERE|AND|OR|ORDER|GROUP|ON|LEFT|JOIN|VALUES|SET|INTEGER|TEXT|REFERENCES|"
               r"PRIMARY|UNIQUE|NOT|REAL)\b"),  # SQL
    re.compile(r"^[\s%#\w.,:;=<>/\\|(){}\[\]*+\-'\"`^$?!&@~]*$", re.ASCII),  # checked further below
]
WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")


def literals(text):
    """(line number, literal body) of every string literal, comments skipped."""
    out, i, line, n = [], 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == "'" and not (i > 0 and (text[i - 1].isalnum())):
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == "'":  # digit separator (1'000)
            i += 1
        elif c == "R" and i + 1 < n and text[i + 1] == '"':
            k = text.find("(", i + 2)
            delim = ")" + text[i + 2:k] + '"'
            j = text.find(delim, k)
            out.append((line, text[k + 1:j]))
            line += text.count("\n", i, j)
            i = j + len(delim)
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append((line, text[i + 1:j]))
            i = j + 1
        else:
            i += 1
    return out


def user_facing(body):
    """True when a literal reads as words for people."""
    if TECHNICAL_LITERAL[0].match(body):
        return False
    if any(ord(ch) > 127 and ch.isalpha() for ch in body):
        return True
    words = WORD.findall(body)
    if not words:
        return False
    if re.search(r"[A-Za-z]{2,}[,.;:!?']?\s+[A-Za-z]{2,}", body):
        return True
    return any(re.fullmatch(r"[A-Z][a-z]+", w) for w in words)


def findings(root):
    found = []
    for folder in FOLDERS:
        for base, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(base, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                lines = text.splitlines()
                for number, body in literals(text):
                    if TECHNICAL_LINE.search(lines[number - 1] if number <= len(lines) else ""):
                        continue
                    if user_facing(body):
                        found.append((rel, number, body))
    return found


def allowed(root):
    """{(file, literal)} from the allow-list: lines `FILE<TAB>LITERAL`, # comments."""
    out = set()
    with open(os.path.join(root, "scripts", "strings_allow.txt"), encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw or raw.startswith("#"):
                continue
            file, _, body = raw.partition("\t")
            out.add((file, body))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = findings(root)
    if "--list" in sys.argv:
        for rel, _, body in found:
            print(f"{rel}\t{body}")
        return 0
    allow = allowed(root)
    bad = [(rel, n, body) for rel, n, body in found if (rel, body) not in allow]
    for rel, n, body in bad:
        print(f'{rel}:{n}: error: user-facing text in C++: "{body}"', file=sys.stderr)
    if bad:
        print(f"help: move the text to assets/strings/en.yaml and fi.yaml (or the rule book) and look it "
              f"up by key; a technical token goes into scripts/strings_allow.txt", file=sys.stderr)
        return 1
    used = {(rel, body) for rel, _, body in found}
    print(f"{len(found)} literals that look like prose, all on the allow-list "
          f"({len(allow - used)} allow-list lines no longer needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
