#!/usr/bin/env python3
"""Pseudo-locale test: every text a user reads must come from data, not from C++.

Copies scenarios/ and assets/ into a temporary folder, adds the language `xx` in which every
English string of the string tables, of every scenario and of the rule book is wrapped as
`[!! ... !!]` (placeholders such as {name} kept intact), points salesim at that folder with
SALESIM_DATA_DIR and runs list, play, validate, report and a window screenshot in `xx`. Any word
left outside the wrappers is reported with the command that printed it, and the test fails.

Usage: pseudo_locale.py SALESIM SOURCE_DIR [XVFB_RUN]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

OPEN, CLOSE = "[!! ", " !!]"
# A language key of a text, or its formal variant (fi_formal).
LANG_CODE = re.compile(r"^[a-z]{2}(_formal)?$|^\*$")

# Words that may stand outside the wrappers: technical tokens, not English or Finnish.
ALLOWED_WORDS = {
    "salesim",  # the program's name, in every language
    "xx",       # the pseudo-language's own code
    "en", "fi",  # language codes in `list`
    "b2b", "b2c", "retail",  # context codes in `list`
    "json", "yaml", "md", "png", "csv",  # file name extensions
}
# Tokens to drop before looking for words: paths, file names, ids with hyphens or dots, uuids,
# option names, numbers.
TECHNICAL = [
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),  # uuids
    re.compile(r"(?:[\w.-]*/)+[\w.-]*"),          # paths
    re.compile(r"[\w-]+\.(?:yaml|json|md|png|csv)\b"),  # file names
    re.compile(r"--[a-z][a-z-]*"),                 # option names
    re.compile(r"\b[a-z0-9_-]+(?:\.[a-z0-9_-]+)+\b"),  # rule ids: approach.greet_properly.default
    re.compile(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b"),     # ids: tutorial-first-sale, pre_approach
    re.compile(r"\b\d[\w.:]*"),                    # numbers, times, dates
]
WORD = re.compile(r"[^\W\d_]{2,}")


def wrap(text):
    return OPEN + text + CLOSE


STR = "tag:yaml.org,2002:str"


def scalar(text):
    return yaml.ScalarNode(STR, text, style='"')


def is_text(node):
    return isinstance(node, yaml.ScalarNode) and node.tag == STR


def pseudo_table(node):
    """Wraps every string of a string table (a node tree, so the file's types stay as written)."""
    if isinstance(node, yaml.MappingNode):
        node.value = [(k, pseudo_table(v)) for k, v in node.value]
        return node
    return scalar(wrap(node.value)) if is_text(node) else node


def add_pseudo_texts(node):
    """Adds `xx` beside `en` in every multilingual text, and to every `languages` list."""
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        by_key = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if "en" in by_key and is_text(by_key["en"]) and all(LANG_CODE.match(k) for k in keys):
            node.value.append((scalar("xx"), scalar(wrap(by_key["en"].value))))
            return
        for k, v in node.value:
            if (k.value == "languages" and isinstance(v, yaml.SequenceNode) and
                    any(getattr(i, "value", None) == "en" for i in v.value)):
                v.value.append(scalar("xx"))
            else:
                add_pseudo_texts(v)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            add_pseudo_texts(item)


def rewrite(source, target, change):
    with open(source, encoding="utf-8") as f:
        root = yaml.compose(f)
    root = change(root) or root
    with open(target, "w", encoding="utf-8") as f:
        yaml.serialize(root, f, allow_unicode=True, width=1 << 20)


def plain_names(node, out):
    """Words of the names a scenario gives as one plain string (a person's name is not translated)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "name" and is_text(v):
                out.update(w.lower() for w in WORD.findall(v.value))
            plain_names(v, out)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            plain_names(item, out)


def build_data(source, root):
    shutil.copytree(os.path.join(source, "scenarios"), os.path.join(root, "scenarios"))
    shutil.copytree(os.path.join(source, "assets"), os.path.join(root, "assets"))

    def table(node):
        node = pseudo_table(node)
        node.value.append((scalar("lang"), yaml.MappingNode("tag:yaml.org,2002:map",
                                                            [(scalar("xx"), scalar(wrap("xx")))])))
        return node

    strings = os.path.join(root, "assets", "strings")
    rewrite(os.path.join(strings, "en.yaml"), os.path.join(strings, "xx.yaml"), table)
    folder = os.path.join(root, "scenarios")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                plain_names(yaml.compose(f), ALLOWED_WORDS)
            rewrite(os.path.join(folder, name), os.path.join(folder, name), add_pseudo_texts)


def outside_wrappers(text):
    """The text with every wrapped part (nested ones too) removed."""
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith(OPEN.strip(), i):
            depth += 1
            i += len(OPEN.strip())
        elif depth and text.startswith(CLOSE.strip(), i):
            depth -= 1
            i += len(CLOSE.strip())
        else:
            if depth == 0:
                out.append(text[i])
            i += 1
    return "".join(out)


def leftover_words(text):
    rest = outside_wrappers(text)
    found = []
    for line in rest.splitlines():
        for pattern in TECHNICAL:
            line = pattern.sub(" ", line)
        for word in WORD.findall(line):
            if word.lower() not in ALLOWED_WORDS:
                found.append(word)
    return found


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    salesim, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    xvfb = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(os.path.join(source, "tests", "pseudo", "winning_choices.txt"), encoding="utf-8") as f:
        choices = f.read().strip()
    failures = []
    with tempfile.TemporaryDirectory(prefix="salesim-pseudo-") as root:
        build_data(source, root)
        env = dict(os.environ, SALESIM_DATA_DIR=root, HOME=root, XDG_DATA_HOME=os.path.join(root, "xdg"))
        results = os.path.join(root, "results")
        runs = [
            ["--lang", "xx", "list"],
            ["--lang", "xx", "play", "tutorial-first-sale", "--seed", "1", "--choices", choices,
             "--trainee", "Xx", "--data-dir", results],
            ["--lang", "xx", "validate"],
            ["--lang", "xx", "report", "--data-dir", results],
        ]
        for args in runs:
            run = subprocess.run([salesim] + args, env=env, cwd=root, capture_output=True, text=True)
            command = "salesim " + " ".join(args)
            if run.returncode != 0:
                failures.append(f"{command}: exit status {run.returncode}\n{run.stderr}")
            for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
                words = leftover_words(text)
                if words:
                    failures.append(f"{command} ({stream}) printed words outside the wrappers: " +
                                    ", ".join(sorted(set(words))))
            print(f"$ {command}\n{run.stdout}{run.stderr}")
        if xvfb:
            shot = os.path.join(root, "window.png")
            args = ["--lang", "xx", "--scenario", "tutorial-first-sale", "--seed", "1", "--choices", choices,
                    "--frames", "8", "--data-dir", os.path.join(root, "window-data"), "--screenshot", shot]
            # Under AddressSanitizer, Mesa's driver is unloaded before the leak check, so what it keeps
            # cannot be told from a leak of ours (.ci/run runs the window's other runs the same way).
            window_env = dict(env)
            asan = window_env.get("ASAN_OPTIONS", "")
            window_env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "detect_leaks=0"
            run = subprocess.run([xvfb, "-a", "-s", "-screen 0 1280x800x24", salesim] + args, env=window_env,
                                 cwd=root, capture_output=True, text=True)
            command = "salesim " + " ".join(args)
            print(f"$ {command}\n{run.stdout}{run.stderr}")
            if run.returncode != 0:
                failures.append(f"{command}: exit status {run.returncode}\n{run.stderr}")
            elif not os.path.exists(shot) or os.path.getsize(shot) == 0:
                failures.append(f"{command}: wrote no screenshot")
            keep = os.environ.get("SALESIM_PSEUDO_SHOT")
            if keep and os.path.exists(shot):
                shutil.copyfile(shot, keep)
        else:
            print("xvfb-run is not installed: the window part is skipped")
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
