import os
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from shared.auth import AuthSettings, decode_token

REPOSITORY = Path(__file__).resolve().parents[3]
TEST_KEY = "cli-test-signing-key-for-unit-tests-only-0123456789"


def run_cli(*args, **extra_env):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AUTH_") and name != "REGIE_ENV"
    }
    env |= {"AUTH_SIGNING_KEY": TEST_KEY, **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "shared.auth", *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_mint_prints_a_token_for_the_given_role_and_municipality():
    """The printed token, signed with the key from the environment, carries role and gemeente."""
    result = run_cli("mint", "--role", "intake", "--gemeente", "0518")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    token = result.stdout.strip()
    principal = decode_token(AuthSettings(signing_key=SecretStr(TEST_KEY)), token)
    assert principal.roles == {"intake"}
    assert principal.gemeentecode == "0518"
    assert principal.subject == "dev-intake"


def test_mint_makes_a_token_for_a_young_person_naming_their_youth_id():
    """--role jongere --youth-id: the young person's dev token (issue 23); without it, refused."""
    youth_id = "7d0f8a52-2a4e-4c55-9d7e-2f1c8b1e6a11"
    result = run_cli("mint", "--role", "jongere", "--gemeente", "0518", "--youth-id", youth_id)

    assert result.returncode == 0, result.stderr
    principal = decode_token(AuthSettings(signing_key=SecretStr(TEST_KEY)), result.stdout.strip())
    assert principal.roles == {"jongere"}
    assert principal.youth_id == youth_id
    refused = run_cli("mint", "--role", "jongere", "--gemeente", "0518")
    assert refused.returncode != 0
    assert "youth_id" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_mint_makes_a_programme_monitors_token_naming_its_programme():
    """--role programmamonitor --programma: the monitor's dev token (issue 22); without, refused."""
    monitor = ("--role", "programmamonitor", "--gemeente", "0518")
    result = run_cli("mint", *monitor, "--programma", "dtj")

    assert result.returncode == 0, result.stderr
    principal = decode_token(AuthSettings(signing_key=SecretStr(TEST_KEY)), result.stdout.strip())
    assert (principal.roles, principal.programma) == ({"programmamonitor"}, "dtj")
    refused = run_cli("mint", *monitor)
    assert refused.returncode != 0
    assert "programma" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_mint_accepts_several_roles_and_a_subject():
    """Repeated --role and --sub end up in the token."""
    result = run_cli(
        "mint", "--role", "coach", "--role", "regisseur", "--gemeente", "0363", "--sub", "mw-42"
    )

    assert result.returncode == 0, result.stderr
    principal = decode_token(AuthSettings(signing_key=SecretStr(TEST_KEY)), result.stdout.strip())
    assert principal.roles == {"coach", "regisseur"}
    assert principal.subject == "mw-42"


def test_mint_refuses_a_short_gemeentecode_in_one_line():
    """--gemeente 12 exits non-zero with a one-line reason and no traceback."""
    result = run_cli("mint", "--role", "intake", "--gemeente", "12")

    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "4 digits" in result.stderr


def test_mint_refuses_an_unknown_role_in_one_line():
    """An unknown role exits non-zero with one line that names the known roles."""
    result = run_cli("mint", "--role", "burgemeester", "--gemeente", "0518")

    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "schuldhulpverlener" in result.stderr


def test_mint_refuses_the_development_key_in_production():
    """In production the command refuses the built-in key with one line instead of a traceback."""
    result = run_cli(
        "mint",
        "--role",
        "intake",
        "--gemeente",
        "0518",
        REGIE_ENV="production",
        AUTH_SIGNING_KEY="",
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
