"""The pure engine: posterior, triage, next question, explanations. No I/O."""
