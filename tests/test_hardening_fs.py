"""No writes or reads outside the project through symlinks or includes; a cache that cannot go stale."""

from __future__ import annotations

import json
import os
import time

from conftest import LEGACY_KEY
from klint.cache import entry_key

KEY_LINE = f'A = "{LEGACY_KEY}"\n'


def test_cachedir_tag_symlink_never_creates_its_target(project, klint, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (project / ".klint_cache").mkdir()
    os.symlink(outside / "planted", project / ".klint_cache" / "CACHEDIR.TAG")
    os.symlink(outside / "planted-dir", project / ".klint_cache" / "0.1.0")
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    assert klint(cwd=project).code == 1
    assert list(outside.iterdir()) == []


def test_cache_folder_that_is_a_link_or_a_file_is_refused(project, klint, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    os.symlink(outside, project / ".klint_cache")
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    linked = klint(cwd=project)
    assert linked.code == 1
    assert "klint: .klint_cache: note: the cache folder is a symlink; running without a cache [cache]" in linked.err
    assert list(outside.iterdir()) == []
    os.unlink(project / ".klint_cache")
    (project / ".klint_cache").write_text(KEY_LINE, encoding="utf-8")  # a plain file: not source
    plain = klint(cwd=project)
    assert "klint: .klint_cache: note: the cache folder is not a folder; running without a cache [cache]" in plain.err
    assert [line.split(":")[0] for line in plain.out.splitlines()[:-1]] == ["a.py"]
    named = klint("--cache-dir", str(outside / "c"), cwd=project)  # named: used where it is
    assert named.code == 1 and "[cache]" not in named.err and list((outside / "c").iterdir())


def test_same_size_edit_with_restored_mtime_is_not_served_from_cache(project, klint):
    source = project / "a.py"
    source.write_text('A = "pk_not_a_key_000000000000000000000000"\n', encoding="utf-8")
    assert klint(cwd=project).code == 0
    [cache_file] = (project / ".klint_cache").rglob("*.json")
    entry = json.loads(cache_file.read_text(encoding="utf-8"))["files"][entry_key("a.py")]
    assert entry["stamp"] is None  # written within the timestamp granularity: racily clean
    old = source.stat()
    past = time.time_ns() - 10 * 10**9
    os.utime(source, ns=(past, past))
    assert klint(cwd=project).code == 0  # now recorded with a stamp
    stamped = source.stat()
    source.write_text(KEY_LINE, encoding="utf-8")  # same size, then the old mtime put back
    assert source.stat().st_size == old.st_size
    os.utime(source, ns=(stamped.st_atime_ns, stamped.st_mtime_ns))
    result = klint(cwd=project)
    assert result.code == 1 and "KL001" in result.out


def test_malformed_caches_are_ignored(project, klint):
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    assert klint(cwd=project).code == 1
    [cache_file] = (project / ".klint_cache").rglob("*.json")
    for damage in ('{"format": 2, "files": []}', "[" * 100_000, '{"format": 2, "files": {"x": 5}}'):
        cache_file.write_text(damage, encoding="utf-8")
        for _ in range(2):
            result = klint(cwd=project)
            assert (result.code, result.err) == (1, "")


def test_requirement_includes_stay_inside_the_project(project, klint, tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret")
    (secret / ".env").write_text(f"klaviyo-api>=1\n{LEGACY_KEY}\n", encoding="utf-8")
    (project / "real.txt").write_text("klaviyo-api>=1\n", encoding="utf-8")
    os.symlink(project / "real.txt", project / "link.txt")
    os.mkfifo(project / "pipe.txt")
    (project / "requirements.txt").write_text(
        f"-r {secret}/.env\n-r ../{secret.name}/.env\n-r /etc/passwd\n-c /proc/self/environ\n"
        "-r link.txt\n-r pipe.txt\n-r real.txt\n", encoding="utf-8")
    result = klint(cwd=project)
    assert result.code == 1
    assert LEGACY_KEY[:7] not in result.out
    notes = [line for line in result.err.splitlines() if "[include]" in line]
    assert notes == sorted([
        f"klint: requirements.txt: note: included file {secret}/.env: outside the project; not read [include]",
        f"klint: requirements.txt: note: included file ../{secret.name}/.env: outside the project; not read [include]",
        "klint: requirements.txt: note: included file /etc/passwd: outside the project; not read [include]",
        "klint: requirements.txt: note: included file /proc/self/environ: outside the project; not read [include]",
        "klint: requirements.txt: note: included file link.txt: a symlink; not read [include]",
        "klint: requirements.txt: note: included file pipe.txt: not a regular file; not read [include]",
    ])
    assert "real.txt:1:1: KL008" in result.out


def test_huge_include_is_not_read(project, klint):
    with open(project / "huge.txt", "wb") as stream:
        stream.truncate(2**30)  # sparse: 1 GiB that takes no disk
    (project / "requirements.txt").write_text("-r huge.txt\nklaviyo-api==25.0.0\n", encoding="utf-8")
    started = time.monotonic()
    result = klint("--no-cache", cwd=project)
    assert time.monotonic() - started < 10
    assert result.code == 0
    assert "klint: huge.txt: note: skipped: 1024.0 MiB is over the 10 MiB limit [too-large]" in result.err


def test_named_fifo_and_devices_get_a_note(project, klint):
    os.mkfifo(project / "pipe")
    alone = klint("pipe", "/dev/zero", cwd=project)
    assert alone.code == 2
    zero, pipe = alone.err.splitlines()
    assert zero.endswith("dev/zero: note: skipped: a character device, not a regular file [not-a-file]")
    assert pipe == "klint: pipe: note: skipped: a named pipe, not a regular file [not-a-file]"
    (project / "a.py").write_text("x = 1\n", encoding="utf-8")
    assert klint("pipe", "a.py", cwd=project).code == 0
