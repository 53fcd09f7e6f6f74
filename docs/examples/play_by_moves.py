#!/usr/bin/env python3
"""Plays a scenario by moves, one decision at a time, reading the decision at hand from
`salesim play --json`: the kind of script a trainer writes to try a line of play.

Usage: play_by_moves.py [SALESIM] [SCENARIO]     (defaults: salesim, tutorial-first-sale)
"""
import json
import subprocess
import sys

SALESIM = sys.argv[1] if len(sys.argv) > 1 else "salesim"
SCENARIO = sys.argv[2] if len(sys.argv) > 2 else "tutorial-first-sale"
# The moves this line of play prefers, in order; where none is offered, the first option.
PREFERRED = ["anna-virtanen", "research_personality", "appointment_request", "greet_properly",
             "repeat_contact", "rapport", "needs_question", "fab", "assess_cues", "question",
             "compensation", "benefit", "confirm_delivery", "ask_for_referral"]


def play(moves):
    """The result record after playing `moves` from the start (--no-record: only trying)."""
    run = subprocess.run([SALESIM, "play", SCENARIO, "--moves", ",".join(moves), "--json",
                          "--no-record"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stderr)
    return json.loads(run.stdout)


moves = []
result = play(moves)
while "decision" in result:  # only an unfinished session has a decision at hand
    decision = result["decision"]
    # An option is named by its move; a lead (prospecting) by its id, its "ref".
    names = [option.get("ref", option["move"]) for option in decision["options"]]
    pick = next((move for move in PREFERRED if move in names), names[0])
    still_open = [o["id"] + (" (blocking)" if o["blocking"] else "")
                  for o in decision["open_objections"]]
    print(f'{decision["index"]:2}  {decision["stage"]:13} {pick:22} open: {", ".join(still_open) or "-"}')
    moves.append(pick)
    result = play(moves)

print(f'{result["outcome"]}, {result["score"]["overall"]}/100: salesim play {SCENARIO} --moves {",".join(moves)}')
