"""Entry point of the bundled desktop app (PyInstaller); same as ``main.py``."""

import sys

from referral_desk.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
