"""Errors that end the processing of one input, with a reason a user can act on."""


class XxgkError(Exception):
    """Base class: the message is a plain Chinese sentence for the user."""


class ReadError(XxgkError):
    """The file could not be read as a document (empty, corrupt, encrypted, too large...)."""


class NotAReportError(XxgkError):
    """The document was read but holds no annual report tables."""
