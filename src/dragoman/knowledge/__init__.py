"""Coding knowledge as data: loading the files under `dragoman/data/` once, and the converters that build some of
them from the field's dictionaries.

Takes the data folder (and optional extra actor files); gives a frozen `tables.Knowledge`. `files` reads each file
format, `dictionaries` the converted fallbacks; `convert_verbs` and `convert_actors` (with `tabari`) write them
(see CONVERTERS.md and docs/knowledge.md).
"""
