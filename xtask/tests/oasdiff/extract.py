#!/usr/bin/env python3
"""Builds the oasdiff conformance corpus (manifest.json and data/) from a clone of oasdiff.

Run by hand, not in CI:  python3 xtask/tests/oasdiff/extract.py GIT_DIR [COMMIT]
GIT_DIR is a (bare) clone of github.com/oasdiff/oasdiff. Every Go test of checker/*_test.go
that loads two different files under data/ and does not edit them in code becomes a case:
the pair, the checks it enables, the level it reports from, and the rule ids (with levels)
its assertions name. Only OpenAPI 3.0/3.1 documents are kept; the files a case names (and
the files they `$ref`) are copied into data/ with their paths below oasdiff's data/.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = {"ERR": "breaking", "WARN": "warning", "INFO": "info"}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          text=True).stdout


def rule_table(repo, commit):
    """Go constant -> id, and id -> (level, check, direction, area, kind) from rules.go."""
    names = {}
    for path in git(repo, "ls-tree", "--name-only", commit, "checker/").split():
        if path.endswith(".go") and not path.endswith("_test.go"):
            text = git(repo, "show", f"{commit}:{path}")
            for const, value in re.findall(r'\b(\w+Id)\s*=\s*"([a-z0-9-]+)"', text):
                names[const] = value
    rules = {}
    text = git(repo, "show", f"{commit}:checker/rules.go")
    for args in re.findall(r"newBackwardCompatibilityRule\(([^)]*)\)", text):
        parts = [a.strip() for a in args.split(",")]
        if len(parts) < 6 or parts[0] not in names:
            continue
        rules[names[parts[0]]] = {
            "level": LEVELS.get(parts[1]),
            "check": parts[2],
            "direction": parts[3].removeprefix("Direction"),
            "area": parts[4].removeprefix("Area"),
            "kind": parts[5].removeprefix("Kind"),
        }
    return names, rules


HELPERS = {
    "deprecationFile": "deprecation",
    "paramDeprecationFile": "param-deprecation",
    "requiredPropertyFile": "required-properties",
    "stabilityFile": "stability",
}


def loads(body):
    """The files the test loads, in order of appearance."""
    found = []
    pattern = (r'open\(\s*"\.\./data/([^"]+)"|open\(\s*(\w+)\("([^"]+)"\)'
               r'|NewSource\(\s*"\.\./data/([^"]+)"\s*\)\s*\)|\bl\(t,\s*(\d+)')
    for m in re.finditer(pattern, body):
        if m.group(1):
            found.append(m.group(1))
        elif m.group(2) in HELPERS:
            found.append(f"{HELPERS[m.group(2)]}/{m.group(3)}")
        elif m.group(4):
            # `load.NewSpecInfo(loader, load.NewSource(...))`; the expectation's own
            # `Source: load.NewSource(...)` is not followed by a second `)`.
            found.append(m.group(4))
        elif m.group(5):
            found.append(f"openapi-test{m.group(5)}.yaml")
    pair = re.search(r"\bd\(t,\s*[^,]+,\s*(\d+),\s*(\d+)", body)
    if pair:
        found += [f"openapi-test{pair.group(1)}.yaml", f"openapi-test{pair.group(2)}.yaml"]
    return found


def expectations(body, names, rules):
    """(id, level) pairs the assertions name; levels from the assertion, else rules.go."""
    expected = []
    for block in re.finditer(r"ApiChange\{(.*?)\n\s*\}", body, re.S):
        ident = re.search(r"Id:\s*checker\.(\w+Id)\b", block.group(1))
        level = re.search(r"Level:\s*checker\.(ERR|WARN|INFO)\b", block.group(1))
        if ident and ident.group(1) in names:
            rule_id = names[ident.group(1)]
            default = rules.get(rule_id, {}).get("level")
            expected.append((rule_id, LEVELS[level.group(1)] if level else default))
    rest = re.sub(r"ApiChange\{(.*?)\n\s*\}", "", body, flags=re.S)
    for line in rest.splitlines():
        if re.search(r"\bNot(Contains|Equal)\b|require\.False|!=", line):
            continue
        for const in re.findall(r"checker\.(\w+Id)\b", line):
            if const in names:
                rule_id = names[const]
                expected.append((rule_id, rules.get(rule_id, {}).get("level")))
        for rule_id in re.findall(r'"([a-z0-9-]+)"', line):
            if rule_id in rules:
                expected.append((rule_id, rules[rule_id]["level"]))
    override = re.search(r"require\.Equal\(t,\s*checker\.(ERR|WARN|INFO),\s*errs\[0\]", body)
    if override and len({e[0] for e in expected}) == 1:
        expected = [(expected[0][0], LEVELS[override.group(1)])]
    unique = []
    for e in expected:
        if e not in unique and e[1] is not None:
            unique.append(e)
    return unique


def assignments(body):
    """Variable -> file for `s1, err := open(...)` and the like."""
    out = {}
    for m in re.finditer(r"(\w+)(?:,\s*err)?\s*:?=\s*(.*)", body):
        found = loads(m.group(2).split("\n")[0])
        if len(found) == 1:
            out[m.group(1)] = found[0]
    return out


def segments(body):
    """(pair of files, the text of the test that judges them) for each diff the test runs:
    a test that diffs twice (both directions) gives two cases."""
    calls = list(re.finditer(r"diff\.Get\w*\([^,()]+(?:\([^()]*\))?,\s*(\w+),\s*(\w+)\)", body))
    if len(calls) < 2:
        return [(loads(body), body)]
    files = assignments(body)
    out = []
    for i, call in enumerate(calls):
        end = calls[i + 1].start() if i + 1 < len(calls) else len(body)
        pair = [files.get(call.group(1)), files.get(call.group(2))]
        if None in pair:
            return []
        out.append((pair, body[call.start():end]))
    return out


def make_case(name, test_file, found, body, names, rules):
    until = re.search(r"CheckBackwardCompatibilityUntilLevel\([^;\n]*checker\.(ERR|WARN|INFO)\)", body)
    level = LEVELS[until.group(1)] if until else "warning"
    checks = re.findall(r"singleCheckConfig\(([^)]*)\)", body)
    checks = [c.strip().removeprefix("checker.") for cs in checks for c in cs.split(",")]
    checks = [c for c in checks if re.fullmatch(r"\w+Check", c)]
    expected = expectations(body, names, rules)
    quiet = re.search(r"require\.Empty\(t, errs\)", body)
    if not expected and not (checks and quiet):
        return None  # nothing to hold the review to
    return {
        "name": name,
        "test": test_file,
        "base": found[0],
        "revision": found[1],
        "checks": checks,
        "from_level": level,
        "expected": [{"id": i, "level": lv} for i, lv in expected],
    }


def version(text):
    m = re.search(r'^\s*"?openapi"?\s*:\s*["\']?(3\.[01])\.\d+', text, re.M)
    return m.group(1) if m else None


def external_refs(path, text):
    """Files a document `$ref`s, as paths below data/."""
    out = []
    for ref in re.findall(r'\$ref"?\s*:\s*["\']?([^"\'#\s]+\.(?:ya?ml|json))', text):
        if "://" not in ref:
            out.append(os.path.normpath(os.path.join(os.path.dirname(path), ref)))
    return out


def main():
    repo = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else git(repo, "rev-parse", "HEAD").strip()
    names, rules = rule_table(repo, commit)
    cache = {}

    def read(path):
        if path not in cache:
            try:
                cache[path] = git(repo, "show", f"{commit}:data/{path}")
            except subprocess.CalledProcessError:
                cache[path] = None
        return cache[path]

    cases, files = [], set()
    tests = [p for p in git(repo, "ls-tree", "--name-only", commit, "checker/").split()
             if p.endswith("_test.go")]
    for test_file in sorted(tests):
        text = git(repo, "show", f"{commit}:{test_file}")
        for m in re.finditer(r"^func (Test\w+)\(t \*testing\.T\) \{\n(.*?)^\}", text, re.M | re.S):
            name, body = m.group(1), m.group(2)
            if re.search(r"\b(s1|s2|base|revision)\.Spec\b", body) or "t.Run(" in body:
                continue  # edits the documents in code, or a table of sub-cases
            for n, (found, part) in enumerate(segments(body)):
                if len(found) != 2 or found[0] == found[1]:
                    continue
                texts = [read(p) for p in found]
                if any(t is None or version(t) is None for t in texts):
                    continue
                label = name if n == 0 else f"{name}#{n + 1}"
                case = make_case(label, test_file, found, part, names, rules)
                if case is None:
                    continue
                cases.append(case)
                pending = list(found)
                while pending:
                    path = pending.pop()
                    if path in files or read(path) is None:
                        continue
                    files.add(path)
                    pending += external_refs(path, read(path))
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "LICENSE"), "w") as f:
        f.write(git(repo, "show", f"{commit}:LICENSE"))
    for path in sorted(files):
        target = os.path.join(data, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as f:
            f.write(read(path))
    # The rules the cases name or run (a quiet case's checks), with oasdiff's classification.
    named = {e["id"] for c in cases for e in c["expected"]}
    named |= {i for c in cases for i, r in rules.items() if r["check"] in c["checks"]}
    manifest = {
        "oasdiff_commit": git(repo, "rev-parse", commit).strip(),
        "rules": {i: rules[i] for i in sorted(named) if i in rules},
        "cases": cases,
    }
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    with_ids = sum(1 for c in cases if c["expected"])
    print(f"{len(cases)} cases ({with_ids} with expected ids), {len(files)} files")


if __name__ == "__main__":
    main()
