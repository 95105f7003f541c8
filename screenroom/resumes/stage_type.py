"""The Resume stage: the candidate uploads a resume (or confirms the one on file); it is screened at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screenroom.resumes.config import ResumeConfig, upload_limits
from screenroom.resumes.engine import ResumeReadError
from screenroom.stages.registry import CandidateNotice, Evaluation, StageType, Submission

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from screenroom.candidates.models import Application
    from screenroom.jobs.models import Stage

ACCEPT = (
    ".pdf,.docx,.txt,.rtf,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,application/rtf"
)


class ResumeStageType(StageType):
    key = "resume"
    label = "Resume"
    description = (
        "The candidate uploads a resume (PDF, Word, RTF or text); it is read and screened against required "
        "qualifications at once. Hidden text is flagged for a person."
    )
    config_model = ResumeConfig
    candidate_template = "stages/resume/candidate.html"
    builder_template = "stages/resume/builder.html"
    report_template = "stages/resume/report.html"

    def candidate_notice(self, stage: Stage) -> CandidateNotice:
        # Screening is fixed rules over the visible text (no AI model), so the notice must not claim AI.
        return CandidateNotice(
            evaluates=(
                "Your resume. We read your contact details, experience, education and skills from it and "
                "check them against this job's requirements with fixed rules; no AI model reads it. Text "
                "hidden in the file is shown to a person, never used against you on its own."
            ),
            uses_ai=False,
            can_disqualify=stage.enforce_criteria,
        )

    def candidate_context(self, stage: Stage, application: Application) -> dict[str, Any]:
        from screenroom.resumes.selectors import resume_on_file

        limits = upload_limits()
        return {
            "resume_config": self.config(stage),
            "resume_on_file": resume_on_file(application=application),
            "resume_max_mb": limits.max_bytes // (1024 * 1024),
            "resume_max_pages": limits.max_pages,
            "resume_accept": ACCEPT,
        }

    def parse_submission(
        self,
        stage: Stage,
        application: Application,
        data: QueryDict,
        files: MultiValueDict[str, UploadedFile],
    ) -> Submission:
        from screenroom.resumes.models import ResumeSource
        from screenroom.resumes.selectors import resume_on_file
        from screenroom.resumes.services import resume_create

        upload = files.get("resume")
        if upload is not None:
            limit = upload_limits().max_bytes
            if upload.size is None or upload.size > limit:
                return _error(
                    f"The file is larger than {limit // (1024 * 1024)} MB. Please upload a smaller one."
                )
            try:
                resume = resume_create(
                    organization_id=application.organization_id,
                    data=upload.read(),
                    filename=upload.name or "resume",
                    source=ResumeSource.CANDIDATE,
                    application=application,
                )
            except ResumeReadError as exc:
                return _error(exc.message)
        elif data.get("use_on_file") == "1" and (on_file := resume_on_file(application=application)):
            resume = on_file
        else:
            return _error("Choose your resume file to upload.")
        return Submission(answers={"resume_id": resume.pk, "file_name": resume.original_name}, errors={})

    def evaluate(self, stage: Stage, answers: dict[str, Any]) -> Evaluation:
        from screenroom.resumes.models import Resume
        from screenroom.resumes.screening import evaluate_resume

        resume = Resume.objects.get(pk=answers["resume_id"])
        return evaluate_resume(resume, self.config(stage))


def _error(message: str) -> Submission:
    return Submission(answers={}, errors={"resume": message})
