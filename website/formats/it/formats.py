"""Italian dates as Italian writing has them: «6 ottobre 2025», not «06 ottobre 2025».

Only what differs from Django's Italian formats is here; the rest is Django's.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
