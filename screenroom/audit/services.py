import json
from typing import Any

from django.contrib.auth.models import User

from screenroom.audit.models import AuditEntry
from screenroom.core.tokens import sha256_hex


def audit_record(
    *,
    organization_id: int,
    action: str,
    application: Any = None,
    job_id: int | None = None,
    stage_id: int | None = None,
    actor: User | None = None,
    engine: str = "",
    inputs: Any = None,
    output: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    input_hash = sha256_hex(json.dumps(inputs, sort_keys=True, default=str)) if inputs is not None else ""
    return AuditEntry.objects.create(
        organization_id=organization_id,
        application=application,
        job_id=job_id,
        stage_id=stage_id,
        actor=actor,
        automated=actor is None,
        action=action,
        engine=engine,
        input_sha256=input_hash,
        output=output or {},
        reason=reason,
    )
