import sys

from picoclinic.cli import main

sys.exit(main())
