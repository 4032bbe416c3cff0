"""The event coder: who did what to whom in each sentence of a parsed `Doc`.

Takes a spaCy `Doc` and the loaded `Knowledge`; gives actors (`actors`), the parties of each clause (`parties`,
`clauses`), and PLOVER `records.Event`s matched by verb patterns (`patterns`, `registry`, `events`). Names and the
story's setting (`names`, `setting`) help decide which country an actor acts for.
"""
