"""Start the Referral Desk desktop app (same as the ``referral-desk-gui`` script)."""

import sys

from referral_desk.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
