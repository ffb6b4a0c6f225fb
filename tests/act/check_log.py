"""Checks what nektos/act acted on in tests/act/run.sh's run (its --json log on stdin).

act reports each workflow command it read from a step's output as a log entry with a `command`
field and the `raw` line (`ignored` for one seen while commands are stopped); entries without
`raw` (`set-output`, `add-path`, `summary`) come from the runner files GITHUB_OUTPUT, GITHUB_PATH
and GITHUB_STEP_SUMMARY, not from the log. The run passes when the only commands acted
on are the action's own: the install step's output, the annotations (which carry `file=`), the
stop-commands fences and their resumes; and when nothing from the answers files was acted on.
"""

import json
import sys

entries = [json.loads(line) for line in sys.stdin if line.startswith("{")]
problems = []
commands = [e for e in entries if "command" in e and "raw" in e]
stops = [e["arg"] for e in commands if e["command"] == "stop-commands"]
resumed = [e["command"] for e in commands if e["command"] in stops]
acted = [
    e
    for e in commands
    if e["command"] not in ("stop-commands", "ignored") and e["command"] not in stops
]

if len(stops) < 2:
    problems.append(f"expected the human text fenced by stop-commands, saw {stops}")
if sorted(stops) != sorted(resumed):
    problems.append(f"fences {stops} were not all resumed: {resumed}")
for e in acted:
    kv = e.get("kvPairs") or {}
    if e["command"] in ("error", "warning") and kv.get("file") in (
        "llmops-maturity.yaml",
        "invalid.yaml",
    ):
        continue
    problems.append(f"acted on a command the action did not mean: {e.get('raw', e)!r}")
names = {(e["command"], (e.get("kvPairs") or {}).get("file")) for e in acted}
for wanted in [("warning", "llmops-maturity.yaml"), ("error", "invalid.yaml")]:
    if wanted not in names:
        problems.append(f"the intended annotation {wanted} was not acted on: {sorted(names)}")
text = "".join(e.get("msg", "") for e in entries if e.get("raw_output"))
for shown in [
    r"team Support\n::error::X · owners a\n::add-mask::Managed, b\r::stop-commands::forged",
    "level 3 · Managed",
    r"unknown key `k\n::error::X`",
]:
    if shown not in text:
        problems.append(f"the log does not show {shown!r}")
if not any(e.get("jobResult") == "success" for e in entries):
    problems.append("the job did not succeed")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"act: {len(acted)} intended commands acted on, {len(stops)} fenced stretches, nothing else")
