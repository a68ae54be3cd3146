"""Searchable pickers for countries (nationalities, up to five) and languages.

Typing filters the catalogue by any part of the German name, ignoring case and accents
("turk" finds "Türkei"), or by the ISO code ("SY"). Enter or a click takes the entry.
The lists come from ``catalogues`` (CLDR names), so the picker can only produce codes the
services accept.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from referral_desk.core import catalogues
from referral_desk.ui.widgets import ui_lang

CodeRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2

MAX_NATIONALITIES = 5
SPECIAL_NATIONALITIES = tuple(catalogues.NATIONALITY_SPECIAL)  # ("stateless", "unknown")


def _fold(text: str) -> str:
    return catalogues.sort_key(text)[0]


def _catalogue_model(pairs: list[tuple[str, str]], parent) -> QStandardItemModel:
    model = QStandardItemModel(parent)
    for code, name in pairs:
        item = QStandardItem(name)
        item.setEditable(False)
        item.setData(code, CodeRole)
        # Matched with "contains": the name as written, folded, and the code.
        item.setData(f"{name.casefold()} {_fold(name)} {code.casefold()}", SearchRole)
        model.appendRow(item)
    return model


class _FoldedCompleter(QCompleter):
    """Matches on the folded search text but writes the plain name into the field."""

    def __init__(self, model: QStandardItemModel, parent) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(SearchRole)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        # Fold what was typed too, so "Turk" and "Türk" both hit "türkei turkei tr".
        return [_fold(path)]


def _resolve(model: QStandardItemModel, text: str) -> str | None:
    """The code a typed text stands for: an exact name or code, else the only match."""
    wanted = text.strip()
    if not wanted:
        return None
    folded = _fold(wanted)
    hits: list[str] = []
    for row in range(model.rowCount()):
        item = model.item(row)
        code = item.data(CodeRole)
        if _fold(item.text()) == folded or code.casefold() == wanted.casefold():
            return code
        if folded in item.data(SearchRole):
            hits.append(code)
    return hits[0] if len(hits) == 1 else None


class LanguagePicker(QLineEdit):
    """One language (ISO 639-1) or none."""

    valueChanged = Signal(object)  # noqa: N815 - Qt naming; code or None, after a change by the person

    def __init__(self, object_name: str = "preferred_language_picker", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setPlaceholderText(self.tr("Sprache suchen … (leer = keine Angabe)"))
        self.setClearButtonEnabled(True)
        lang = ui_lang()
        self._model = _catalogue_model(catalogues.languages_sorted(lang), self)
        self._names = {
            self._model.item(r).data(CodeRole): self._model.item(r).text() for r in range(self._model.rowCount())
        }
        self._completer = _FoldedCompleter(self._model, self)
        self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]  # overloaded signal; the stubs type it as one
        self.editingFinished.connect(self._commit_typed)
        self._value: str | None = None

    def value(self) -> str | None:
        return self._value

    def name(self, code: str) -> str:
        return self._names.get(code, code)

    def set_value(self, code: str | None) -> None:
        self._value = code if code in self._names else None
        self.setText(self._names.get(self._value, "") if self._value else "")

    def _activated(self, index: QModelIndex) -> None:
        self._take(index.data(CodeRole))

    def _commit_typed(self) -> None:
        text = self.text()
        if self._value and text == self._names[self._value]:
            return
        code = _resolve(self._model, text) if text.strip() else None
        if code is None and text.strip():
            # Not a language we know: go back to what was there rather than guess.
            self.setText(self._names.get(self._value, "") if self._value else "")
            return
        self._take(code)

    def _take(self, code: str | None) -> None:
        changed = code != self._value
        self._value = code
        self.setText(self._names[code] if code else "")
        if changed:
            self.valueChanged.emit(code)


class NationalityPicker(QWidget):
    """Up to five nationalities as removable chips, plus a search field to add one.

    "staatenlos" and "unbekannt" stand alone: choosing one replaces the others, choosing a
    country removes them. Backspace in the empty search field removes the last chip.
    """

    valueChanged = Signal(list)  # noqa: N815 - Qt naming

    def __init__(self, object_name: str = "nationalities_picker", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        lang = ui_lang()
        self._model = _catalogue_model(catalogues.countries_sorted(lang, include_special=True), self)
        self._names = {
            self._model.item(r).data(CodeRole): self._model.item(r).text() for r in range(self._model.rowCount())
        }
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("nationality_search_edit")
        self.search_edit.setPlaceholderText(self.tr("Land suchen und Enter drücken"))
        self.search_edit.setToolTip(
            self.tr(
                "Bis zu %1 Staatsangehörigkeiten; auch „staatenlos“ oder „unbekannt“. "
                "Die Rücktaste im leeren Feld entfernt die letzte."
            ).replace("%1", str(MAX_NATIONALITIES))
        )
        self._completer = _FoldedCompleter(self._model, self.search_edit)
        self.search_edit.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(  # type: ignore[index]  # overloaded signal; the stubs type it as one
            lambda i: self._add(i.data(CodeRole))
        )
        self.search_edit.returnPressed.connect(self._add_typed)
        self.search_edit.installEventFilter(self)
        # Chips go on their own row under the search field, so five long country names
        # do not push the whole form wider.
        self._chip_row = QWidget(self)
        probe = QToolButton()  # unparented: only measures a chip's height
        probe.setText("X  ✕")
        self._chip_row.setFixedHeight(probe.sizeHint().height())  # see _rebuild
        probe.deleteLater()
        self._chips = QHBoxLayout(self._chip_row)
        self._chips.setSpacing(4)
        self._chips.setContentsMargins(0, 0, 0, 0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.search_edit)
        lay.addWidget(self._chip_row)
        self.setFocusProxy(self.search_edit)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._value: list[str] = []

    def value(self) -> list[str]:
        return list(self._value)

    def set_value(self, codes: list[str]) -> None:
        self._value = [c for c in codes if c in self._names][:MAX_NATIONALITIES]
        self._rebuild()

    def name(self, code: str) -> str:
        return self._names.get(code, code)

    # --- editing ------------------------------------------------------------------------

    def _add_typed(self) -> None:
        popup = self._completer.popup()
        assert popup is not None  # a QCompleter always has its popup
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer takes Enter for the highlighted entry itself
        popup.hide()
        code = _resolve(self._model, self.search_edit.text())
        if code:
            self._add(code)

    def _add(self, code: str | None) -> None:
        if not code:
            return
        if code in SPECIAL_NATIONALITIES:
            new = [code]
        elif code in self._value:
            new = self._value
        else:
            new = [c for c in self._value if c not in SPECIAL_NATIONALITIES] + [code]
        new = new[:MAX_NATIONALITIES]
        # The completer writes the chosen name into the field after this slot; clear later.
        QTimer.singleShot(0, self.search_edit.clear)
        self._set_by_user(new)

    def remove(self, code: str) -> None:
        self._set_by_user([c for c in self._value if c != code])

    def _set_by_user(self, new: list[str]) -> None:
        if new != self._value:
            self._value = list(new)
            self._rebuild()
            self.valueChanged.emit(self.value())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if (
            obj is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Backspace
            and not self.search_edit.text()
            and self._value
        ):
            self.remove(self._value[-1])
            return True
        return super().eventFilter(obj, event)

    def _rebuild(self) -> None:
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        # The chip row keeps its height even when empty (fixed in __init__): adding the first
        # nationality must not move the form under the mouse (misclicks, issue 16).
        for code in self._value:
            chip = QToolButton(self)
            chip.setObjectName(f"nationality_chip_{code}")
            chip.setText(f"{self._names.get(code, code)}  ✕")
            chip.setToolTip(self.tr("%1 entfernen").replace("%1", self._names.get(code, code)))
            chip.setAutoRaise(False)
            # Not in the Tab chain (chips come and go); Backspace in the search field removes.
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.clicked.connect(lambda _=False, c=code: self.remove(c))
            self._chips.addWidget(chip)
        self._chips.addStretch(1)
        full = len(self._value) >= MAX_NATIONALITIES
        self.search_edit.setEnabled(not full)
        self.search_edit.setPlaceholderText(
            self.tr("Höchstens %1 Einträge").replace("%1", str(MAX_NATIONALITIES))
            if full
            else self.tr("Land suchen und Enter drücken")
            if self._value
            else self.tr("Land suchen und Enter drücken (leer = unbekannt)")
        )
