"""The links of action-item rows (`planning/_action_row.html`), each URL reversed once per page."""

from rotation.links import row_url


def with_action_links(actions: list) -> list:
    """Gives each action item (an ActionItem or an OwnAction) its `meeting_url` and `done_url`."""
    meeting, done = row_url("planning:meeting"), row_url("planning:action_done")
    for action in actions:
        action.meeting_url = meeting(action.meeting_id)
        action.done_url = done(action.pk)
    return actions
