"""Merge an addon's .pot into one of its .po files, keeping known translations.

    python setup/i18n_merge.py ADDON/i18n/ADDON.pot ADDON/i18n/de.po

Entries of the .pot keep the translation the .po had for the same msgid (and
msgctxt); terms no longer in the .pot are dropped; new ones are left
untranslated, so the completeness test names them.
"""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = polib.pofile(po_path)
    except OSError:
        old = polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = dict(pot.metadata)
    merged.metadata.update(
        {key: value for key, value in old.metadata.items() if key in ("Language", "Plural-Forms", "Last-Translator", "Language-Team")}
    )
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid))
        if previous:
            entry.msgstr = previous.msgstr
            entry.flags = [flag for flag in previous.flags if flag != "fuzzy"] if previous.msgstr else entry.flags
        merged.append(entry)
    merged.save(po_path)
    return sum(1 for e in merged if not e.msgstr)


if __name__ == "__main__":
    untranslated = merge(sys.argv[1], sys.argv[2])
    print(f"{sys.argv[2]}: {untranslated} untranslated")
