"""The tables, as SQLAlchemy 2 typed models. Rows never leave `footwork.store`.

One module per subject; importing this package maps them all onto `Base.metadata`.
"""

from __future__ import annotations

# isort: off
# In this order, the tables join `Base.metadata` in the order they always had.
from footwork.store.tables.base import NAMING, UTCDateTime, Base
from footwork.store.tables.people import Person, PersonStamp, PersonStampShard, ProgramVersion
from footwork.store.tables.sessions import (
    Session,
    SessionExercise,
    Effort,
    PainCheckin,
    PainScore,
    BalanceTest,
    ReadinessCheck,
)
from footwork.store.tables.reminders import (
    PersonSettings,
    TimezoneChange,
    SentReminder,
    AppSetting,
    PushSubscription,
)
from footwork.store.tables.accounts import Account, WebSession, LoginFailure, CalendarFeed, ApiToken
from footwork.store.tables.clinic import (
    Patient,
    Episode,
    Invite,
    ClinicExercise,
    AuditEvent,
    CareFlags,
    CareStatus,
    PatientContact,
    FlagAck,
    DigestSent,
    ProgramTemplate,
    ProgressionPlan,
    ProgressionDismissal,
    QuestionnaireAnswer,
    QuestionnaireRequest,
    Erasure,
    ErasureRequest,
    Correction,
)
from footwork.store.tables.messages import (
    Message,
    MessageRead,
    CameraBatch,
    CameraReport,
    CareQueue,
)
# isort: on

__all__ = [
    "NAMING",
    "Account",
    "ApiToken",
    "AppSetting",
    "AuditEvent",
    "BalanceTest",
    "Base",
    "CalendarFeed",
    "CameraBatch",
    "CameraReport",
    "CareFlags",
    "CareQueue",
    "CareStatus",
    "ClinicExercise",
    "Correction",
    "DigestSent",
    "Effort",
    "Episode",
    "Erasure",
    "ErasureRequest",
    "FlagAck",
    "Invite",
    "LoginFailure",
    "Message",
    "MessageRead",
    "PainCheckin",
    "PainScore",
    "Patient",
    "PatientContact",
    "Person",
    "PersonSettings",
    "PersonStamp",
    "PersonStampShard",
    "ProgramTemplate",
    "ProgramVersion",
    "ProgressionDismissal",
    "ProgressionPlan",
    "PushSubscription",
    "QuestionnaireAnswer",
    "QuestionnaireRequest",
    "ReadinessCheck",
    "SentReminder",
    "Session",
    "SessionExercise",
    "TimezoneChange",
    "UTCDateTime",
    "WebSession",
]
