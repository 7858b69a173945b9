"""`rostering solve` onto a full disk, a read-only mount, or an --out that is a file: a clear message,
exit 2, and the previous roster untouched.

The full disk and the read-only mount are real: a tiny tmpfs mounted inside a user + mount namespace
(`unshare -rm`, no root needed). Where namespaces are not allowed (some containers), those two skip;
the same paths are covered by monkeypatched tests in tests/test_atomic.py.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli.app import app
from rostering.io.bundle import write_bundle
from tests.io.malformed.generate import small_base

pytestmark = pytest.mark.slow
runner = CliRunner()


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(not _namespaces_work(), reason="user/mount namespaces not available")


@pytest.fixture(scope="module")
def bundle_and_roster(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("disk")
    write_bundle(small_base("north-berwick"), root / "bundle")
    result = runner.invoke(
        app, ["solve", str(root / "bundle"), "--out", str(root / "roster"), "--work-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    return root / "bundle", root / "roster"


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in sorted(folder.iterdir())}


def solve_on_tmpfs(
    tmp_path: Path, bundle: Path, roster: Path, prepare: str
) -> tuple[int, str, dict[str, str], str]:
    """Mount a 256 KB tmpfs, put the previous roster on it, run `prepare`, then solve into it.

    Returns the exit code, stderr, the roster's file digests and the mount's listing afterwards.
    """
    mount = tmp_path / "mnt"
    mount.mkdir()
    solve = (
        f"{sys.executable} -c 'from rostering.cli import main; main()' solve {bundle} --out {mount}/roster"
    )
    script = f"""
        set -u
        mount -t tmpfs -o size=256k tmpfs {mount}
        cp -r {roster} {mount}/roster
        {prepare}
        {solve} --work-limit 2 > /dev/null 2> {tmp_path}/stderr
        echo "rc=$?"
        ls -A {mount} | tr '\\n' ' '; echo
        cd {mount}/roster && sha256sum * | cut -c1-16,65-
    """
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    code = int(lines[0].removeprefix("rc="))
    found = {name.strip(): digest for digest, name in (line.split("  ", 1) for line in lines[2:])}
    return code, (tmp_path / "stderr").read_text(), found, lines[1].strip()


@needs_namespaces
def test_a_full_disk_exits_2_and_keeps_the_previous_roster(
    bundle_and_roster: tuple[Path, Path], tmp_path: Path
) -> None:
    bundle, roster = bundle_and_roster
    fill = f"head -c 10000000 /dev/zero > {tmp_path}/mnt/filler 2>/dev/null || true"
    code, err, found, listing = solve_on_tmpfs(tmp_path, bundle, roster, fill)
    assert code == 2, err
    assert "No space left on device" in err and "left as they were" in err
    assert "Traceback" not in err
    assert found == digests(roster)
    assert listing == "filler roster"  # no staging folder, no lock file


@needs_namespaces
def test_a_read_only_mount_exits_2_before_solving(
    bundle_and_roster: tuple[Path, Path], tmp_path: Path
) -> None:
    bundle, roster = bundle_and_roster
    code, err, found, listing = solve_on_tmpfs(
        tmp_path, bundle, roster, f"mount -o remount,ro {tmp_path}/mnt"
    )
    assert code == 2, err
    assert "Read-only file system" in err
    assert "visits" not in err  # refused before the bundle was even solved
    assert found == digests(roster)
    assert listing == "roster"


def test_out_naming_an_existing_file_exits_2(bundle_and_roster: tuple[Path, Path], tmp_path: Path) -> None:
    bundle, _ = bundle_and_roster
    target = tmp_path / "roster.csv"
    target.write_text("someone's file\n")
    result = runner.invoke(app, ["solve", str(bundle), "--out", str(target), "--work-limit", "2"])
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.output
    assert target.read_text() == "someone's file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]
