"""The README tells the truth: its two set-up commands are the Makefile's,
CI runs the same test command, and its tables match the code."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
CI_RUN = ROOT / ".ci" / "run"
SETTINGS = (ROOT / "civic" / "settings.py").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S)


def commands(block: str) -> list[str]:
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w.-]*):(?!=)", MAKEFILE, re.M))


def test_readme_set_up_is_exactly_make_run_and_make_test():
    blocks = code_blocks(section("Set up"))

    assert blocks, "the Set up section has no code block"
    assert commands(blocks[0]) == ["make run", "make test"]


def test_both_set_up_commands_are_makefile_targets():
    targets = makefile_targets()
    phony = re.search(r"^\.PHONY:(.*)$", MAKEFILE, re.M).group(1).split()

    for target in ("run", "test"):
        assert target in targets
        assert target in phony


def test_make_run_migrates_seeds_and_serves_in_debug():
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", MAKEFILE, re.M).group(1)

    assert "migrate" in recipe
    assert "seed_demo" in recipe
    assert "runserver 127.0.0.1" in recipe.replace("$(HOST)", "127.0.0.1")
    assert "DEBUG=1" in recipe


def test_make_test_runs_pytest_after_the_migration_check():
    header, recipe = re.search(r"^(test:.*)\n((?:\t.*\n)+)", MAKEFILE, re.M).groups()

    for prerequisite in ("install", "assets", "browser"):
        assert prerequisite in header.split()
    assert "makemigrations --check" in recipe
    assert "pytest" in recipe


def test_ci_runs_the_readme_test_command():
    script = CI_RUN.read_text(encoding="utf-8")
    lines = [
        line.strip() for line in script.splitlines() if not line.strip().startswith("#")
    ]

    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in lines
    assert any(re.match(r"make test( |$)", line) for line in lines)
    assert any(re.match(r"make lint( |$)", line) for line in lines)
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"


def test_ci_runs_on_postgresql_and_redis():
    script = CI_RUN.read_text(encoding="utf-8")

    assert re.search(r'DATABASE_URL="postgres://[^"]+@127\.0\.0\.1:5432/', script)
    assert re.search(r'REDIS_URL="redis://127\.0\.0\.1:6379/', script)


def settings_environment_variables() -> set[str]:
    names = set(
        re.findall(
            r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)"', SETTINGS
        )
    )
    if "dj_database_url.config(" in SETTINGS:
        names.add("DATABASE_URL")  # dj_database_url reads it
    return names


def test_configuration_table_lists_every_setting_read_from_the_environment():
    rows = [
        line for line in section("Configuration").splitlines() if line.startswith("| `")
    ]
    documented = {
        name
        for row in rows
        for name in re.findall(r"`([A-Z0-9_]+)`", row.split("|")[1])
    }
    read = settings_environment_variables()

    assert len(read) > 20
    assert read - documented == set(), "undocumented settings"
    assert documented - read == set(), (
        "documented settings that settings.py does not read"
    )


def test_readme_shows_the_screenshot():
    assert "](docs/screenshot.png)" in README
    assert (ROOT / "docs" / "screenshot.png").stat().st_size > 10_000


def test_readme_demo_logins_match_the_seed():
    from civic.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

    logins = section("Set up")
    assert f"`{DEMO_PASSWORD}`" in logins
    for account in ACCOUNTS:
        assert f"| {account.role} | {account.email} |" in logins


def test_readme_links_to_the_docs_that_exist():
    for link in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / link).exists(), link
