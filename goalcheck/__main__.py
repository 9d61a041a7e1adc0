from goalcheck.cli import main

main()
