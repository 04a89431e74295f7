"""The language server's protocol side: pygls in, StoryIndex answers out.

Every open story file is checked as it is typed: the whole story is checked
with the editor's unsaved texts (engine.check_story's `unsaved`), and each of
its files gets the problems that are in it (an empty list clears a file's old
ones). Definitions, completion and hover come from the story as it last loaded
without errors.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from .storyindex import Item, StoryIndex, find_root

_KINDS = {"scene": types.CompletionItemKind.Module, "note": types.CompletionItemKind.Reference,
          "codex": types.CompletionItemKind.Class, "source": types.CompletionItemKind.File,
          "variable": types.CompletionItemKind.Variable}


class StoryServer(LanguageServer):
    """A LanguageServer that keeps one StoryIndex per story folder it has seen."""

    def __init__(self) -> None:
        super().__init__("communard", __version__)
        self.indexes: dict[Path, StoryIndex] = {}
        self.published: dict[Path, set[str]] = {}  # root -> URIs with diagnostics shown

    def index_for(self, uri: str) -> tuple[StoryIndex, Path] | None:
        path = Path(to_fs_path(uri) or "")
        root = find_root(path)
        if root is None:
            return None
        root = root.resolve()
        index = self.indexes.get(root)
        if index is None:
            index = self.indexes[root] = StoryIndex(root)
        return index, path

    def unsaved(self, root: Path) -> dict[Path, str]:
        texts = {}
        for uri, document in self.workspace.text_documents.items():
            path = Path(to_fs_path(uri) or "").resolve()
            if path.is_relative_to(root):
                texts[path] = document.source
        return texts

    def check(self, uri: str) -> None:
        found = self.index_for(uri)
        if found is None:
            return
        index, _ = found
        unsaved = self.unsaved(index.root)
        by_file = index.check(unsaved)
        shown = set()
        for file in [*by_file, *(f for f in unsaved if f not in by_file)]:
            file_uri = from_fs_path(str(file)) or str(file)
            shown.add(file_uri)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=file_uri, diagnostics=[_diagnostic(p) for p in by_file.get(file, [])]))
        for old in self.published.get(index.root, set()) - shown:  # fixed since: clear them
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=old, diagnostics=[]))
        self.published[index.root] = shown


def _diagnostic(problem) -> types.Diagnostic:
    line, column = max(problem.line - 1, 0), max(problem.column - 1, 0)
    return types.Diagnostic(
        range=types.Range(start=types.Position(line=line, character=column),
                          end=types.Position(line=line, character=column + 1)),
        message=problem.message, code=problem.code, source="communard",
        severity=types.DiagnosticSeverity.Warning if problem.severity == "warning"
        else types.DiagnosticSeverity.Error)


def build_server() -> StoryServer:
    server = StoryServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: StoryServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: StoryServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: StoryServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: StoryServer, params: types.DefinitionParams) -> list[types.Location]:
        found = ls.index_for(params.text_document.uri)
        if found is None:
            return []
        index, path = found
        text = ls.workspace.get_text_document(params.text_document.uri).source
        spots = index.definition(path, text, params.position.line, params.position.character)
        return [types.Location(uri=from_fs_path(str(s.file)) or str(s.file), range=types.Range(
            start=types.Position(line=s.line, character=s.column),
            end=types.Position(line=s.line, character=s.column))) for s in spots]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: StoryServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.index_for(params.text_document.uri)
        if found is None:
            return None
        index, path = found
        text = ls.workspace.get_text_document(params.text_document.uri).source
        shown = index.hover(path, text, params.position.line, params.position.character)
        if shown is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=shown))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "'", "[", ","]))
    def completion(ls: StoryServer, params: types.CompletionParams) -> types.CompletionList:
        found = ls.index_for(params.text_document.uri)
        items: list[Item] = []
        if found is not None:
            index, path = found
            text = ls.workspace.get_text_document(params.text_document.uri).source
            items = index.completions(path, text, params.position.line,
                                      params.position.character)
        return types.CompletionList(is_incomplete=False, items=[
            types.CompletionItem(label=i.label, kind=_KINDS[i.kind], detail=i.detail)
            for i in items])

    return server
