"""Every dependency is pinned by name and version as its registry serves it, so a new machine can install it.

A lock line such as ``pkg @ file:///tmp/x.whl`` installs only on the machine that wrote it; CI on that same
machine cannot see the mistake, so this test does.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!-]+$")


def _lock_lines() -> list[str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else "" for line in lines]


def test_lock_pins_every_package_by_name_and_version():
    bad = [line for line in _lock_lines() if line and not PINNED.match(line)]
    assert not bad, f"requirements.lock lines not of the form name==version: {bad}"


def test_no_build_file_names_a_local_path():
    files = ["requirements.lock", "pyproject.toml", "Makefile", "frontend/package.json",
             "frontend/package-lock.json", "frontend/build.sh", ".ci/run"]
    offenders = []
    for name in files:
        path = ROOT / name
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "file://" in line.lower() or re.search(r"@\s*(/|\./|\.\./)", line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "local paths in build files:\n" + "\n".join(offenders)


def test_pyproject_dependencies_are_exact_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        deps.extend(extra)
    loose = [dep for dep in deps if not PINNED.match(dep.replace(" ", ""))]
    assert not loose, f"pyproject dependencies not pinned with ==: {loose}"


def test_pyproject_dependencies_agree_with_the_lock():
    lock = {}
    for line in _lock_lines():
        if line:
            name, version = line.split("==")
            lock[re.sub(r"[-_.]+", "-", name).lower()] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"]) + [d for extra in project.get("optional-dependencies", {}).values()
                                            for d in extra]
    mismatched = []
    for dep in deps:
        name, version = dep.split("==")
        key = re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name)).lower()
        if lock.get(key) != version:
            mismatched.append(f"{dep} (lock: {lock.get(key)})")
    assert not mismatched, f"pyproject and requirements.lock disagree: {mismatched}"


def test_npm_lock_resolves_from_the_registry_only():
    lock_path = ROOT / "frontend" / "package-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for name, entry in lock.get("packages", {}).items():
        resolved = entry.get("resolved")
        if resolved:
            assert resolved.startswith("https://"), f"{name} resolves to {resolved}"
