"""Every user-facing term is in the committed .pot and translated into German."""

import os
import re

import polib
import pytest

from conftest import OUR_ADDONS

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")


def terms(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


@pytest.mark.parametrize("addon", OUR_ADDONS)
def test_pot_is_up_to_date(odoo, addon, tmp_path):
    exported = tmp_path / f"{addon}.pot"
    code, log = odoo.run(
        "-d", odoo.db, f"--i18n-export={exported}", f"--modules={addon}", "--no-http"
    )
    assert code == 0, log[-3000:]
    committed = polib.pofile(os.path.join(REPO, addon, "i18n", f"{addon}.pot"))
    fresh = polib.pofile(str(exported))
    missing = sorted(msgid for _ctx, msgid in terms(fresh) - terms(committed))
    stale = sorted(msgid for _ctx, msgid in terms(committed) - terms(fresh))
    assert not missing and not stale, (
        f"{addon}.pot is out of date (run setup/i18n-export): "
        f"missing {missing}, no longer used {stale}"
    )


@pytest.mark.parametrize("addon", OUR_ADDONS)
def test_german_translation_is_complete(addon):
    i18n = os.path.join(REPO, addon, "i18n")
    pot = polib.pofile(os.path.join(i18n, f"{addon}.pot"))
    german = polib.pofile(os.path.join(i18n, "de.po"))
    assert german.metadata.get("Language") == "de"
    # An empty msgstr that is not fuzzy is German that reads as the source
    # ("Name", "Status"): the canonical .po format (OCA's po-pretty-format,
    # tests/test_lint.py) leaves it empty. setup/i18n_merge.py marks the
    # terms still to translate as fuzzy.
    translated = {
        (entry.msgctxt, entry.msgid): entry
        for entry in german
        if not entry.obsolete and "fuzzy" not in entry.flags
    }
    untranslated = sorted(msgid for ctx, msgid in terms(pot) if (ctx, msgid) not in translated)
    assert not untranslated, f"{addon}/i18n/de.po lacks: {untranslated}"
    for entry in translated.values():
        if not entry.msgstr:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), f"placeholders differ in {entry.msgid!r} -> {entry.msgstr!r}"
