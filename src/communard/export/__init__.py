"""Exports for teachers and authors: walkthroughs, transcripts, story maps, schemas.

Everything here is built on the engine's public objects (Story, Session) and
writes plain text formats; nothing here imports the Textual app.
"""
