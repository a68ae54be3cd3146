"""Case work in the desktop app: the plan tab of the record (support plan and signposting),
the group sessions page and the reminders list after sign-in."""
