from .membership import Membership

__all__ = ["Membership"]
from .surveys import (  # noqa: E402
    Answer,
    Question,
    QuestionOption,
    Response,
    Survey,
)

__all__ += ["Answer", "Question", "QuestionOption", "Response", "Survey"]
