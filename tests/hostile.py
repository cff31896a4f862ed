"""Hostile inputs every command that takes user text is run over."""

HOSTILE = [
    "Robert'); DROP TABLE claim;--",
    "' OR '1'='1",
    '"unbalanced quote',
    "NEAR(a b) AND OR NOT *",
    "multi-agent don't C++ a^b col:val",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "<script>alert(1)</script><b>bold</b>",
    "emoji 🙂 and RTL \u202e text",
    "tab\tand\nnewline",
    "x" * 50_000,
]

REFUSED = [
    ("nul\x00byte", "NUL"),
    ("bad \udcff surrogate", "UTF-8"),
    ("y" * 1_000_001, "limit"),
    ("   ", "empty"),
]
