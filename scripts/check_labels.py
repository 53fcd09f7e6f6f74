#!/usr/bin/env python3
"""Checks that choice labels and their tooltips name an action, never its quality.

A label such as "Act overly familiar" or a tooltip saying "usually the better way" gives the
answer away before the trainee has thought. This lists every evaluative word found in the rule
book's move names and descriptions (the labels and tooltips of step, method and close options) and
in the scenarios' lead names (the labels of prospecting choices), in
every language, as path:line:column, and fails when there is one.

Usage: check_labels.py SOURCE_DIR [FILE.yaml ...]   (needs PyYAML, Debian's python3-yaml)
"""
import pathlib
import re
import sys

import yaml

# Words that judge a choice. English words match whole words; Finnish words match word starts,
# because Finnish inflects ("väärässä", "parempi", "heikosti").
EVALUATIVE_EN = [
    "best", "better", "good", "great", "weak", "wrong", "overly", "too", "ignore", "ignores",
    "monologue", "pushy", "aggressive", "correct", "incorrect", "mistake", "mistaken", "properly",
    "poor", "bad", "rude", "clumsy", "sloppy", "ideal", "recommended", "usually", "essential",
    "rarely", "effective", "ineffective", "smart", "safe", "sharpest", "fits",
]
EVALUATIVE_FI = [
    "hyvä(?!ksy)", "hyvi", "paras", "parhai", "parem", "huono", "väärä", "heikko", "heikosti", "virhe",
    "liian", "sivuut", "tyrky", "oikea", "oikein", "yksinpuhel", "suositel", "tehoka", "tehoton",
    "kömpel", "töykeä", "turvallinen", "toimii", "kannattaa", "välttämätön",
]

_EN = re.compile(r"\b(" + "|".join(EVALUATIVE_EN) + r")\b", re.IGNORECASE)
_FI = re.compile(r"(?<![\w])(" + "|".join(EVALUATIVE_FI) + r")", re.IGNORECASE)


def _mapping_get(node, key):
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _texts(node):
    """The (language, scalar node) pairs of a text: a mapping of language to string."""
    if isinstance(node, yaml.ScalarNode):
        return [("", node)]
    if isinstance(node, yaml.MappingNode):
        return [(k.value, v) for k, v in node.value if isinstance(v, yaml.ScalarNode)]
    return []


def _where(path, node, offset, raw_lines):
    """1-based line and column of character `offset` of a scalar's value."""
    line, col = node.start_mark.line, node.start_mark.column
    text = raw_lines[line] if line < len(raw_lines) else ""
    # A quoted scalar starts at its quote; the value's characters start one later.
    if text[col:col + 1] in "\"'":
        col += 1
    return line + 1, col + offset + 1


def check_text(path, what, owner, node, raw_lines, problems):
    for lang, scalar in _texts(node):
        pattern = _FI if lang.startswith("fi") else _EN
        for m in pattern.finditer(scalar.value):
            line, col = _where(path, scalar, m.start(), raw_lines)
            problems.append(f"{path}:{line}:{col}: error: evaluative word '{m.group(0)}' in the {what} "
                            f"of {owner} ({lang or 'text'}): \"{scalar.value}\"\n"
                            f"help: name the action the choice takes, not how good it is")


def check_file(path, display, problems):
    raw = path.read_text(encoding="utf-8")
    raw_lines = raw.split("\n")
    root = yaml.compose(raw)
    if root is None:
        return
    moves = _mapping_get(root, "moves")
    if isinstance(moves, yaml.SequenceNode):
        for move in moves.value:
            mid = _mapping_get(move, "id")
            owner = f"move '{mid.value if mid is not None else '?'}'"
            for key, what in (("name", "label"), ("about", "tooltip")):
                node = _mapping_get(move, key)
                if node is not None:
                    check_text(display, what, owner, node, raw_lines, problems)
    stages = _mapping_get(root, "stages")
    leads = _mapping_get(_mapping_get(stages, "prospecting"), "leads") if stages is not None else None
    # A lead's description is the evidence to weigh ("in need of better monitoring"), not a
    # verdict on choosing it, so only its label is checked.
    if isinstance(leads, yaml.SequenceNode):
        for lead in leads.value:
            lid = _mapping_get(lead, "id")
            node = _mapping_get(lead, "name")
            if node is not None:
                owner = f"lead '{lid.value if lid is not None else '?'}'"
                check_text(display, "label", owner, node, raw_lines, problems)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = pathlib.Path(argv[1])
    files = [pathlib.Path(a) for a in argv[2:]] or sorted(
        p for p in (root / "scenarios").glob("*.yaml") if not p.name.endswith(".plan.yaml"))
    problems = []
    for f in files:
        display = f.relative_to(root) if f.is_absolute() and root in f.parents else f
        check_file(f if f.is_absolute() else root / f, display, problems)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} evaluative word(s) in labels or tooltips", file=sys.stderr)
        return 1
    print(f"check_labels: {len(files)} files, labels and tooltips name actions only")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
