"""Entry point of the bundled command line (PyInstaller); same as the ``referral-desk`` script."""

import sys

from referral_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
