from legweak.cli import main

raise SystemExit(main())
