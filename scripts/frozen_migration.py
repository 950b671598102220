"""Writing a generated migration without changing one that databases have already applied.

A migration's text is recorded by checksum when it runs, and a changed applied migration is refused at start-up
(Sources/Migrations). So a generator may write its migration when the file is new or would come out the same;
when the source has changed since, the change belongs in a new, higher-numbered migration (as 0013 corrects a row
of 0008), and the tests compare the migrated database with the source (Tests/MigrationsTests/DataModelTests).
`--force` overwrites anyway, for a migration no database has applied yet.
"""
import pathlib
import sys


def write(path: pathlib.Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") != text and "--force" not in sys.argv[1:]:
        sys.exit(f"{path.name} would change, but it is a migration databases have applied (its checksum is recorded). "
                 "Write the change as a new migration instead; DataModelTests checks that the migrated data equals the "
                 "source. (--force overwrites, for a migration never applied anywhere.)")
    path.write_text(text, encoding="utf-8")
