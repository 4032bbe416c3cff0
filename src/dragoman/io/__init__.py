"""Input side: reading text, HTML and JSON Lines into `Article` records, and telling their language.

Takes paths and folders (or records); gives `records.Article` items or `records.InputError`s naming the record and
the reason. Nothing here parses language: it only decides what text reaches the coder.
"""
