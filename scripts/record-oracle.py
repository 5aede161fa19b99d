#!/usr/bin/env python3
"""Record fixture snapshots from the Apache Velocity 1.7 oracle.

Walks fixture folders (default: fixtures/), finds every NAME.vtl and its cases
(NAME.cases.json; absent means one case "default" with {"vars": {}}), runs every
case through `../shared/oracle/velocity17 batch` in a single call, and writes
NAME@CASE.snap files as described in fixtures/README.md:

    ---
    source: oracle                 (gateway-mode cases: oracle-gateway-model)
    status: ok            (or: error)
    ---
    <exact output bytes, or the oracle's error message>

Plain-mode cases ("vars", no "event") are sent as {"id","template","vars"} and
recorded with `source: oracle` (real Velocity 1.7).

Gateway-mode cases ("event") are sent as {"id","template","event"} and recorded
with `source: oracle-gateway-model`: the oracle's $input/$util/$context/
$stageVariables are a MODEL of AWS (see ../shared/oracle/README.md), evidence
but not ground truth. A response case ("integrationResponse": {"statusCode",
"headers", "body"}) is sent with the event's "body" replaced by the
integration response's body, since the model's $input reads the event body.

A gateway case whose "note" starts with "AWS:" has its expected output set by
hand from recorded AWS behaviour (the note cites the case ids of
../shared/conformance/aws-recorded.jsonl): it is never sent to the oracle, and
its snapshot must exist with `source: aws` (an error otherwise).

Usage:
    scripts/record-oracle.py [DIR ...] [--oracle PATH] [--check]

Default mode writes only missing or changed snapshots and prints counts.
--check writes nothing and exits 1 if any snapshot differs from what the
oracle says now (the differing files are listed). Snapshots whose source is
not ours (aws, accepted) are never overwritten.
"""

import argparse
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ORACLE = os.path.join(REPO, "..", "shared", "oracle", "velocity17")
CASE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class RawNumber:
    """A JSON number kept as its literal text, so 1.0 / 1e400 / 2^70 reach the oracle unchanged."""

    def __init__(self, text):
        self.text = text


def load_json(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    return json.loads(text, parse_int=RawNumber, parse_float=RawNumber,
                      parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"{path}: {c} is not JSON")))


def dump_json(value):
    """Serialise to one line of ASCII JSON, numbers written exactly as in the source file."""
    if isinstance(value, RawNumber):
        return value.text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, list):
        return "[" + ",".join(dump_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=True) + ":" + dump_json(v)
                              for k, v in value.items()) + "}"
    raise TypeError(f"unexpected JSON value {value!r}")


def find_templates(dirs):
    found = []
    for d in dirs:
        if os.path.isfile(d) and d.endswith(".vtl"):
            found.append(os.path.abspath(d))
            continue
        if not os.path.isdir(d):
            sys.exit(f"record-oracle: no such folder: {d}")
        for root, subdirs, files in os.walk(d):
            subdirs.sort()
            for name in sorted(files):
                if name.endswith(".vtl"):
                    found.append(os.path.abspath(os.path.join(root, name)))
    return sorted(set(found))


ORACLE_SOURCES = ("oracle", "oracle-gateway-model")
AWS_NOTE = "AWS:"


def snap_bytes(source, status, body):
    head = f"---\nsource: {source}\nstatus: {status}\n---\n".encode("utf-8")
    # Java's UTF-8 encoder writes '?' for an unpaired surrogate; Python's 'replace' does the same.
    return head + body.encode("utf-8", errors="replace")


def snap_source(data):
    m = re.match(rb"---\n(.*?)\n---\n", data, re.S)
    if not m:
        return None
    for line in m.group(1).split(b"\n"):
        if line.startswith(b"source:"):
            return line[len(b"source:"):].strip().decode("utf-8", "replace")
    return None


def gateway_line(cid, template, case, cases_path, name, problems):
    """The batch line of a gateway-mode case, "aws" for a hand-recorded AWS case, or None on a problem."""
    where = f"{rel(cases_path)}: case {name!r}"
    if "vars" in case:
        problems.append(f"{where}: give either vars or event, not both")
        return None
    event = case.get("event")
    if not isinstance(event, dict):
        problems.append(f"{where}: event must be an object"
                        + (" (integrationResponse needs an event too)" if event is None else ""))
        return None
    note = case.get("note")
    if isinstance(note, str) and note.startswith(AWS_NOTE):
        return "aws"
    if "integrationResponse" in case and case["integrationResponse"] is not None:
        response = case["integrationResponse"]
        if not isinstance(response, dict):
            problems.append(f"{where}: integrationResponse must be an object")
            return None
        # The model's $input reads the event body: give it the integration response's body.
        event = dict(event)
        event["body"] = response.get("body")
    return ('{"id":' + json.dumps(cid) + ',"template":' + json.dumps(template, ensure_ascii=True)
            + ',"event":' + dump_json(event) + "}")


