"""Every writer of audit entries moves the data version the cached pages are keyed on."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# Writing audit entries other than through ``audit.audit_record`` (which moves the version).
BULK_AUDIT = re.compile(
    r"AuditEntry\.objects\.(?:create|bulk_create)\(|fastwrite\.insert\(AuditEntry\b|model=AuditEntry\b"
)


def test_modules_that_write_audit_entries_in_bulk_also_move_the_data_version() -> None:
    package = Path(settings.PACKAGE_DIR)
    writers = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "bench" not in path.parts and BULK_AUDIT.search(path.read_text())
    }
    assert writers, "the pattern no longer finds the bulk writers"
    silent = {name for name in writers if "datacache.advance" not in (package / name).read_text()}
    assert silent == set()
