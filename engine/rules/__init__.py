"""Rules the engine enforces on user tasks, named by the tasks' extension properties.

- `fourEyes` (four_eyes.py): the person who completed a listed task may not claim, be given or complete
  this one (a text is never approved by the person who drafted it).
- `completionCheck` (checks.py): a named check of the submitted data that a form cannot express, run
  against the engine clock before the task completes (press credentials).
- `tally` / `tallyAgency` (tally.py): forwards, declines and escalations counted per agency.
"""
