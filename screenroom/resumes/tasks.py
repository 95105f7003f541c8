"""Worker tasks: thin wrappers around the services."""

from django_tasks import task


@task()
def run_resume_import(import_id: int) -> int:
    from screenroom.resumes.imports import resume_import_run

    return resume_import_run(import_id=import_id).processed_files
