"""constraints.txt pins every package the project asks for, so that `make` and the Dockerfile
install on a fresh machine what the suite last passed with."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pairs = [line.split("==") for line in lines if line and not line.startswith("#")]
    assert all(len(pair) == 2 for pair in pairs), "every line is name==version or a comment"
    return {normalized(name): version for name, version in pairs}


def requirement_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
    ]
    return {normalized(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in requirements}


def test_every_requirement_of_the_project_is_pinned():
    assert sorted(requirement_names() - pins().keys()) == []


def test_the_pins_are_what_this_environment_runs():
    """Run where `make test` installed with the constraints: each installed package of the
    project's requirements has the pinned version (an upgrade edits constraints.txt)."""
    pinned, installed = pins(), {}
    for name in requirement_names():
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # an extra this environment did not install
            continue
    assert installed == {name: pinned[name] for name in installed}
