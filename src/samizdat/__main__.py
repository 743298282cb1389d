from samizdat.cli import main

raise SystemExit(main())
