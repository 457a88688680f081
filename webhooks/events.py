"""The events an endpoint can subscribe to. The apps that cause them build their payloads; this
list only names them, so that staff can choose."""

EVENTS = {
    "session.published": "A session is published (announced to its learners and faculty)",
    "session.changed": "A published session changes (time, room, title, faculty) or is restored",
    "session.cancelled": "A session is cancelled",
    "enrollment.changed": "A learner is enrolled, withdrawn or re-enrolled",
    "report.ready": "A report (course evaluation, faculty feedback, evidence zip…) is ready",
}
#: Sent only by the "Send a test event" button; every endpoint receives it.
PING = "ping"