def rel(path):
    return os.path.relpath(path, os.getcwd())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", help="fixture folders to walk (default: fixtures/)")
    ap.add_argument("--oracle", default=DEFAULT_ORACLE, help="path to velocity17 (default: ../shared/oracle/velocity17)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if any snapshot is missing or differs")
    ap.add_argument("--timeout-ms", type=int, default=None, help="per-case oracle timeout (oracle default: 2000)")
    args = ap.parse_args()
    dirs = args.dirs or [os.path.join(REPO, "fixtures")]

    cases = []  # (id, snap_path, json_line, source)
    aws_cases = []  # (id, snap_path)
    skipped_novars = []
    problems = []
    for vtl in find_templates(dirs):
        base = vtl[:-len(".vtl")]
        with open(vtl, "rb") as f:
            raw = f.read()
        try:
            template = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{rel(vtl)}: not UTF-8 ({e})")
            continue
        cases_path = base + ".cases.json"
        if os.path.exists(cases_path):
            try:
                spec = load_json(cases_path)
            except ValueError as e:
                problems.append(f"{rel(cases_path)}: {e}")
                continue
            if not isinstance(spec, dict):
                problems.append(f"{rel(cases_path)}: must be a JSON object")
                continue
        else:
            spec = {"default": {"vars": {}}}
        for name, case in spec.items():
            if not CASE_NAME.match(name) or not isinstance(case, dict):
                problems.append(f"{rel(cases_path)}: bad case {name!r}")
                continue
            cid = f"{rel(vtl)}@{name}"
            snap = f"{base}@{name}.snap"
            if "event" in case or "integrationResponse" in case:
                line = gateway_line(cid, template, case, cases_path, name, problems)
                if line == "aws":
                    aws_cases.append((cid, snap))
                elif line is not None:
                    cases.append((cid, snap, line, "oracle-gateway-model"))
                continue
            if "vars" not in case:
                skipped_novars.append(f"{rel(vtl)}@{name}")
                continue
            if not isinstance(case["vars"], dict):
                problems.append(f"{rel(cases_path)}: case {name!r}: vars must be an object")
                continue
            line = ('{"id":' + json.dumps(cid) + ',"template":' + json.dumps(template, ensure_ascii=True)
                    + ',"vars":' + dump_json(case["vars"]) + "}")
            cases.append((cid, snap, line, "oracle"))

    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        return 2

    results = {}
    if cases:
        cmd = [args.oracle, "batch"]
        if args.timeout_ms:
            cmd += ["--timeout-ms", str(args.timeout_ms)]
        stdin = ("\n".join(c[2] for c in cases) + "\n").encode("ascii")
        proc = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE)
        if proc.returncode != 0:
            print(f"error: {' '.join(cmd)} exited with {proc.returncode}", file=sys.stderr)
            return 2
        for line in proc.stdout.decode("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                results[r["id"]] = r

    wrote = unchanged = kept = 0
    differ = []
    for cid, snap, _, source in cases:
        r = results.get(cid)
        if r is None:
            problems.append(f"{cid}: no answer from the oracle")
            continue
        if r["ok"]:
            want = snap_bytes(source, "ok", r["output"])
        elif r["error"] == "timeout":
            problems.append(f"{cid}: timed out in the oracle (make the template terminate)")
            continue
        else:
            want = snap_bytes(source, "error", r["error"])
        have = None
        if os.path.exists(snap):
            with open(snap, "rb") as f:
                have = f.read()
            src = snap_source(have)
            if src is not None and src not in ORACLE_SOURCES:
                kept += 1  # recorded against AWS or accepted by hand: not ours to replace
                continue
        if have == want:
            unchanged += 1
            continue
        differ.append(snap)
        if not args.check:
            with open(snap, "wb") as f:
                f.write(want)
            wrote += 1

    for cid, snap in aws_cases:
        have = None
        if os.path.exists(snap):
            with open(snap, "rb") as f:
                have = f.read()
        if have is None or snap_source(have) != "aws":
            problems.append(f"{cid}: the note says AWS: but {rel(snap)} is missing or not `source: aws`"
                            " (write it by hand from the recorded AWS behaviour)")
        else:
            kept += 1

    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    for s in skipped_novars:
        print(f"warning: {s}: case has neither vars nor event; skipped", file=sys.stderr)
    n_gateway = sum(1 for c in cases if c[3] == "oracle-gateway-model")
    summary = (f"{len(cases)} oracle cases ({n_gateway} in gateway mode): {unchanged} unchanged, "
               + (f"{len(differ)} missing or different" if args.check else f"{wrote} written")
               + (f", {kept} kept (source not oracle)" if kept else ""))
    if args.check and differ:
        for s in differ:
            print(f"differs: {rel(s)}")
    print(summary)
    if problems:
        return 2
    return 1 if (args.check and differ) else 0


if __name__ == "__main__":
    sys.exit(main())
