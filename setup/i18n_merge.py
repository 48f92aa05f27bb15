"""Merge an addon's .pot into one of its .po files, keeping known translations.

    python setup/i18n_merge.py ADDON/i18n/ADDON.pot ADDON/i18n/de.po

Entries of the .pot keep the translation the .po had for the same msgid (and
msgctxt); terms no longer in the .pot are dropped; new ones are left
untranslated and marked ``fuzzy``, so the completeness test names them until
a translator fills them in and removes the flag.

The file is written in the canonical format OCA's ``oca-checks-po
--enable=po-pretty-format`` checks: entries sorted by msgid, lines wrapped at
78 columns, and an empty msgstr where the translation is the msgid itself
(Odoo then shows the source term, which is the same text).
"""

import sys

import polib

FUZZY = "fuzzy"


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
        {
            key: value
            for key, value in old.metadata.items()
            if key in ("Language", "Plural-Forms", "Last-Translator", "Language-Team")
        }
    )
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid))
        if previous is None:
            entry.msgstr = ""
            entry.flags = [*entry.flags, FUZZY]
        elif previous.msgstr:
            entry.msgstr = previous.msgstr
            entry.flags = [flag for flag in previous.flags if flag != FUZZY]
        else:
            # Empty: either the same text as the source (not fuzzy) or
            # still to translate (fuzzy); keep it as it was.
            entry.flags = list(previous.flags)
        merged.append(entry)
    canonical(merged).save(po_path)
    return sum(1 for e in merged if FUZZY in e.flags)


def canonical(po):
    """``po`` in the format of OCA's po-pretty-format check."""
    po.sort(key=lambda entry: entry.msgid)
    for entry in po:
        if entry.msgstr == entry.msgid:
            entry.msgstr = ""
    return po


if __name__ == "__main__":
    untranslated = merge(sys.argv[1], sys.argv[2])
    print(f"{sys.argv[2]}: {untranslated} untranslated")
