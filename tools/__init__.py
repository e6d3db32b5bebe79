"""Build-time tools: they write committed data, and never run when legweak starts."""
