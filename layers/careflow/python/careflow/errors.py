"""Named failures. Step Functions matches Retry/Catch on these class names; messages carry no PHI."""


class CareflowError(Exception):
    """Base class; the message must be safe to log (ids and reasons, never mail content)."""


class TransientError(CareflowError):
    """A dependency failed in a way worth retrying (throttling, timeouts)."""


class Quarantine(CareflowError):
    """The mail cannot be processed safely; it is kept in quarantine with this reason."""


class NotAnEmail(Quarantine):
    """The bytes are not an RFC 5322 message."""


class LimitExceeded(Quarantine):
    """The mail breaks one of intake's hard limits; the message names the limit."""


class EnquiryNotFound(CareflowError):
    pass


class ConcurrentUpdate(TransientError):
    """Someone else changed the item first; the step is safe to retry."""


class RuleError(CareflowError):
    """A rule file failed validation; the message names the file, line and reason."""


class SalesforceError(CareflowError):
    pass
