"""Documents made from the history and the schedule: calendars, later charts and reports."""
