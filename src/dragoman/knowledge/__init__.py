"""Coding knowledge as data: loading the files under `dragoman/data/` once, and the converters that build some of
them from the field's dictionaries.

Takes the data folder (and optional extra actor files); gives a frozen `tables.Knowledge`. `files` reads each file
format, `dictionaries` the converted fallbacks, `words` the TOML word lists; `convert_verbs`, `convert_actors` (with
`tabari`) and `convert_factbook` write the converted files (see CONVERTERS.md and docs/knowledge.md).
"""
