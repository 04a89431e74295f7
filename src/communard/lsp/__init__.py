"""`communard lsp`: a language server for story files (diagnostics, definitions, completion,
hover). `storyindex` knows the story; `server` speaks the protocol through pygls."""
