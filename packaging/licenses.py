#!/usr/bin/env python3
"""Third-party licences of what one binary links, generated from Cargo's own metadata.

    python3 packaging/licenses.py [--target TRIPLE] [--summary] > THIRD-PARTY-LICENSES.txt

Walks the normal (not dev, not build) dependency graph of the `jupas-reset` package for the
given target, and writes every crate's name, version and licence expression, followed by the
licence texts the crates ship (LICENSE*, COPYING*, NOTICE*, UNLICENSE), identical texts once.
`--summary` writes only the list (name, version, licence): the About view embeds that.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT_PACKAGE = "jupas-reset"
TEXT_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def metadata(target):
    command = ["cargo", "metadata", "--format-version", "1", "--locked", "--offline"]
    if target:
        command += ["--filter-platform", target]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def linked_packages(meta):
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = next(p["id"] for p in meta["packages"] if p["name"] == ROOT_PACKAGE)
    seen, stack = set(), [root]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for dep in nodes[current]["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    workspace = set(meta["workspace_members"])
    chosen = [packages[i] for i in seen if i not in workspace]
    return sorted(chosen, key=lambda p: (p["name"], p["version"]))


def licence_texts(package):
    folder = os.path.dirname(package["manifest_path"])
    texts = []
    if package.get("license_file"):
        candidates = [os.path.join(folder, package["license_file"])]
    else:
        candidates = [
            os.path.join(folder, name)
            for name in sorted(os.listdir(folder))
            if name.lower().startswith(TEXT_PREFIXES)
        ]
    for path in candidates:
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append((os.path.basename(path), f.read().strip()))
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target")
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args()
    packages = linked_packages(metadata(args.target))
    out = sys.stdout
    for p in packages:
        out.write(f"{p['name']} {p['version']}\t{p.get('license') or 'see text'}\n")
    if args.summary:
        return
    out.write("\n" + "=" * 78 + "\n")
    by_text = {}
    for p in packages:
        for name, text in licence_texts(p):
            by_text.setdefault(text, []).append(f"{p['name']} {p['version']} ({name})")
    for text, users in sorted(by_text.items(), key=lambda item: item[1][0]):
        out.write("\nUsed by: " + ", ".join(users) + "\n\n" + text + "\n\n" + "-" * 78 + "\n")


if __name__ == "__main__":
    main()
