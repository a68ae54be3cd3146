"""The set-up wizard asks which services the organisation runs (MBE, JMD, other): several
may be ticked, at least one is required, and what is ticked is what the vault stores."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import casework, organisation
from referral_desk.ui.setup_wizard import SetupWizard

from .conftest import child, click, type_text


def test_wizard_stores_every_service_ticked_and_requires_one(qtbot, make_window, vault_dir):
    window = make_window()
    wizard = window.setup_wizard
    wizard.kdf = KdfParams.fast_for_tests()
    next_button = child(wizard, QPushButton, "next_button")
    type_text(child(wizard, QLineEdit, "org_name_edit"), "Caritas-Zentrum Ludwigshafen")
    mbe = child(wizard, QCheckBox, "service_mbe_check_box")
    jmd = child(wizard, QCheckBox, "service_jmd_check_box")
    assert mbe.isChecked() and not jmd.isChecked()  # the usual case needs no click

    # Nothing ticked: the step is refused and the error stands under the services.
    mbe.setChecked(False)
    click(qtbot, next_button)
    assert wizard.step == SetupWizard.STEP_ORGANISATION
    error = child(wizard, QLabel, "services_error_label")
    assert error.isVisible() and error.text()

    # MBE and JMD, with JMD the default for new records.
    jmd.setChecked(True)
    assert wizard.service_combo_box.currentData() == "jmd"  # the default follows what is ticked
    mbe.setChecked(True)
    click(qtbot, next_button)
    assert not error.isVisible()
    assert wizard.step == SetupWizard.STEP_LOGO
    wizard.back()
    window.resize(1366, 768)
    wizard.grab().save(str(vault_dir.parent / "wizard-services.png"))  # looked at; copied to docs/screenshots
    click(qtbot, next_button)
    click(qtbot, next_button)
    click(qtbot, next_button)
    assert wizard.step == SetupWizard.STEP_ADMIN
    type_text(child(wizard, QLineEdit, "admin_name_edit"), "e.demir")
    type_text(child(wizard, QLineEdit, "password_edit"), "Weinberg-Rhein-Brücke-7")
    type_text(child(wizard, QLineEdit, "password_repeat_edit"), "Weinberg-Rhein-Brücke-7")
    click(qtbot, next_button)
    qtbot.waitUntil(lambda: wizard.step == SetupWizard.STEP_RECOVERY, timeout=15_000)

    got: dict = {}
    window.db.call(organisation.get_organisation, on_success=lambda org: got.setdefault("org", org))
    qtbot.waitUntil(lambda: "org" in got)
    assert (got["org"].service, got["org"].services) == ("jmd", ["jmd", "mbe"])

    def services(ctx):
        with ctx.reading() as conn:
            return casework.organisation_services(conn)

    window.db.call(services, on_success=lambda s: got.setdefault("services", s))
    qtbot.waitUntil(lambda: "services" in got)
    assert got["services"] == ["jmd", "mbe"]


def test_wizard_default_service_must_be_one_ticked(qtbot, make_window):
    window = make_window()
    wizard = window.setup_wizard
    type_text(child(wizard, QLineEdit, "org_name_edit"), "AWO Ludwigshafen")
    wizard.service_combo_box.setCurrentIndex(wizard.service_combo_box.findData("other"))
    click(qtbot, child(wizard, QPushButton, "next_button"))
    assert wizard.step == SetupWizard.STEP_ORGANISATION
    assert child(wizard, QLabel, "service_error_label").isVisible()
    child(wizard, QCheckBox, "service_other_check_box").setChecked(True)
    click(qtbot, child(wizard, QPushButton, "next_button"))
    assert wizard.step == SetupWizard.STEP_LOGO
    assert wizard.organisation_fields()["services"] == ["mbe", "other"]
