"""Referrals in the desktop app: the record tab, the global page and their dialogs."""

from referral_desk.ui.referrals.page import ReferralsPage
from referral_desk.ui.referrals.tab import ReferralsTab

__all__ = ["ReferralsPage", "ReferralsTab"]
